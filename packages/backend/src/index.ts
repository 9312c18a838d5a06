/**
 * @sigma/backend — the generic backend base: the {@link Backend} contract, the `convert`
 * orchestration, deferred query parts, the De Morgan negation normaliser and a text-query base.
 * @packageDocumentation
 */
export type * from "./types.js";
export type { PipelineState, ProcessingPipeline, ProcessingPlugin } from "./processing.js";
export { DeferredParts, isDeferredMarker } from "./deferred.js";
export type { DeferredMarker, DeferredPart } from "./deferred.js";
export { convert, convertEach, createConversion, orderRules, ruleLocation } from "./convert.js";
export type { ConversionSession } from "./convert.js";
export { resolveBackendOptions, coerceOption, coerceOptionText, pythonInt } from "./options.js";
export type { OptionTextType, OptionTextValue } from "./options.js";
export { pushDownNegation, isNormalisedLeaf } from "./negation.js";
export type {
  NormalisedTree,
  NormalisedNode,
  NormalisedLeaf,
  NormalisedFieldLeaf,
  NormalisedKeywordLeaf,
  PushDownNegationOptions,
} from "./negation.js";
export { TextQueryConverter, createTextQueryBackend } from "./text.js";
export type {
  TextQueryConfig,
  TextBackendDeclaration,
  TextDeferredPart,
  NegatableTemplate,
  FieldQuoting,
  StringQuoting,
  RegexTemplates,
  KeywordTemplates,
  InListTemplates,
  DeferredTemplates,
} from "./text.js";
export {
  convertCorrelationWithTemplates,
  selectCorrelationTemplate,
  renderCorrelationSearch,
  renderGroupBy,
  renderTimespan,
  DEFAULT_CORRELATION_OPERATORS,
} from "./correlation.js";
export type { CorrelationTemplates, GroupByTemplates, TimespanTemplates } from "./correlation.js";
export { renderTemplate } from "./template.js";
export type { TemplateValues } from "./template.js";
export { createTestBackend, testBackendConfig } from "./testing/test-backend.js";
export type { TestBackendOptions } from "./testing/test-backend.js";
