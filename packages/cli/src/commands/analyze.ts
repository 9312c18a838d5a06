/**
 * `sigma analyze attack|logsource|fields`: load the rules (refusing rule errors as sigma-cli does),
 * run the analysis from @sigma/analysis, and write its result (a Navigator layer, a text table, a
 * field list) to the output file or the terminal.
 */
import {
  LOGSOURCE_COLUMNS,
  RULE_LEVELS,
  RULE_STATUSES,
  SCORE_FUNCTIONS,
  attackScores,
  layerFromScores,
  loadAttackData,
  logsourceStats,
  ruleSetFields,
} from "@sigma/analysis";
import type { AnyRule, LogsourceColumn, ScoreFunction } from "@sigma/analysis";
import type { RuleLevel, RuleStatus } from "@sigma/core";
import { checkInputs, integerOption } from "../argument-checks.js";
import { CommandError, UsageError } from "../errors.js";
import { PipelineResolutionError, loadEngine } from "../engine.js";
import type { Engine, SigmaError } from "../engine.js";
import { errorLine } from "../error-text.js";
import { parseLimits } from "../limits.js";
import { loadInputs } from "../load.js";
import { pythonJson } from "../output.js";
import { writeOutput } from "../write-file.js";
import { renderTable } from "../table.js";
import { pipelineUsageError } from "../pipeline-errors.js";
import { errLine, writeStdout } from "../terminal.js";

/** Options every analyze command has. */
interface Common {
  inputs: string[];
  filePattern: string;
  plugin?: string[];
  limit?: string[];
}

/** Parsed command line of `sigma analyze attack` (arguments still as given). */
export interface AttackArgs extends Common {
  function?: string;
  output?: string;
  subtechniques: boolean;
  minLevel: string;
  minStatus: string;
  maxColor: string;
  minColor: string;
  maxScore?: string;
  minScore: string;
}

/** Parsed command line of `sigma analyze logsource`. */
export interface LogsourceArgs extends Common {
  output?: string;
  sortBy: string;
}

/** Parsed command line of `sigma analyze fields`. */
export interface FieldsArgs extends Common {
  target?: string;
  pipeline?: string[];
  pipelineCheck: boolean;
  group: boolean;
}

/** Reads the rules; any rule error stops the command (sigma-cli's refusal), after listing every error. */
async function loadRules(engine: Engine, command: string, args: Common): Promise<AnyRule[]> {
  const limits = parseLimits(args.limit, engine.yamlLimits, command);
  const files = await loadInputs(engine, args.inputs, args.filePattern, limits);
  const errors: [SigmaError, string][] = files.flatMap((f) => f.parsed.errors.map((e): [SigmaError, string] => [e, f.input.path]));
  const collection = engine.buildCollection(files.map((f) => f.parsed.collection));
  errors.push(...collection.errors.map((e): [SigmaError, string] => [e, ""]));
  if (errors.length > 0) {
    errLine("Errors found in Sigma rules:");
    for (const [e, path] of errors) errLine(`* ${errorLine(e, path)}`);
    throw new CommandError("Errors found in Sigma rules. Please check the output above.");
  }
  return collection.rules;
}

/** A level or status option: case-insensitive; anything else falls back to the lowest, as in sigma-cli. */
function lowest<T extends string>(value: string, order: readonly T[]): T {
  const v = value.toLowerCase() as T;
  return order.includes(v) ? v : order[0]!;
}

/** Runs `sigma analyze attack FUNCTION OUTPUT INPUT...`; returns the exit code. */
export async function runAnalyzeAttack(args: AttackArgs): Promise<number> {
  const command = "analyze attack";
  const functions = Object.keys(SCORE_FUNCTIONS) as ScoreFunction[];
  const placeholder = `{${functions.join("|")}}`;
  if (args.function === undefined) {
    throw new UsageError(`Missing argument '${placeholder}'. Choose from:\n${functions.map((f) => `\t${f}`).join(",\n")}`, command);
  }
  if (!functions.includes(args.function as ScoreFunction)) {
    throw new UsageError(`Invalid value for '${placeholder}': '${args.function}' is not one of ${functions.map((f) => `'${f}'`).join(", ")}.`, command);
  }
  if (args.output === undefined) throw new UsageError("Missing argument 'OUTPUT'.", command);
  const maxScore = args.maxScore === undefined ? undefined : integerOption(args.maxScore, "--max-score' / '-m", command);
  const minScore = integerOption(args.minScore, "--min-score' / '-M", command);
  await checkInputs(args.inputs, command);
  const engine = await loadEngine(args.plugin ?? []);
  const rules = await loadRules(engine, command, args);
  const options = {
    function: args.function as ScoreFunction,
    subtechniques: args.subtechniques,
    minLevel: lowest<RuleLevel>(args.minLevel, RULE_LEVELS),
    minStatus: lowest<RuleStatus>(args.minStatus, RULE_STATUSES),
    maxColor: args.maxColor,
    minColor: args.minColor,
    minScore,
    ...(maxScore !== undefined ? { maxScore } : {}),
  };
  const scores = attackScores(rules, options.function, options);
  // sigma-cli crashes here (the highest of no scores).
  if (scores.size === 0 && !maxScore) {
    throw new CommandError("No MITRE ATT&CK tags in the rules (at this --min-level and --min-status): nothing to score. Give --max-score to write an empty layer.");
  }
  const layer = layerFromScores(scores, options, await loadAttackData());
  const { minValue, maxValue } = layer.gradient;
  if (maxValue <= minValue) {
    errLine(`Warning: the layer's maximum score (${maxValue}) is not above its minimum (${minValue}); the Navigator needs maxValue > minValue (set --max-score or --min-score).`);
  }
  // json.dump(indent=2): Python's separators and escapes, no newline at the end.
  await writeOutput(args.output, Buffer.from(pythonJson(layer, 2)));
  return 0;
}

