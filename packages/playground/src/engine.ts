/**
 * The conversion glue (it holds the whole Loki backend and runs in the worker, ./worker.ts): a
 * playground state in, what the page shows out — queries per rule or YAML text, and problems tied
 * to an editor line. Views and the catalogue are plain data: they cross to the page by message.
 */
import {
  convertRules,
  LOKI_BACKEND_OPTIONS,
  LOKI_FORMATS,
  loadPipeline,
  lokiRegistry,
  SigmaError,
  type ProcessingPipeline,
} from "@sigma/loki-backend";
import { validateLogQL } from "@sigma/loki-backend/validate";
import { emptyView } from "./converter.js";
import type { Format, OptionValue, PlaygroundState } from "./state.js";

/** Source names given to the parsers; error locations carry them back. */
export const RULE_PATH = "rule.yml";
export const PIPELINE_PATH = "pipeline.yml";

/** Which text a problem points into. */
export type ProblemSource = "rule" | "pipeline" | "output" | "settings";

export interface Problem {
  readonly message: string;
  /** The error class (`SigmaDetectionError`, …), or `LogQL` for an invalid output query. */
  readonly kind: string;
  readonly source: ProblemSource;
  /** 1-based, when known. */
  readonly line?: number;
  readonly column?: number;
  /** Index of the output query, for `source: "output"`. */
  readonly query?: number;
}

export interface RuleQueries {
  readonly title: string;
  readonly queries: readonly string[];
}

export type ConversionView =
  | { readonly format: "default"; readonly rules: readonly RuleQueries[]; readonly problems: readonly Problem[] }
  | { readonly format: "ruler" | "grafana_alerting"; readonly text: string; readonly problems: readonly Problem[] };

export interface PipelineChoice {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
}

export interface OptionChoice {
  readonly name: string;
  readonly type: "boolean" | "string" | "number";
  readonly default: OptionValue;
  readonly description: string;
}

export interface Catalogue {
  readonly pipelines: readonly PipelineChoice[];
  readonly options: readonly OptionChoice[];
  readonly formats: Readonly<Record<Format, string>>;
}

/** The bundled pipelines (aliases of the same pipeline listed once) and the backend options. */
export function catalogue(): Catalogue {
  const seen = new Set<string>();
  const pipelines: PipelineChoice[] = [];
  for (const entry of lokiRegistry().pipelines.values()) {
    const pipeline = entry.create();
    const name = pipeline.name ?? entry.name;
    if (seen.has(name)) continue;
    seen.add(name);
    pipelines.push({ id: entry.name, name, priority: pipeline.priority });
  }
  const options = Object.entries(LOKI_BACKEND_OPTIONS).map(([name, spec]) => ({
    name,
    type: spec.type,
    default: spec.default,
    description: spec.description,
  })) as OptionChoice[];
  return { pipelines, options, formats: LOKI_FORMATS };
}

/** Converts the state's rules; never throws (every failure becomes a problem). */
export function convertState(state: PlaygroundState): ConversionView {
  const problems: Problem[] = [];
  const pipelines: (string | ProcessingPipeline)[] = [...state.pipelines];
  if (state.pipelineYaml.trim() !== "") {
    try {
      pipelines.push(loadPipeline(state.pipelineYaml, PIPELINE_PATH));
    } catch (e) {
      problems.push(toProblem(e, "pipeline"));
      return emptyView(state.format, problems);
    }
  }
  let result: ReturnType<typeof convertRules>;
  try {
    result = convertRules(state.rule, { pipelines, format: state.format, options: knownOptions(state.options), path: RULE_PATH });
  } catch (e) {
    // A bad configuration (an unknown pipeline name in an edited link, a pipeline that fails).
    problems.push(toProblem(e, "settings"));
    return emptyView(state.format, problems);
  }
  problems.push(...result.errors.map((e) => toProblem(e, "rule")));
  if (state.format !== "default") {
    return { format: state.format, text: typeof result.output === "string" ? result.output : "", problems };
  }
  const rules: RuleQueries[] = [];
  let index = 0;
  for (const r of result.results) {
    if (r.referencedOnly || r.queries.length === 0) continue;
    const queries = r.queries.filter((q): q is string => typeof q === "string");
    for (const q of queries) {
      // A backend bug, not a user error, but worth showing rather than hiding.
      for (const p of validateLogQL(q)) problems.push({ message: p.message, kind: "LogQL", source: "output", query: index });
      index++;
    }
    rules.push({ title: r.rule.title || "(untitled rule)", queries });
  }
  return { format: "default", rules, problems };
}

/** All queries of a default-format view, in order. */
export function allQueries(view: ConversionView): string[] {
  return view.format === "default" ? view.rules.flatMap((r) => r.queries) : [];
}

/** Options the backend knows, coerced to their declared type; others are dropped. */
function knownOptions(options: Readonly<Record<string, OptionValue>>): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(LOKI_BACKEND_OPTIONS)) {
    if (!Object.hasOwn(options, name)) continue;
    const value = options[name];
    if (spec.type === "boolean" && typeof value === "boolean") out[name] = value;
    else if (spec.type === "number" && typeof value === "number") out[name] = value;
    else if (spec.type === "string" && typeof value === "string") out[name] = value;
  }
  return out;
}

/**
 * Shown instead of the browser's refusal to evaluate a template: the page's Content Security
 * Policy has no 'unsafe-eval', so that opening a shared link can never run code from it
 * (nunjucks compiles templates to JavaScript and is no sandbox).
 */
export const NO_TEMPLATES =
  "Templates (template postprocessing and finalizers) do not run in the playground: the page never evaluates code from a link. Use the sigma command for pipelines with templates.";

/** A located problem; the location's path says which editor it belongs to. */
export function toProblem(e: unknown, fallback: ProblemSource): Problem {
  if (e instanceof Error && /unsafe-eval/.test(e.message)) return { message: NO_TEMPLATES, kind: e.name, source: "pipeline" };
  if (!(e instanceof SigmaError)) {
    return { message: e instanceof Error ? e.message : String(e), kind: e instanceof Error ? e.name : "Error", source: fallback };
  }
  const location = e.location;
  const source = location?.path === PIPELINE_PATH ? "pipeline" : location?.path === RULE_PATH ? "rule" : fallback;
  return {
    message: e.message,
    kind: e.name,
    source,
    ...(location?.line !== undefined ? { line: location.line } : {}),
    ...(location?.column !== undefined ? { column: location.column } : {}),
  };
}

