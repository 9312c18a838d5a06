/**
 * @sigma/backend — the generic backend base: the {@link Backend} contract, the `convert`
 * orchestration, deferred query parts, the De Morgan negation normaliser and a text-query base.
 * @packageDocumentation
 */
export type * from "./types.js";
export type { ProcessingPipeline, ProcessingPlugin } from "./processing.js";
export { DeferredParts, isDeferredMarker } from "./deferred.js";
export type { DeferredMarker, DeferredPart } from "./deferred.js";
export { convert, convertEach, createConversion, orderRules, ruleLocation } from "./convert.js";
export type { ConversionSession } from "./convert.js";
export { resolveBackendOptions, coerceOption } from "./options.js";
export { pushDownNegation, isNormalisedLeaf } from "./negation.js";
export type {
  NormalisedTree,
  NormalisedLeaf,
  NormalisedFieldLeaf,
  NormalisedKeywordLeaf,
  PushDownNegationOptions,
} from "./negation.js";
