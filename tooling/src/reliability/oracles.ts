/**
 * What every generated case must satisfy. A check returns the error classes the case produced
 * (an empty list when it loaded and converted) or throws a {@link Violation}:
 * - `crash`: an exception that is not a `SigmaError`, or a `SigmaError` wrapping one (the backend
 *   turns unexpected exceptions of one rule into a `SigmaConversionError` with a `cause`);
 * - `unlocated`: a `SigmaError` without a line and column;
 * - `invalid-logql`: a query that `@grafana/lezer-logql` (via `validateLogQL`) rejects;
 * - `roundtrip`: a generated valid input that does not come back as generated;
 * - `limit-message`: a `SigmaLimitError` that does not name its limit and how to raise it.
 */
import {
  collectionErrors,
  conditionShape,
  parseCondition,
  printCondition,
  type ConditionAst,
  type Detection,
  type DetectionItem,
} from "@sigma/core";
import {
  LokiBackend,
  SigmaConditionError,
  SigmaError,
  SigmaLimitError,
  convert,
  lokiRegistry,
  parseCollection,
  resolvePipeline,
  type ProcessingPipeline,
} from "@sigma/loki-backend";
import { loadPipelineYaml } from "@sigma/loki-backend/processing";
import { validateLogQL } from "@sigma/loki-backend/validate";
import { splitCase } from "./expansions.js";

export type ViolationKind = "crash" | "unlocated" | "invalid-logql" | "roundtrip" | "limit-message";

