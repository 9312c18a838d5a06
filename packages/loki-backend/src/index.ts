/**
 * @sigma/loki-backend — convert Sigma rules into Grafana Loki LogQL queries and alerting rules.
 * Re-exports what a user needs, so that this package is a user's only dependency.
 * @packageDocumentation
 */
import { lokiPlugin } from "./plugin.js";

export * from "@sigma/core";
export * from "@sigma/processing";
export * from "@sigma/backend";
export * from "@sigma/pipeline-loki";
export * from "@sigma/pipeline-sysmon";
export * from "@sigma/pipeline-windows";
// Both packages declare this name (same shape); the processing one is the generic transformation's.
export type { SetCustomAttributeParams } from "@sigma/processing";
export { lokiPlugin, lokiRegistry } from "./plugin.js";
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
export { LokiBackend, LOKI_FORMATS } from "./backend.js";
export { LOKI_BACKEND_OPTIONS, DEFAULT_LOKI_OPTIONS, type LokiBackendOptions } from "./options.js";
export { correlationQuery, SUPPORTED_CORRELATION_TYPES } from "./correlation.js";
export { ruleToLogQueries, type RuleQueries, type RuleQueryOptions } from "./convert/rule.js";
export { buildLogQuery, conditionToLogQuery, streamSelector, parserStage, type QueryOptions } from "./convert/query.js";
export { MAX_QUERY_LENGTH } from "./convert/partition.js";
export type * from "./logql/ast.js";
export { printQuery, printLogQuery, printMetric, printLabelFilter, printLineFilter, printSelector } from "./logql/print.js";
export { quoteValue, doubleQuote, sanitizeLabelName } from "./logql/quote.js";
export { anchorForLabelFilter, stripOuterWildcards } from "./regex/escape.js";
export { re2Problem } from "./regex/re2.js";
export { MAX_REGEX_LENGTH, longestRegex } from "./convert/regex-limit.js";
export { SequenceMatcher, longestCommonSubstring } from "./line-filters/difflib.js";
export { finalizeEntry, finalizeOutput, type LokiOutputEntry } from "./formats.js";
export { validateLogQL, type LogQLProblem } from "./validate/index.js";

/** The plugin: the `loki` backend and the Loki, sysmon and windows pipelines. */
export default lokiPlugin;
