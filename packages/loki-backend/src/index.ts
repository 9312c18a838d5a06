/**
 * @sigma/loki-backend — convert Sigma rules into Grafana Loki LogQL queries and alerting rules.
 *
 * The main entry holds what converting rules needs: the conversion functions, the backend and its
 * options, the pipelines, and the error classes. `@sigma/loki-backend/validate` checks LogQL
 * text; `/core`, `/processing`, `/backend` and `/pipelines` re-export the packages this one is
 * built on (for pipeline and backend authors), so that it stays a user's only dependency.
 * @packageDocumentation
 */
import { lokiPlugin } from "./plugin.js";

// Converting: YAML text in, queries out …
export {
  convertRules,
  loadPipeline,
  type ConvertRulesOptions,
  type ConvertRulesResult,
  type LoadPipelineOptions,
  type LokiBackendOptionInput,
  type PipelineYaml,
  type RegistryOptions,
} from "./convert-rules.js";
// … or parsed rules through the backend, in one call or rule by rule.
export { LokiBackend, LOKI_FORMATS } from "./backend.js";
export { convert, convertEach, createConversion } from "@sigma/backend";
export type {
  ConversionOutput,
  ConversionSession,
  ConvertInput,
  ConvertOptions,
  ConvertibleRule,
  RuleConversionResult,
} from "@sigma/backend";
export { parseCollection } from "@sigma/core";
export type {
  CollectionOptions,
  SigmaCollection,
  SigmaCorrelationRule,
  SigmaDocument,
  SigmaFilter,
  SigmaRule,
} from "@sigma/core";

// Options.
export { LOKI_BACKEND_OPTIONS, DEFAULT_LOKI_OPTIONS, type LokiBackendOptions } from "./options.js";
export { MAX_REGEX_LENGTH } from "./convert/regex-limit.js";

// Pipelines: the Loki, sysmon and windows pipelines by name, and YAML pipelines.
export { lokiPlugin, lokiRegistry } from "./plugin.js";
export { resolvePipeline } from "@sigma/processing";
export type { ProcessingPipeline, ProcessingPlugin, ProcessingRegistry, ResolveOptions } from "@sigma/processing";

// Errors: every problem is a SigmaError with its location; the class says what kind.
export * from "@sigma/core/errors";

/** The plugin: the `loki` backend and the Loki, sysmon and windows pipelines. */
export default lokiPlugin;
