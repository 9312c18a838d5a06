/**
 * `sigma convert`: the steps of sigma-cli's convert command in its order (usage checks, pipeline
 * resolution, backend set-up, format and correlation checks, loading, conversion, output, footer),
 * except that one broken file never aborts the run: its errors are reported as
 * `path:line:column: message` and the other files are still converted.
 */
import { stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { aggregateOptions, splitKeyValue } from "../backend-options.js";
import type { KeyValue } from "../backend-options.js";
import { CommandError, UsageError } from "../errors.js";
import { PipelineResolutionError, loadEngine } from "../engine.js";
import type { AnyBackend, ConversionSession, Engine, RuleConversionResult, SigmaError, TargetInfo } from "../engine.js";
import { describeError, errorLine, setVerbose } from "../error-text.js";
import { encoder, serialise, writeAtomic } from "../output.js";
import type { BackendResult } from "../output.js";
import { hint, writeStdout } from "../terminal.js";
import { loadInputs } from "../load.js";
import { streamConvert } from "./convert-stream.js";
import type { Streamed } from "./convert-stream.js";
import { parseLimits } from "../limits.js";
import type { LoadedFile } from "../load.js";

/** Parsed command-line options of `sigma convert`. */
export interface ConvertArgs {
  inputs: string[];
  target?: string;
  pipeline?: string[];
  withoutPipeline?: boolean;
  pipelineCheck: boolean;
  format: string;
  correlationMethod?: string;
  filter?: string[];
  filePattern: string;
  skipUnsupported: boolean;
  output: string;
  outputDir?: string;
  json?: boolean;
  encoding: string;
  jsonIndent?: string;
  backendOption?: string[];
  allowExternalSources?: boolean;
  enableTemplateVars?: boolean;
  templateVarsPath?: string[];
  plugin?: string[];
  limit?: string[];
  verbose?: boolean;
}

/** File extension per output format for `--output-dir`. */
const EXTENSIONS: Record<string, string> = { default: ".logql", ruler: ".yml", grafana_alerting: ".yml" };

function choiceError(value: string, choices: readonly string[]): string {
  return choices.length === 1
    ? `'${value}' is not '${choices[0]}'.`
    : `'${value}' is not one of ${choices.map((c) => `'${c}'`).join(", ")}.`;
}

async function exists(path: string): Promise<boolean> {
  return path === "-" || (await stat(path).then(() => true, () => false));
}

/** Step 0: what click checks while parsing. */
async function checkUsage(args: ConvertArgs, engine: Engine): Promise<{ target: TargetInfo; pairs: KeyValue[]; indent?: number }> {
  const ids = engine.targets.map((t) => t.id);
  if (args.target === undefined) {
    throw new UsageError(`Missing option '--target' / '-t'. Choose from:\n${ids.map((i) => `\t${i}`).join("\n")}`, "convert");
  }
  const target = engine.targets.find((t) => t.id === args.target);
  if (!target) {
    throw new UsageError(
      `Invalid value for '--target' / '-t': ${choiceError(args.target, ids)} - run ${hint(process.stderr, "sigma list targets")} for a list of available targets.`,
      "convert",
    );
  }
  let indent: number | undefined;
  if (args.jsonIndent !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(args.jsonIndent)) {
      throw new UsageError(`Invalid value for '--json-indent' / '-j': '${args.jsonIndent}' is not a valid integer.`, "convert");
    }
    indent = Number(args.jsonIndent);
  }
  const pairs: KeyValue[] = [];
  for (const raw of args.backendOption ?? []) {
    const kv = splitKeyValue(raw);
    if (!kv) throw new UsageError(`Invalid value for '--backend-option' / '-O': Value '${raw}' has not format key=value`, "convert");
    pairs.push(kv);
  }
  for (const f of args.filter ?? []) {
    if (!(await exists(f))) throw new UsageError(`Invalid value for '--filter': Path '${f}' does not exist.`, "convert");
  }
  for (const f of args.templateVarsPath ?? []) {
    if (!(await exists(f))) throw new UsageError(`Invalid value for '--template-vars-path': Path '${f}' does not exist.`, "convert");
  }
  if (args.inputs.length === 0) throw new UsageError("Missing argument 'INPUT...'.", "convert");
  for (const input of args.inputs) {
    if (!(await exists(input))) throw new UsageError(`Invalid value for 'INPUT...': Path '${input}' does not exist.`, "convert");
  }
  if (args.outputDir !== undefined && args.output !== "-") {
    throw new UsageError("--output and --output-dir cannot be used together.", "convert");
  }
  if (args.outputDir !== undefined && args.json) {
    throw new UsageError("--json and --output-dir cannot be used together.", "convert");
  }
  return indent === undefined ? { target, pairs } : { target, pairs, indent };
}