/** Runs `sigma analyze logsource OUTPUT INPUT...`; returns the exit code. */
export async function runAnalyzeLogsource(args: LogsourceArgs): Promise<number> {
  const command = "analyze logsource";
  if (args.output === undefined) throw new UsageError("Missing argument 'OUTPUT'.", command);
  const headers = ["Logsource", ...LOGSOURCE_COLUMNS] as const;
  if (!(headers as readonly string[]).includes(args.sortBy)) {
    // sigma-cli crashes with "ValueError: 'x' is not in list".
    throw new UsageError(`Invalid value for '--sort-by' / '-k': '${args.sortBy}' is not one of ${headers.map((h) => `'${h}'`).join(", ")}.`, command);
  }
  await checkInputs(args.inputs, command);
  const engine = await loadEngine(args.plugin ?? []);
  const rows = logsourceStats(await loadRules(engine, command, args), args.sortBy as LogsourceColumn | "Logsource");
  const table = [[...headers] as string[], ...rows.map((r) => [r.category ?? "None", ...LOGSOURCE_COLUMNS.map((c) => String(r.counts[c]))])];
  const widths = headers.map((_, i) => Math.max(...table.map((row) => [...row[i]!].length)));
  const line = (row: readonly string[]): string => row.map((cell, i) => cell + " ".repeat(widths[i]! - [...cell].length)).join(" | ");
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  const [head, ...body] = table;
  await writeOutput(args.output, Buffer.from([rule, line(head!), rule, ...body.map(line)].map((l) => `${l}\n`).join("")));
  return 0;
}

/** Runs `sigma analyze fields INPUT...`; returns the exit code. */
export async function runAnalyzeFields(args: FieldsArgs): Promise<number> {
  const command = "analyze fields";
  if (args.target === undefined) throw new UsageError("Missing option '--target' / '-t'.", command);
  await checkInputs(args.inputs, command);
  const engine = await loadEngine(args.plugin ?? []);
  // sigma-cli checks the target (a plain string, so not a usage error) before reading the rules.
  const target = engine.targets.find((t) => t.id === args.target);
  if (!target) throw new CommandError(`Unknown target '${args.target}'. Available targets are: ${engine.targets.map((t) => t.id).sort().join(", ")}`);
  const rules = await loadRules(engine, command, args);
  let pipelines;
  try {
    pipelines = await engine.resolvePipelines(args.pipeline ?? [], args.pipelineCheck ? target.id : undefined);
  } catch (err) {
    // An unsuitable pipeline is a crash in sigma-cli's analyze fields; here it is convert's usage error.
    if (err instanceof PipelineResolutionError) throw pipelineUsageError(err, target.id, command);
    throw err;
  }
  let backend;
  try {
    backend = engine.createBackend(target.id);
  } catch (err) {
    throw new CommandError(`Failed to initialize backend '${target.id}': ${err instanceof Error ? err.message : String(err)}`);
  }
  const session = engine.startConversion(backend, { format: "default", pipelines, options: {} });
  const found = ruleSetFields(rules, {
    pipeline: session.context.pipeline,
    ...(backend.quoteField ? { quoteField: (f: string) => backend.quoteField!(f) } : {}),
  });
  if (found.warnings.length > 0) {
    errLine("Warnings during field extraction:");
    for (const w of found.warnings) errLine(`* ${errorLine(w, "")}`);
  }
  const text = args.group
    ? renderTable(["Logsource", "Fields"], found.byLogsource.map((g) => [g.logsource, g.fields.join("\n")]), ["r", "l"]) + "\n"
    : found.fields.map((f) => `${f}\n`).join("");
  await writeStdout(text);
  return 0;
}