/** A broken promise of the reliability contract (the case is a bug). */
export class Violation extends Error {
  constructor(
    readonly kind: ViolationKind,
    message: string,
    readonly detail?: unknown,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** The path every case is read under (errors must name it). */
export const CASE_PATH = "case.yml";

/** Checks one thrown value: a located SigmaError, or a violation. Returns its class name. */
export function expectLocated(error: unknown, what: string): string {
  if (!(error instanceof SigmaError)) {
    const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
    throw new Violation("crash", `${what} threw ${text.slice(0, 2000)}`, error);
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && !(cause instanceof SigmaError)) {
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}\n${cause.stack ?? ""}` : String(cause);
    throw new Violation("crash", `${what} wrapped an unexpected exception: ${text.slice(0, 2000)}`, cause);
  }
  if (error instanceof SigmaLimitError && !/\(limits\.(\w+)\); .*`--limit \1=N`/.test(error.message)) {
    throw new Violation("limit-message", `${what}: ${error.message.slice(0, 300)}`, error);
  }
  const loc = error.location;
  if (loc?.line === undefined || loc.column === undefined || !(loc.line > 0) || !(loc.column > 0)) {
    throw new Violation("unlocated", `${what}: ${error.name} without line and column: ${error.message.slice(0, 300)}`, error);
  }
  return error.name;
}

let registry: ReturnType<typeof lokiRegistry> | undefined;
const pipelineCache = new Map<string, ProcessingPipeline>();
function named(name: string): ProcessingPipeline {
  registry ??= lokiRegistry();
  let p = pipelineCache.get(name);
  if (!p) {
    p = resolvePipeline(name, { registry, target: "loki" });
    pipelineCache.set(name, p);
  }
  return p;
}

/** A pipeline file loaded with the Loki registry, or the class of its located error. */
function loadPipelineFile(input: string | Uint8Array, path: string): ProcessingPipeline | string {
  try {
    registry ??= lokiRegistry();
    return loadPipelineYaml(input, { path, registry });
  } catch (error) {
    return expectLocated(error, "loadPipelineYaml");
  }
}

/** Pipelines a rule case is converted with, chosen by the case (no pipeline most of the time). */
export const RULE_PIPELINES: readonly (readonly string[])[] = [[], [], ["loki_promtail_sysmon"], ["windows-audit"]];

/**
 * A rule file: it loads, or every error is a located SigmaError; every rule that loads converts
 * to queries Loki's grammar accepts, or gives located SigmaErrors.
 */
export function checkRuleInput(input: string | Uint8Array, pipelines: readonly string[] = []): string[] {
  return checkRuleWithPipelines(input, pipelines.map(named));
}

/**
 * An `expansions` case: a rule file, and maybe a pipeline (after {@link PIPELINE_MARKER}) that
 * must load or give a located error; then as {@link checkRuleInput}.
 */
export function checkExpansionInput(input: string): string[] {
  const { rule, pipeline } = splitCase(input);
  if (pipeline === undefined) return checkRuleWithPipelines(rule, []);
  const loaded = loadPipelineFile(pipeline, "pipeline.yml");
  return typeof loaded === "string" ? [loaded] : checkRuleWithPipelines(rule, [loaded]);
}

function checkRuleWithPipelines(input: string | Uint8Array, pipelines: readonly ProcessingPipeline[]): string[] {
  const classes: string[] = [];
  let collection;
  try {
    collection = parseCollection(input, { path: CASE_PATH, collectErrors: true });
  } catch (error) {
    return [expectLocated(error, "parseCollection")];
  }
  for (const error of collectionErrors(collection)) classes.push(expectLocated(error, "rule"));
  convertAndValidate(collection, pipelines, classes);
  return classes;
}

function convertAndValidate(
  collection: ReturnType<typeof parseCollection>,
  pipelines: readonly ProcessingPipeline[],
  classes: string[],
): void {
  const rules = collection.rules.filter((r) => r.errors.length === 0);
  if (rules.length === 0) return;
  let result;
  try {
    result = convert(new LokiBackend(), rules, { format: "default", pipelines, options: {} });
  } catch (error) {
    classes.push(expectLocated(error, "convert"));
    return;
  }
  for (const error of result.errors) classes.push(expectLocated(error, "conversion"));
  const queries = Array.isArray(result.output) ? result.output : [];
  for (const query of queries) {
    if (typeof query !== "string") throw new Violation("crash", `a query is not a string: ${typeof query}`);
    const problems = validateLogQL(query);
    if (problems.length > 0) {
      throw new Violation("invalid-logql", `${problems[0]?.message ?? "?"} in ${query.slice(0, 500)}`, problems);
    }
  }
}

/** The rule every loaded pipeline is tried on. */
const PIPELINE_PROBE = `title: probe
id: 5b1e8c52-6d0c-4a4e-9a8c-2c4e0b9b7f11
status: test
level: high
tags: [attack.t1059, attack.execution]
logsource: {product: windows, category: process_creation}
detection:
    sel:
        CommandLine|contains: [' -enc ', 'whoami']
        Image|endswith: '\\cmd.exe'
        User: null
        EventID: 4688
    filter:
        ParentImage|startswith: 'C:\\Windows\\*'
        c-uri|re: '^/a[bc]+$'
    condition: sel and not filter
`;

/**
 * A pipeline file: it loads (and then converts the probe rule or gives SigmaErrors), or a located
 * error. A limit error must name its limit wherever it comes from.
 */
export function checkPipelineInput(input: string | Uint8Array, probe = PIPELINE_PROBE): string[] {
  const pipeline = loadPipelineFile(input, CASE_PATH);
  if (typeof pipeline === "string") return [pipeline];
  const classes: string[] = [];
  const collection = parseCollection(probe, { path: "probe.yml", collectErrors: true });
  let result;
  try {
    result = convert(new LokiBackend(), collection, { format: "default", pipelines: [pipeline], options: {} });
  } catch (error) {
    if (!(error instanceof SigmaError)) expectLocated(error, "convert with pipeline");
    return [(error as SigmaError).name];
  }
  for (const error of result.errors) {
    // Errors of the probe rule are located at the rule; pipeline errors need only be SigmaErrors.
    if (!(error instanceof SigmaError) || error instanceof SigmaLimitError) expectLocated(error, "conversion with pipeline");
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined && !(cause instanceof SigmaError)) expectLocated(error, "conversion with pipeline");
    classes.push(error.name);
  }
  // Postprocessing and finalizers rewrite query text freely (the pipeline author's choice).
  if (pipeline.postprocessing.length > 0 || pipeline.finalizers.length > 0) return classes;
  for (const query of Array.isArray(result.output) ? result.output : []) {
    const problems = validateLogQL(String(query));
    if (problems.length > 0) throw new Violation("invalid-logql", `${problems[0]?.message ?? "?"} in ${String(query).slice(0, 500)}`);
  }
  return classes;
}

/** A condition string: it parses, prints and re-parses to the same tree, or a located condition error. */
export function checkConditionInput(text: string): string[] {
  let ast: ConditionAst;
  try {
    ast = parseCondition(text, { path: CASE_PATH, line: 5, column: 16 });
  } catch (error) {
    const name = expectLocated(error, "parseCondition");
    if (!(error instanceof SigmaConditionError)) throw new Violation("crash", `parseCondition threw ${name}, not SigmaConditionError`);
    return [name];
  }
  const printed = printCondition(ast);
  let again: ConditionAst;
  try {
    again = parseCondition(printed);
  } catch (error) {
    throw new Violation("roundtrip", `printed condition ${JSON.stringify(printed.slice(0, 200))} does not parse: ${String(error)}`);
  }
  if (JSON.stringify(conditionShape(again)) !== JSON.stringify(conditionShape(ast))) {
    throw new Violation("roundtrip", `condition ${JSON.stringify(text.slice(0, 200))} prints as ${JSON.stringify(printed.slice(0, 200))}, a different tree`);
  }
  return [];
}

/** A generated valid rule: it loads without errors and the model holds what was generated. */
export function checkValidRule(data: Record<string, unknown>, text: string): string[] {
  let collection;
  try {
    collection = parseCollection(text, { path: CASE_PATH, collectErrors: true });
  } catch (error) {
    throw new Violation("roundtrip", `a valid rule does not load: ${String(error)}`);
  }
  const errors = collectionErrors(collection);
  if (errors.length > 0) throw new Violation("roundtrip", `a valid rule has errors: ${errors.map(String).join("; ")}`);
  const rule = collection.rules[0];
  if (collection.rules.length !== 1 || rule?.kind !== "rule") throw new Violation("roundtrip", "a valid rule did not give one detection rule");
  const mismatch = (what: string, got: unknown, want: unknown): never => {
    throw new Violation("roundtrip", `${what}: model has ${JSON.stringify(got)}, generated ${JSON.stringify(want)}`);
  };
  for (const key of ["title", "id", "status", "level", "description", "author", "date"] as const) {
    if (data[key] !== undefined && rule[key] !== data[key]) mismatch(key, rule[key], data[key]);
  }
  const tags = rule.tags.map((t) => `${t.namespace}.${t.name}`);
  if (JSON.stringify(tags) !== JSON.stringify(data["tags"] ?? [])) mismatch("tags", tags, data["tags"]);
  const logsource = data["logsource"] as Record<string, string>;
  for (const key of ["product", "category", "service"] as const) {
    if (rule.logsource[key] !== logsource[key]) mismatch(`logsource.${key}`, rule.logsource[key], logsource[key]);
  }
  const detection = data["detection"] as Record<string, unknown>;
  const { condition, ...selections } = detection;
  if (JSON.stringify(rule.detection.conditions) !== JSON.stringify([condition])) mismatch("condition", rule.detection.conditions, condition);
  const names = [...rule.detection.definitions.keys()];
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(selections))) mismatch("detection names", names, Object.keys(selections));
  for (const [name, value] of Object.entries(selections)) {
    const got = keysOfModel(rule.detection.definitions.get(name));
    const want = keysOfData(value);
    if (JSON.stringify(got) !== JSON.stringify(want)) mismatch(`detection ${name} keys`, got, want);
  }
  // The rule must also convert (or give located errors) to valid LogQL.
  const classes: string[] = [];
  convertAndValidate(collection, [], classes);
  return classes;
}

/** `field|modifiers` of every item of a parsed detection, in order (`<keyword>` for keywords). */
function keysOfModel(detection: Detection | undefined): string[] {
  const out: string[] = [];
  const walk = (node: Detection | DetectionItem): void => {
    if (node.kind === "item") out.push(node.field === null ? "<keyword>" : [node.field, ...node.modifiers].join("|"));
    else node.items.forEach(walk);
  };
  if (detection) walk(detection);
  return out;
}

/** The same keys as written in the generated data. */
function keysOfData(value: unknown): string[] {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) return ["<keyword>"];
    return value.flatMap(keysOfData);
  }
  if (typeof value === "object" && value !== null) return Object.keys(value);
  return ["<keyword>"];
}