/** Steps 1–7: pipelines, backend, options, format, correlation method. */
async function setUp(args: ConvertArgs, engine: Engine, target: TargetInfo, pairs: KeyValue[]) {
  const t = target.id;
  if (target.requiresPipeline && (args.pipeline ?? []).length === 0 && !args.withoutPipeline) {
    throw new UsageError(
      "\nProcessing pipeline required by backend! Define a custom pipeline or choose a predefined one.\n\n" +
        `Get all available pipelines for ${t} with:\n${hint(process.stderr, `sigma list pipelines ${t}`)}\n\n` +
        "If you never heard about processing pipelines you should get familiar with them\n" +
        "(https://sigmahq-pysigma.readthedocs.io/en/latest/Processing_Pipelines.html).\n" +
        "If you know what you're doing add --without-pipeline to your command line to suppress this error.\n",
      "convert",
    );
  }
  const { options, errors } = aggregateOptions(pairs, (key) => target.optionTypes[key]);
  let pipelines;
  try {
    pipelines = await engine.resolvePipelines(args.pipeline ?? [], args.pipelineCheck ? t : undefined);
  } catch (err) {
    if (!(err instanceof PipelineResolutionError)) throw err;
    const e = process.stderr;
    if (err.kind === "not-found") {
      throw new UsageError(
        `The pipeline '${err.spec}' was not found.\n` +
          `List all installed processing pipelines with: ${hint(e, `sigma list pipelines ${t}`)}\n` +
          `List pipeline plugins for installation with: ${hint(e, "sigma list pipelines")}\n` +
          "Pipelines not listed here are treated as file names.",
        "convert",
      );
    }
    throw new UsageError(
      `\nThe pipeline '${err.spec}' is not intended to be used with the target ${t}.\n` +
        `You can list all pipelines that are intended to be used with this target with ${hint(e, `sigma list pipelines ${t}`)}.\n` +
        "If you know what you're doing and want to use this pipeline(s) in this conversion, disable this\n" +
        "check with --disable-pipeline-check.\n",
      "convert",
    );
  }
  for (const key of options.keys()) {
    if (!Object.prototype.hasOwnProperty.call(target.optionTypes, key)) {
      throw new UsageError(`Invalid value for backend_option: Parameter '${key}' is not supported by backend '${t}'.`, "convert");
    }
  }
  if (errors.length > 0) throw new UsageError(`Invalid value for backend_option: ${errors[0]}`, "convert");
  for (const [key, value] of options) {
    if (Array.isArray(value)) {
      throw new UsageError(`Invalid value for backend_option: Parameter '${key}' was given ${value.length} times; give it once.`, "convert");
    }
  }
  const backend = engine.createBackend(t);
  if (!Object.prototype.hasOwnProperty.call(target.formats, args.format)) {
    throw new UsageError(
      `Invalid value for format: Output format '${args.format}' is not supported by backend '${t}'. Run ${hint(process.stderr, `sigma list formats ${t}`)} to list all available formats of the target.`,
      "convert",
    );
  }
  if (args.correlationMethod !== undefined) {
    const methods = Object.keys(target.correlationMethods);
    if (methods.length === 0) {
      throw new UsageError(
        `Invalid value for correlation_method: Backend '${t}' does not support correlations but correlation method was provided on command line.`,
        "convert",
      );
    }
    if (!methods.includes(args.correlationMethod)) {
      throw new UsageError(
        `Invalid value for correlation_method: Correlation method '${args.correlationMethod}' is not supported by backend '${t}'. Run ${hint(process.stderr, `sigma list correlation-methods ${t}`)} to list all available correlation methods of the target.`,
        "convert",
      );
    }
  }
  const settings = {
    format: args.format,
    correlationMethod: args.correlationMethod,
    pipelines,
    options: Object.fromEntries(options),
  };
  return { backend, settings };
}

