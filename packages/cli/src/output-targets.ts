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

/**
 * The output file of every input under `--output-dir` (no two inputs may share one), and the
 * guard against an output that is an input.
 * @throws UsageError
 */
export function planOutputDir(outputDir: string, inputs: readonly InputFile[], format: string): { plan: Map<InputFile, string>; guard: OutputGuard } {
  const plan = new Map<InputFile, string>();
  const byTarget = new Map<string, InputFile>();
  for (const input of inputs) {
    if (input.unlisted) continue;
    const path = outputPathOf(outputDir, input, format);
    const other = byTarget.get(resolve(path));
    if (other) {
      throw new UsageError(
        `Invalid value for '--output-dir': '${other.path}' and '${input.path}' would both be written to '${path}'; convert them into separate output directories.`,
        "convert",
      );
    }
    byTarget.set(resolve(path), input);
    plan.set(input, path);
  }
  const guard = new OutputGuard();
  if (existsSync(outputDir)) {
    for (const [source, path] of plan) {
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
  return { plan, guard };
}
