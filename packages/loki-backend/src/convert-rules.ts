/**
 * `convertRules`: Sigma YAML text in, LogQL (or alerting YAML) out, in one call.
 */
import { convert, type BackendOptionInput, type RuleConversionResult } from "@sigma/backend";
import { SigmaError, parseCollection, type SigmaCollection } from "@sigma/core";
import {
  loadPipelineYaml,
  resolvePipeline,
  type ProcessingPipeline,
  type ProcessingPlugin,
  type ProcessingRegistry,
} from "@sigma/processing";
import { LokiBackend } from "./backend.js";
import type { LokiBackendOptions } from "./options.js";
import { lokiRegistry } from "./plugin.js";

/** Backend options as a caller gives them: each as its type, or as a string as from `-O key=value`. */
export type LokiBackendOptionInput = BackendOptionInput<LokiBackendOptions>;

/** A pipeline given as YAML text, read with the same registry as the named ones. */
export interface PipelineYaml {
  readonly yaml: string;
  /** Source name used in error locations. */
  readonly path?: string;
}

/** Where pipeline types and names are looked up: {@link lokiRegistry} plus plugins, or your registry. */
export interface RegistryOptions {
  /**
   * Third-party plugins (`ProcessingPlugin`, e.g. a pipeline package's default export): their
   * pipelines can be named and their transformation types used in YAML pipelines.
   */
  readonly plugins?: readonly ProcessingPlugin[];
  /** The registry to start from instead of `lokiRegistry()` (the plugins are added to a copy). */
  readonly registry?: ProcessingRegistry;
}

/** Options of {@link convertRules}. */
export interface ConvertRulesOptions extends RegistryOptions {
  /**
   * Pipelines to apply: registered names (`loki_promtail_sysmon`, `sysmon`, `windows-audit`, a
   * plugin's names, …), pipeline objects (see {@link loadPipeline}) or `{ yaml }` texts. Applied
   * by priority, as sigma-cli does.
   */
  readonly pipelines?: readonly (string | ProcessingPipeline | PipelineYaml)[];
  /** `default` (a list of queries), `ruler` or `grafana_alerting` (YAML text). */
  readonly format?: "default" | "ruler" | "grafana_alerting";
  /** Backend options; strings are read as the CLI reads `-O key=value` (`case_sensitive: "yes"`). */
  readonly options?: LokiBackendOptionInput;
  /** Source name used in error locations. */
  readonly path?: string;
}

/** The result of {@link convertRules}. */
export interface ConvertRulesResult {
  /** `string[]` for the default format, YAML text for `ruler` and `grafana_alerting`. */
  readonly output: unknown;
  /** Per rule: its queries (already finalised) and errors. */
  readonly results: readonly RuleConversionResult[];
  /** Every problem: unreadable text or documents, and rules that could not be converted. */
  readonly errors: readonly SigmaError[];
}

/** Options of {@link loadPipeline}. */
export interface LoadPipelineOptions extends RegistryOptions {
  /** Source name used in error locations. */
  readonly path?: string;
}

/** The registry of a call: the given one (or `lokiRegistry()`) with the given plugins added. */
function registryOf(options: RegistryOptions): ProcessingRegistry {
  const plugins = options.plugins ?? [];
  if (options.registry === undefined) return lokiRegistry(...plugins);
  const registry = plugins.length > 0 ? options.registry.clone() : options.registry;
  for (const plugin of plugins) registry.use(plugin);
  return registry;
}

/**
 * Reads a processing pipeline from YAML; Loki's transformation types are known, and those of
 * `plugins`. `options` may be the source name alone (`loadPipeline(yaml, "my.yml")`).
 * @throws SigmaYAMLError / SigmaConfigurationError, located, for an unreadable pipeline.
 */
export function loadPipeline(yaml: string, options: string | LoadPipelineOptions = {}): ProcessingPipeline {
  const { path, ...registry } = typeof options === "string" ? { path: options } : options;
  return loadPipelineYaml(yaml, { registry: registryOf(registry), ...(path !== undefined ? { path } : {}) });
}

/**
 * Converts the Sigma rules of a YAML text (one or more documents) into LogQL. Never throws for bad
 * rule text: unreadable YAML, an empty text and rules that cannot be converted are `SigmaError`s
 * in `errors` (with `output` for the rules that did convert). Throws for a bad configuration
 * (unknown pipeline, format or option, an invalid pipeline).
 */
export function convertRules(text: string, options: ConvertRulesOptions = {}): ConvertRulesResult {
  const registry = registryOf(options);
  const pipelines = (options.pipelines ?? [])
    .map((p) => resolve(p, registry))
    // Stable sort: equal priorities keep the given order.
    .map((pipeline, index) => ({ pipeline, index }))
    .sort((a, b) => a.pipeline.priority - b.pipeline.priority || a.index - b.index)
    .map((p) => p.pipeline);
  const read = readCollection(text, options.path);
  const result = convert(new LokiBackend(), read.collection ?? [], {
    format: options.format ?? "default",
    pipelines,
    options: options.options ?? {},
  });
  return { output: result.output, results: result.results, errors: [...read.errors, ...result.errors] };
}

function resolve(pipeline: string | ProcessingPipeline | PipelineYaml, registry: ProcessingRegistry): ProcessingPipeline {
  if (typeof pipeline === "string") return resolvePipeline(pipeline, { registry, target: "loki" });
  if ("yaml" in pipeline) return loadPipelineYaml(pipeline.yaml, { registry, ...(pipeline.path !== undefined ? { path: pipeline.path } : {}) });
  return pipeline;
}

/** The rules of `text` and the errors of reading it; a text that is no YAML at all gives no rules. */
function readCollection(text: string, path: string | undefined): { collection?: SigmaCollection; errors: SigmaError[] } {
  try {
    const collection = parseCollection(text, { collectErrors: true, ...(path !== undefined ? { path } : {}) });
    return { collection, errors: [...collection.errors] };
  } catch (error) {
    if (error instanceof SigmaError) return { errors: [error] };
    throw error;
  }
}
