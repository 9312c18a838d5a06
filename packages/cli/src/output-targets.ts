/**
 * Where a run writes, decided and checked before any input is read: an output that is also an
 * input, or two inputs that would be written to one output file, is a usage error, so no run can
 * overwrite the rules it reads or silently lose one file's output to another's.
 */
import { existsSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";
import type { InputFile } from "./inputs.js";

/** File extension per output format for `--output-dir`. */
const EXTENSIONS: Readonly<Record<string, string>> = { default: ".logql", ruler: ".yml", grafana_alerting: ".yml" };

/** The output file of an input under `--output-dir`: same relative path, extension by format. */
export function outputPathOf(outputDir: string, input: InputFile, format: string): string {
  const rel = input.relative;
  return join(outputDir, rel.slice(0, rel.length - extname(rel).length) + (EXTENSIONS[format] ?? ".txt"));
}

/** `dev:ino` of an existing path (symbolic links followed), undefined when there is none. */
function identityKey(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/** The inputs that are files, by identity (stat'ed only when an output already exists). */
function inputsByIdentity(inputs: readonly InputFile[]): Map<string, InputFile> {
  const out = new Map<string, InputFile>();
  for (const input of inputs) {
    if (input.stdin || input.unlisted) continue;
    const key = identityKey(input.path);
    if (key !== undefined && !out.has(key)) out.set(key, input);
  }
  return out;
}

/**
 * Checks the `-o` file (`-` is stdout): it must not be one of the inputs.
 * @throws UsageError
 */
export function checkOutputFile(output: string, inputs: readonly InputFile[]): void {
  if (output === "-") return;
  const key = identityKey(output);
  if (key === undefined) return;
  const input = inputsByIdentity(inputs).get(key);
  if (input) {
    throw new UsageError(`Invalid value for '--output' / '-o': '${output}' is also an input ('${input.path}'); write to another file.`, "convert");
  }
}

/**
 * The output file of every input under `--output-dir`, checked: no two inputs share one, and no
 * output is one of the inputs.
 * @throws UsageError
 */
export function planOutputDir(outputDir: string, inputs: readonly InputFile[], format: string): Map<InputFile, string> {
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
  if (!existsSync(outputDir)) return plan;
  let identities: Map<string, InputFile> | undefined;
  for (const [input, path] of plan) {
    const key = identityKey(path);
    if (key === undefined) continue;
    identities ??= inputsByIdentity(inputs);
    const overwritten = identities.get(key);
    if (overwritten) {
      throw new UsageError(
        `Invalid value for '--output-dir': the output of '${input.path}' would overwrite the input '${overwritten.path}'; choose another output directory.`,
        "convert",
      );
    }
  }
  return plan;
}
