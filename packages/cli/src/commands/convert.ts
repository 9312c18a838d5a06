/**
 * `sigma convert`: the steps of sigma-cli's convert command in its order (usage checks, pipeline
 * resolution, backend set-up, format and correlation checks, loading, conversion, output, footer),
 * except that one broken file never aborts the run: its errors are reported as
 * `path:line:column: message` and the other files are still converted. Every mode (plain, `--json`,
 * `--output-dir`) converts all inputs as one collection (`convert-run.ts`).
 */
import { checkInputs, checkPathsExist, integerOption } from "../argument-checks.js";
import { aggregateOptions, splitKeyValue } from "../backend-options.js";
import type { KeyValue } from "../backend-options.js";
import { UsageError } from "../errors.js";
import { PipelineResolutionError, loadEngine } from "../engine.js";
import type { AnyBackend, Engine, TargetInfo } from "../engine.js";
import { setVerbose } from "../error-text.js";
import { encoder } from "../output.js";
import { hint } from "../terminal.js";
import { expandArguments } from "../load.js";
import { parseLimits } from "../limits.js";
import { pipelineUsageError } from "../pipeline-errors.js";
import { outputFileGuard, planOutputDir } from "../output-targets.js";
import { convertRun } from "./convert-run.js";
import { writeResults } from "./convert-output.js";

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

function choiceError(value: string, choices: readonly string[]): string {
  return choices.length === 1
    ? `'${value}' is not '${choices[0]}'.`
    : `'${value}' is not one of ${choices.map((c) => `'${c}'`).join(", ")}.`;
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
  const indent = args.jsonIndent === undefined ? undefined : integerOption(args.jsonIndent, "--json-indent' / '-j", "convert");
  const pairs: KeyValue[] = [];
  for (const raw of args.backendOption ?? []) {
    const kv = splitKeyValue(raw);
    if (!kv) throw new UsageError(`Invalid value for '--backend-option' / '-O': Value '${raw}' has not format key=value`, "convert");
    pairs.push(kv);
  }
  await checkPathsExist(args.filter ?? [], "--filter", "convert");
  await checkPathsExist(args.templateVarsPath ?? [], "--template-vars-path", "convert");
  await checkInputs(args.inputs, "convert");
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
    throw pipelineUsageError(err, t, "convert");
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

/** Steps 0–7: the engine, checked arguments and the conversion session. */
async function prepareConversion(args: ConvertArgs) {
  setVerbose(args.verbose === true);
  const engine = await loadEngine(args.plugin ?? [], { allowExternalSources: args.allowExternalSources === true });
  const { target, pairs, indent } = await checkUsage(args, engine);
  const limits = parseLimits(args.limit, engine.yamlLimits, "convert");
  const { backend, settings } = await setUp(args, engine, target, pairs);
  // Step 5: option values and the merged pipeline are checked before any rule is read.
  let session;
  try {
    session = engine.startConversion(backend, settings);
  } catch (err) {
    throw new UsageError(`Invalid value for backend_option: ${(err as Error).message}`, "convert");
  }
  return { engine, limits, indent, session };
}

/** Runs `sigma convert`; returns the exit code. */
export async function runConvert(args: ConvertArgs): Promise<number> {
  const { engine, limits, indent, session } = await prepareConversion(args);
  const encode = encoder(args.encoding);

  // Step 8: every input, then every filter, listed before anything is read, so that where the
  // run writes can be checked against all of them first.
  const filters = args.filter ?? [];
  const expanded = expandArguments([...args.inputs, ...filters], args.filePattern);
  const filterArgs = new Set(filters.map((_, i) => args.inputs.length + i));
  const listed = (filter: boolean) => expanded.filter((a) => filterArgs.has(a.argIndex) === filter).flatMap((a) => a.files);
  const { plan, guard } =
    args.outputDir === undefined
      ? { plan: undefined, guard: outputFileGuard(args.output) }
      : planOutputDir(args.outputDir, listed(false), listed(true), args.format);

  // Steps 9–10: every rule converted once, as one collection; then the output and the report.
  const result = await convertRun(engine, session, { args: expanded, filterArgs, limits, guard });
  return writeResults(result, { args, session, encode, indent, plan });
}

export type { AnyBackend };
