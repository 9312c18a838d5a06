/**
 * @sigma/backend — what a backend is built from: the {@link Backend} contract and the `convert`
 * orchestration, the text-query base (settings and per-leaf hooks, the typed counterpart of
 * pySigma's `TextQueryBackend`), the De Morgan negation normaliser, deferred query parts and the
 * correlation dispatch.
 * @packageDocumentation
 */
export type * from "./types.js";
export type { PipelineState, ProcessingPipeline, ProcessingPlugin } from "./processing.js";
export { convert, convertEach, createConversion } from "./convert.js";
export type { ConversionSession } from "./convert.js";
export { createTextQueryBackend } from "./text/backend.js";
export type { TextBackendDeclaration, TextSettingsSource } from "./text/backend.js";
export { TextQueryConverter } from "./text/converter.js";
export type * from "./text/settings.js";
export type * from "./text/hooks.js";
export type * from "./correlation/settings.js";
export {
  DEFAULT_CORRELATION_OPERATORS,
  correlationKind,
  correlationPercentile,
  dispatchCorrelation,
  ruleId,
  singleRuleSearch,
} from "./correlation/dispatch.js";
export type { CorrelationConverters } from "./correlation/dispatch.js";
export { DeferredParts } from "./deferred.js";
export type { DeferredMarker, DeferredPart } from "./deferred.js";
export { flatArgs, hasLeaf, isNormalisedLeaf, pushDownNegation } from "./negation.js";
export { coerceOptionText, pythonInt } from "./options.js";
export type { OptionTextType, OptionTextValue } from "./options.js";
export type {
  NormalisedFieldLeaf,
  NormalisedKeywordLeaf,
  NormalisedLeaf,
  NormalisedNode,
  NormalisedTree,
  PushDownNegationOptions,
} from "./negation.js";
export { assertNoPlaceholder } from "./placeholders.js";
