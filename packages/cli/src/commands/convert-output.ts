/**
 * The end of `sigma convert`: the report on stderr (errors that stopped rules from being read or
 * linked, then conversion errors and warnings), the output (stdout or `-o`, one JSON object per
 * file with `--json`, one file per input with `--output-dir`), the "Ignored errors" footer of
 * `-s`, and the exit code.
 */
import type { ConversionSession, SigmaError } from "../engine.js";
import { CommandError, UsageError } from "../errors.js";
import { describeError, describeWarning, errorLine, visible, warningLine } from "../error-text.js";
import type { OutputDirPlan } from "../output-targets.js";
import { serialise } from "../output.js";
import { writeOutput, writeOutputFile } from "../write-file.js";
import type { ConvertArgs } from "./convert.js";
import type { RunFile, RunResult, RunRule } from "./convert-run.js";

/** What writing the results needs besides them. */
export interface OutputSettings {
  readonly args: ConvertArgs;
  readonly session: ConversionSession;
  readonly encode: (text: string) => Uint8Array;
  readonly indent: number | undefined;
  /** The output file of each file under `--output-dir`. */
  readonly plan: OutputDirPlan | undefined;
}

/** Prints the report, writes the output and returns the exit code (throws the failure footer). */
export async function writeResults(result: RunResult, out: OutputSettings): Promise<number> {
  const { args } = out;
  const lines: string[] = [];
  let failures = 0;
  // Errors of reading and linking always fail the run, whatever -s says.
  for (const file of result.files) {
    for (const error of file.loadErrors) lines.push(errorLine(error, file.input.path));
    failures += file.loadErrors.length;
  }
  for (const file of result.files) {
    for (const entry of file.entries) {
      for (const error of entry.linkErrors) lines.push(errorLine(error, file.input.path));
      failures += entry.linkErrors.length;
    }
  }
  const ignored: string[] = [];
  for (const entry of result.order) {
    for (const warning of entry.warnings) lines.push(warningLine(warning, entry.file.input.path));
    for (const error of entry.errors) {
      if (args.skipUnsupported) ignored.push(errorLine(error, entry.file.input.path));
      else lines.push(errorLine(error, entry.file.input.path));
    }
    if (!args.skipUnsupported) failures += entry.errors.length;
  }
  for (const line of lines) process.stderr.write(line + "\n");

  let unwritten = 0;
  if (args.json) await writeJson(result, out);
  else if (out.plan) unwritten = await writeOutputDir(result, out, out.plan);
  else await writePlain(emitted(result.order), out);

  if (ignored.length > 0) process.stderr.write(`\nIgnored errors:\n${ignored.join("\n")}\n`);
  return finish(failures + unwritten, unwritten);
}

/** The rules whose queries are output (converted, and not only referenced by a correlation). */
function emitted(order: readonly RunRule[]): RunRule[] {
  return order.filter((e) => !e.referencedOnly && e.converted && e.errors.length === 0);
}

/** Plain output to stdout or (atomically) to the `-o` file. */
async function writePlain(rules: readonly RunRule[], out: OutputSettings): Promise<void> {
  // What the backend returns (checked when serialised).
  const output: unknown = out.session.finalize(rules);
  if (output instanceof Uint8Array && out.args.output === "-" && process.stdout.isTTY) {
    throw new UsageError("Backend returns binary output. Please provide output file with --output/-o.", "convert");
  }
  await writeOutput(out.args.output, serialise(output, out.encode, out.indent));
}

/** The output rules of each file, in output order. */
function byFile(result: RunResult): Map<RunFile, RunRule[]> {
  const map = new Map<RunFile, RunRule[]>(result.files.map((f) => [f, []]));
  for (const entry of emitted(result.order)) map.get(entry.file)?.push(entry);
  return map;
}

/** `--json`: one object per file: its queries, and every error and warning of its rules. */
async function writeJson(result: RunResult, out: OutputSettings): Promise<void> {
  const records: string[] = [];
  const rules = byFile(result);
  const conversion = new Map<RunFile, RunRule[]>(result.files.map((f) => [f, []]));
  for (const entry of result.order) conversion.get(entry.file)?.push(entry);
  for (const file of result.files) {
    // A --filter file that only holds filters is no input of its own.
    if (file.isFilter && file.entries.length === 0 && file.loadErrors.length === 0) continue;
    const own = rules.get(file) ?? [];
    const converted = conversion.get(file) ?? [];
    const errors: SigmaError[] = [
      ...file.loadErrors,
      ...file.entries.flatMap((e) => e.linkErrors),
      ...converted.flatMap((e) => e.errors),
    ];
    const queries =
      out.args.format === "default"
        ? own.flatMap((e) => [...e.queries])
        : own.length > 0
          ? [out.session.finalize(own)]
          : [];
    records.push(
      JSON.stringify({
        path: file.input.path,
        queries,
        errors: errors.map(describeError),
        warnings: converted.flatMap((e) => e.warnings).map(describeWarning),
      }),
    );
  }
  await writeOutput(out.args.output, records.length > 0 ? Buffer.from(records.join("\n") + "\n") : new Uint8Array());
}

/**
 * `--output-dir`: one file per input file that has queries. A file that cannot be written is
 * reported and the others are still written; returns how many failed.
 */
async function writeOutputDir(result: RunResult, out: OutputSettings, plan: OutputDirPlan): Promise<number> {
  let failed = 0;
  for (const [file, rules] of byFile(result)) {
    if (rules.length === 0) continue;
    const path = plan.paths.get(file.input);
    if (path === undefined) {
      const clash = plan.clashes.get(file.input);
      if (clash !== undefined) {
        process.stderr.write(`${visible(clash)}\n`);
        failed++;
      }
      continue;
    }
    try {
      await writeOutputFile(path, serialise(out.session.finalize(rules), out.encode, out.indent), { createDirs: true });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      process.stderr.write(`${visible(err.message)}\n`);
      failed++;
    }
  }
  return failed;
}

function finish(failures: number, unwritten: number): number {
  if (failures === 0) return 0;
  const found = `${failures} error${failures === 1 ? "" : "s"} found (see above)`;
  throw new CommandError(
    unwritten > 0
      ? `${found}; ${unwritten} output file${unwritten === 1 ? "" : "s"} could not be written, the others were.`
      : `${found}; the queries of all other rules were written.`,
  );
}