/** A problem that makes the run fail (exit 1) without stopping it. */
interface Reported {
  readonly error: SigmaError;
  readonly fallbackPath: string;
}

/** Steps 0–7: the engine, checked arguments and a first conversion session (also run by workers). */
export async function prepareConversion(args: ConvertArgs) {
  setVerbose(args.verbose === true);
  const engine = await loadEngine(args.plugin ?? [], { allowExternalSources: args.allowExternalSources === true });
  const { target, pairs, indent } = await checkUsage(args, engine);
  const limits = parseLimits(args.limit, engine.yamlLimits, "convert");
  const { backend, settings } = await setUp(args, engine, target, pairs);
  const start = (): ConversionSession => {
    try {
      return engine.startConversion(backend, settings);
    } catch (err) {
      throw new UsageError(`Invalid value for backend_option: ${(err as Error).message}`, "convert");
    }
  };
  // Step 5: option values and the merged pipeline are checked before any rule is read.
  const session = start();
  return { engine, limits, indent, start, session };
}

/** Runs `sigma convert`; returns the exit code. */
export async function runConvert(args: ConvertArgs): Promise<number> {
  const { engine, limits, indent, start, session } = await prepareConversion(args);
  const encode = encoder(args.encoding);

  // Correlations and filters act across files; without them each file is converted right after
  // it is parsed and then dropped (memory bounded by the output, not the input).
  let quietArgs = 0;
  if (!args.json && args.outputDir === undefined && (args.filter ?? []).length === 0 && !args.inputs.includes("-")) {
    const streamed = await streamConvert(args, engine, session, limits);
    if (!("restartAt" in streamed)) return writeStreamed(args, session, streamed, encode, indent);
    quietArgs = streamed.restartAt;
  }

  // Step 8: load every input, then every filter; each file on its own so one bad file stays local.
  const files = await loadInputs(engine, [...args.inputs, ...(args.filter ?? [])], args.filePattern, limits, quietArgs);
  const failures: Reported[] = [];
  for (const file of files) for (const error of file.parsed.errors) failures.push({ error, fallbackPath: file.input.path });
  // Step 9, changed: rule errors are reported, the rest is converted.
  for (const f of failures) process.stderr.write(errorLine(f.error, f.fallbackPath) + "\n");

  if (args.json || args.outputDir !== undefined) {
    return perFile(args, engine, files, start, encode, indent, failures.length);
  }

  // Steps 10–11: one collection, one run, one output.
  const collection = engine.buildCollection(files.map((f) => f.parsed.collection));
  for (const error of collection.errors) {
    failures.push({ error, fallbackPath: "" });
    process.stderr.write(errorLine(error, "") + "\n");
  }
  const results: RuleConversionResult[] = [];
  const ignored: RuleConversionResult[] = [];
  const unsupported: Reported[] = [];
  // a streamed attempt that stopped at a correlation or filter leaves its session behind
  const run = quietArgs > 0 ? start() : session;
  for (const result of run.convertEach(collection.rules)) {
    results.push(result);
    if (result.errors.length === 0) continue;
    if (args.skipUnsupported) ignored.push(result);
    else for (const error of result.errors) unsupported.push({ error, fallbackPath: result.rule.source?.path ?? "" });
  }
  for (const f of unsupported) process.stderr.write(errorLine(f.error, f.fallbackPath) + "\n");
  failures.push(...unsupported);

  await writeOutput(args, run.finalize(results.filter((r) => r.errors.length === 0)) as BackendResult, encode, indent);
  printIgnored(ignored);
  return finish(failures.length);
}

/** Prints and writes what a streamed run kept, in the collecting run's order. */
async function writeStreamed(
  args: ConvertArgs,
  session: ConversionSession,
  s: Streamed,
  encode: (text: string) => Uint8Array,
  indent: number | undefined,
): Promise<number> {
  for (const line of s.loadLines) process.stderr.write(line + "\n");
  for (const line of s.unsupportedLines) process.stderr.write(line + "\n");
  // finalize reads only the queries of the results it is given
  const all = { queries: s.queries, errors: [], referencedOnly: false } as unknown as RuleConversionResult;
  await writeOutput(args, session.finalize([all]) as BackendResult, encode, indent);
  if (s.ignoredLines.length > 0) {
    process.stderr.write("\nIgnored errors:\n");
    for (const line of s.ignoredLines) process.stderr.write(line + "\n");
  }
  return finish(s.loadLines.length + s.unsupportedLines.length);
}

