/**
 * In-process measurement of one configuration: every corpus file read, loaded as YAML, turned into
 * the rule model, run through the pipelines, converted and finalised, each stage timed on its own.
 * One conversion session serves the whole run (as in the CLI); nothing of a finished file is kept,
 * so the same loop over the corpus repeated k times shows whether memory stays bounded.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { ReferencedRuleQueries, RuleContext } from "@sigma/backend";
import { loadYaml, parseSigmaDocument, resolveCollection } from "@sigma/core";
import {
  LokiBackend,
  SigmaError,
  createConversion,
  lokiRegistry,
  parseCollection,
  resolvePipeline,
  type ConvertibleRule,
  type LokiBackendOptions,
  type SigmaCollection,
  type SigmaCorrelationRule,
  type SigmaRule,
} from "@sigma/loki-backend";
import type { ConformanceConfig } from "../conformance/configs.js";

export const STAGES = ["read", "yaml", "model", "pipelines", "conversion", "output"] as const;
export type Stage = (typeof STAGES)[number];
export type StageTimes = Record<Stage, number>;

/** One pass over the files. */
export interface PassResult {
  readonly stages: StageTimes;
  readonly files: number;
  readonly rules: number;
  /** Files that could not be read or parsed, and rules that did not convert. */
  readonly failures: number;
  /** Milliseconds per rule of each file, all stages (file total / rules in the file). */
  readonly perRule: number[];
  /** Milliseconds per rule of each file after YAML loading (rule model … output). */
  readonly perRuleAfterYaml: number[];
}

/** The Loki backend with the time spent in its conversion hooks counted. */
class TimedBackend extends LokiBackend {
  elapsed = 0;

  override convertRule(rule: SigmaRule, ctx: RuleContext<LokiBackendOptions>): readonly string[] {
    const t = performance.now();
    try {
      return super.convertRule(rule, ctx);
    } finally {
      this.elapsed += performance.now() - t;
    }
  }

  override convertCorrelationRule(
    rule: SigmaCorrelationRule,
    ctx: RuleContext<LokiBackendOptions>,
    referenced: readonly ReferencedRuleQueries[],
  ): readonly string[] {
    const t = performance.now();
    try {
      return super.convertCorrelationRule(rule, ctx, referenced);
    } finally {
      this.elapsed += performance.now() - t;
    }
  }

  override finalizeQuery(rule: ConvertibleRule, query: string, index: number, ctx: RuleContext<LokiBackendOptions>): unknown {
    const t = performance.now();
    try {
      return super.finalizeQuery(rule, query, index, ctx);
    } finally {
      this.elapsed += performance.now() - t;
    }
  }
}

/** The rule model of a loaded source: what `parseCollection` builds, without loading YAML again. */
function toCollection(source: ReturnType<typeof loadYaml>, path: string): SigmaCollection | undefined {
  const hasActions = source.documents.some(
    (d) => typeof d.data === "object" && d.data !== null && "action" in (d.data as Record<string, unknown>),
  );
  // Collection actions (global/repeat) need parseCollection's merging; the corpus has none.
  if (hasActions) return undefined;
  const collection: SigmaCollection = { rules: [], filters: [], errors: [] };
  for (const doc of source.documents) {
    const parsed = parseSigmaDocument(doc.data, {
      locations: source.locations,
      location: doc.location,
      documentIndex: doc.index,
      collectErrors: true,
      path,
    });
    if (parsed.kind === "filter") collection.filters.push(parsed);
    else collection.rules.push(parsed);
  }
  resolveCollection(collection, { collectErrors: true });
  return collection;
}

/** Text of a finalised output, as the CLI writes it. */
function render(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output)) return output.map(String).join("\n");
  return JSON.stringify(output) ?? "";
}

/** Whether a parsed file belongs to the configuration (`select`: a logsource product). */
export function selected(config: ConformanceConfig, collection: SigmaCollection | undefined): boolean {
  if (config.select === null) return true;
  return (collection?.rules ?? []).some((r) => r.kind === "rule" && r.logsource.product === config.select);
}

/** Converts the files `repeat` times in one session; stage times summed over all files. */
export function runPass(config: ConformanceConfig, files: readonly string[], repeat = 1): PassResult {
  const registry = lokiRegistry();
  const pipelines = config.pipelines.map((name) => resolvePipeline(name, { registry, target: "loki" }));
  const backend = new TimedBackend();
  const session = createConversion(backend, { format: config.format, pipelines, options: config.options });
  const stages: StageTimes = { read: 0, yaml: 0, model: 0, pipelines: 0, conversion: 0, output: 0 };
  const perRule: number[] = [];
  const perRuleAfterYaml: number[] = [];
  let rules = 0;
  let count = 0;
  let failures = 0;
  let sink = 0;
  for (let r = 0; r < repeat; r++) {
    for (const path of files) {
      let t = performance.now();
      const bytes = readFileSync(path);
      const read = performance.now() - t;
      t = performance.now();
      let source: ReturnType<typeof loadYaml> | undefined;
      try {
        source = loadYaml(bytes, { path });
      } catch (error) {
        if (!(error instanceof SigmaError)) throw error;
      }
      const yaml = performance.now() - t;
      t = performance.now();
      let collection: SigmaCollection | undefined;
      if (source !== undefined) {
        try {
          collection = toCollection(source, path) ?? parseCollection(bytes, { path, collectErrors: true });
        } catch (error) {
          if (!(error instanceof SigmaError)) throw error;
        }
      }
      const model = performance.now() - t;
      if (!selected(config, collection) && !(collection === undefined && config.select === null)) continue;
      count++;
      stages.read += read;
      stages.yaml += yaml;
      stages.model += model;
      const n = Math.max(1, collection?.rules.length ?? 0);
      rules += n;
      if (collection === undefined) {
        failures++;
        perRule.push((read + yaml + model) / n);
        perRuleAfterYaml.push(model / n);
        continue;
      }
      backend.elapsed = 0;
      t = performance.now();
      const results = [...session.convertEach(collection)];
      const convertAll = performance.now() - t;
      const conversion = backend.elapsed;
      stages.conversion += conversion;
      stages.pipelines += convertAll - conversion;
      t = performance.now();
      const good = results.filter((res) => res.errors.length === 0);
      failures += results.length - good.length;
      sink += render(session.finalize(good)).length;
      const output = performance.now() - t;
      stages.output += output;
      perRule.push((read + yaml + model + convertAll + output) / n);
      perRuleAfterYaml.push((model + convertAll + output) / n);
    }
  }
  if (sink < 0) throw new Error("unreachable: keeps the output from being optimised away");
  return { stages, files: count, rules, failures, perRule, perRuleAfterYaml };
}
