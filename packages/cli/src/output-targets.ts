/**
 * Where a run writes, decided before any input is read, and checked so that no run overwrites
 * the rules it reads or silently loses one file's output to another's: two inputs with one
 * output file are a usage error at once; an output that already exists is remembered by identity
 * (device and inode, links followed), and an input found to be one of them when it is read is a
 * usage error too, before anything is written (output is written at the end of the run).
 */
import { existsSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";
import type { FileIdentity, InputFile } from "./inputs.js";

/** File extension per output format for `--output-dir`. */
const EXTENSIONS: Readonly<Record<string, string>> = { default: ".logql", ruler: ".yml", grafana_alerting: ".yml" };

/** The output file of an input under `--output-dir`: same relative path, extension by format. */
export function outputPathOf(outputDir: string, input: InputFile, format: string): string {
  const rel = input.relative;
  return join(outputDir, rel.slice(0, rel.length - extname(rel).length) + (EXTENSIONS[format] ?? ".txt"));
}

/** `dev:ino` of a file. */
function fileKey(identity: Pick<FileIdentity, "dev" | "ino">): string {
  return `${identity.dev}:${identity.ino}`;
}

/** The existing output files, by identity, with the usage error an input that is one of them gets. */
export class OutputGuard {
  readonly #existing = new Map<string, (input: InputFile) => UsageError>();

  /** Remembers `path` if it exists (a new file cannot be an input). */
  add(path: string, refusal: (input: InputFile) => UsageError): void {
    try {
      this.#existing.set(fileKey(statSync(path)), refusal);
    } catch {
      // does not exist (yet)
    }
  }

  /**
   * Checks an input as it is read (its identity comes from that read).
   * @throws UsageError when the input is one of the outputs
   */
  check(input: InputFile, identity: FileIdentity | undefined): void {
    const refusal = identity && this.#existing.get(fileKey(identity));
    if (refusal) throw refusal(input);
  }
}

/** The guard for the `-o` file (`-` is stdout). */
export function outputFileGuard(output: string): OutputGuard {
  const guard = new OutputGuard();
  if (output !== "-") {
    guard.add(
      output,
      (input) => new UsageError(`Invalid value for '--output' / '-o': '${output}' is also an input ('${input.path}'); write to another file.`, "convert"),
    );
  }
  return guard;
}

/** Where `--output-dir` writes: the output file of each file, and the `--filter` files that have none. */
export interface OutputDirPlan {
  readonly paths: ReadonlyMap<InputFile, string>;
  /** A `--filter` file whose output file is an input's, with the error to report should it hold rules. */
  readonly clashes: ReadonlyMap<InputFile, string>;
}

/**
 * The output file of every input under `--output-dir` (no two inputs may share one), and the
 * guard against an output that is an input. A `--filter` file may hold rules too: it gets the
 * output file that would be its own when no input has it (it is only written if it holds rules).
 * @throws UsageError
 */
export function planOutputDir(
  outputDir: string,
  inputs: readonly InputFile[],
  filters: readonly InputFile[],
  format: string,
): { plan: OutputDirPlan; guard: OutputGuard } {
  const paths = new Map<InputFile, string>();
  const byTarget = new Map<string, InputFile>();
  const clashes = new Map<InputFile, string>();
  for (const [file, isFilter] of [...inputs.map((f) => [f, false] as const), ...filters.map((f) => [f, true] as const)]) {
    if (file.unlisted) continue;
    const path = outputPathOf(outputDir, file, format);
    const other = byTarget.get(resolve(path));
    if (other && isFilter) {
      clashes.set(file, `'${file.path}' (--filter) holds rules, but its output file '${path}' is that of '${other.path}'; convert its rules into a separate output directory.`);
      continue;
    }
    if (other) {
      throw new UsageError(
        `Invalid value for '--output-dir': '${other.path}' and '${file.path}' would both be written to '${path}'; convert them into separate output directories.`,
        "convert",
      );
    }
    byTarget.set(resolve(path), file);
    paths.set(file, path);
  }
  const guard = new OutputGuard();
  if (existsSync(outputDir)) {
    for (const [source, path] of paths) {
      guard.add(
        path,
        (input) =>
          new UsageError(
            `Invalid value for '--output-dir': the output of '${source.path}' would overwrite the input '${input.path}'; choose another output directory.`,
            "convert",
          ),
      );
    }
  }
  return { plan: { paths, clashes }, guard };
}