/** Serialises the output and writes it to stdout or (atomically) to the `-o` file. */
async function writeOutput(args: ConvertArgs, output: BackendResult, encode: (text: string) => Uint8Array, indent: number | undefined) {
  if (output instanceof Uint8Array && args.output === "-" && process.stdout.isTTY) {
    throw new UsageError("Backend returns binary output. Please provide output file with --output/-o.", "convert");
  }
  const bytes = serialise(output, encode, indent);
  if (args.output === "-") {
    if (bytes.length > 0) await writeStdout(bytes);
  } else {
    await writeAtomic(args.output, bytes);
  }
}

/** `--json` and `--output-dir`: each file converted on its own with a fresh run. */
async function perFile(
  args: ConvertArgs,
  engine: Engine,
  files: readonly LoadedFile[],
  start: () => ConversionSession,
  encode: (text: string) => Uint8Array,
  indent: number | undefined,
  loadFailures: number,
): Promise<number> {
  const isFilterArg = (f: LoadedFile): boolean => (args.filter ?? []).includes(f.input.argument);
  const filters = files.filter(isFilterArg).map((f) => f.parsed.collection);
  const ruleFiles = files.filter((f) => !isFilterArg(f));
  let failed = loadFailures;
  const ignored: RuleConversionResult[] = [];
  const lines: string[] = [];
  for (const file of ruleFiles) {
    const firstError: SigmaError | undefined = file.parsed.errors[0];
    let queries: unknown[] = [];
    let error = firstError;
    let output: unknown;
    if (!error) {
      const collection = engine.buildCollection([file.parsed.collection, ...filters]);
      error = collection.errors[0];
      if (!error) {
        const session = start();
        const results = [...session.convertEach(collection.rules)];
        const bad = results.filter((r) => r.errors.length > 0);
        if (bad.length > 0 && !args.skipUnsupported) {
          error = bad[0]!.errors[0];
          failed += bad.reduce((n, r) => n + r.errors.length, 0);
          for (const r of bad) for (const e of r.errors) process.stderr.write(errorLine(e, file.input.path) + "\n");
        } else {
          ignored.push(...bad);
          const good = results.filter((r) => r.errors.length === 0);
          // a file none of whose rules converted is reported as an error in --json, skipped or not
          if (good.length === 0 && bad.length > 0) error = bad[0]!.errors[0];
          queries = good.flatMap((r) => [...r.queries]);
          output = session.finalize(good);
        }
      }
    }
    if (args.json) {
      const record = error
        ? { path: file.input.path, error: describeError(error) }
        : { path: file.input.path, queries: args.format === "default" ? queries : [output] };
      lines.push(JSON.stringify(record));
    } else if (!error && args.outputDir !== undefined) {
      const bytes = serialise(output as BackendResult, encode, indent);
      const rel = file.input.relative;
      const name = rel.slice(0, rel.length - extname(rel).length) + (EXTENSIONS[args.format] ?? ".txt");
      await writeAtomic(join(args.outputDir, name), bytes, { createDirs: true });
    }
  }
  if (args.json) {
    const bytes = lines.length ? Buffer.from(lines.join("\n") + "\n") : new Uint8Array();
    if (args.output === "-") await writeStdout(bytes);
    else await writeAtomic(args.output, bytes);
  }
  printIgnored(ignored);
  return finish(failed);
}

/** The "Ignored errors" footer of `-s`. */
function printIgnored(ignored: readonly RuleConversionResult[]): void {
  if (ignored.length === 0) return;
  process.stderr.write("\nIgnored errors:\n");
  for (const r of ignored) for (const e of r.errors) process.stderr.write(errorLine(e, r.rule.source?.path ?? "") + "\n");
}

function finish(failures: number): number {
  if (failures === 0) return 0;
  throw new CommandError(
    `${failures} error${failures === 1 ? "" : "s"} found (see above); the queries of all other rules were written.`,
  );
}

export type { AnyBackend };
