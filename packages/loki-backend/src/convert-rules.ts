/**
 * `convertRules`: Sigma YAML text in, LogQL (or alerting YAML) out, in one call.
 */
import { convert, type RuleConversionResult } from "@sigma/backend";
import { parseCollection, type SigmaError } from "@sigma/core";
import { loadPipelineYaml, resolvePipeline, type ProcessingPipeline } from "@sigma/processing";
import { LokiBackend } from "./backend.js";
import type { LokiBackendOptions } from "./options.js";
import { lokiRegistry } from "./plugin.js";

/** Options of {@link convertRules}. */
export interface ConvertRulesOptions {
  /**
   * Pipelines to apply: registered names (`loki_promtail_sysmon`, `sysmon`, `windows-audit`, …)
   * or pipeline objects (see {@link loadPipeline}). Applied by priority, as sigma-cli does.
   */
  readonly pipelines?: readonly (string | ProcessingPipeline)[];
  /** `default` (a list of queries), `ruler` or `grafana_alerting` (YAML text). */
  readonly format?: "default" | "ruler" | "grafana_alerting";
  /** Backend options; strings are accepted as from `-O key=value`. */
  readonly options?: Partial<Record<keyof LokiBackendOptions, unknown>>;
  /** Source name used in error locations. */
  readonly path?: string;
}

/** The result of {@link convertRules}. */
export interface ConvertRulesResult {
  /** `string[]` for the default format, YAML text for `ruler` and `grafana_alerting`. */
  readonly output: unknown;
  /** Per rule: its queries (already finalised) and errors. */
  readonly results: readonly RuleConversionResult[];
  /** Every problem: unreadable documents and rules that could not be converted. */
  readonly errors: readonly SigmaError[];
}

/** Reads a processing pipeline from YAML; Loki's transformation types are known. */
export function loadPipeline(yaml: string, path?: string): ProcessingPipeline {
  return loadPipelineYaml(yaml, { registry: lokiRegistry(), ...(path !== undefined ? { path } : {}) });
}

/**
 * Converts the Sigma rules of a YAML text (one or more documents) into LogQL. Never throws for a
 * bad rule: its errors are in `errors`. Throws for a bad configuration (unknown pipeline, format
 * or option).
 */
export function convertRules(text: string, options: ConvertRulesOptions = {}): ConvertRulesResult {
  const registry = lokiRegistry();
  const pipelines = (options.pipelines ?? [])
    .map((p) => (typeof p === "string" ? resolvePipeline(p, { registry, target: "loki" }) : p))
    // Stable sort: equal priorities keep the given order.
    .map((pipeline, index) => ({ pipeline, index }))
    .sort((a, b) => a.pipeline.priority - b.pipeline.priority || a.index - b.index)
    .map((p) => p.pipeline);
  const collection = parseCollection(text, { collectErrors: true, ...(options.path !== undefined ? { path: options.path } : {}) });
  const result = convert(new LokiBackend(), collection, {
    format: options.format ?? "default",
    pipelines,
    options: options.options ?? {},
  });
  return { output: result.output, results: result.results, errors: [...collection.errors, ...result.errors] };
}
