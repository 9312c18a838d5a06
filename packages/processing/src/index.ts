/**
 * @sigma/processing — processing pipelines for Sigma rules: transformations, rule / detection-item /
 * field-name conditions, postprocessing, finalizers, the pipeline YAML loader and the resolver.
 * @packageDocumentation
 */

// Contracts
export type {
  ConditionSet,
  DefinitionContext,
  DetectionItemCondition,
  DetectionItemConditionDefinition,
  FieldNameCondition,
  FieldNameConditionDefinition,
  Finalizer,
  FinalizerDefinition,
  OutputContext,
  PostprocessingDefinition,
  PostprocessingItem,
  ProcessingItem,
  ProcessingPipeline,
  QueryPostprocessor,
  RuleCondition,
  RuleConditionDefinition,
  Transformation,
  TransformationContext,
  TransformationDefinition,
  TypeDefinition,
} from "./types.js";
export { Params } from "./params.js";
export { PipelineState, markRuleProcessed, ruleProcessingItems, wasProcessedBy } from "./state.js";
export type { ProcessableRule } from "./state.js";

// Pipelines
export {
  applyPipeline,
  createPipeline,
  finalizeQueries,
  mergePipelines,
  postprocessQuery,
} from "./pipeline.js";
export type { ApplyOptions, ApplyResult, PipelineInit } from "./pipeline.js";
export { applyItem, evaluateConditionSet, matchRule, noConditions, transformationContext } from "./item.js";
export { composeBackendPipeline } from "./backend-pipeline.js";
export type { BackendPipelineParts } from "./backend-pipeline.js";

// Definitions, YAML, resolver, registry
export { definePipeline, pipelineFromObject, processingItemsFromObject } from "./definition.js";
export type {
  DetectionItemConditionSpec,
  FieldNameConditionSpec,
  FinalizerSpec,
  PipelineDefinition,
  PipelineFromObjectOptions,
  PostprocessingSpec,
  ProcessingItemConditionsSpec,
  RuleConditionSpec,
  RuleConditionsSpec,
  TransformationSpec,
} from "./definition.js";
export { loadPipelineYaml } from "./yaml.js";
export type { LoadPipelineYamlOptions } from "./yaml.js";
export { resolvePipeline, resolvePipelineList, resolvePipelines } from "./resolver.js";
export type { ResolveOptions, ResolvedPipeline } from "./resolver.js";
export { ProcessingRegistry, builtinPlugin, builtinRegistry, createRegistry } from "./registry.js";
export type { PipelineFactory, PluginConditions, ProcessingPlugin, RegisteredPipeline } from "./registry.js";
export { autoItemId } from "./hash.js";
export { parseConditionExpression, evaluateExpression, expressionIds } from "./expression.js";
export type { ConditionExpression } from "./expression.js";

// Typed type maps (augment by declaration merging) and parameter types
export type { TransformationTypes } from "./transformations/index.js";
export type { RuleConditionTypes } from "./conditions/rule.js";
export type { DetectionItemConditionTypes } from "./conditions/detection-item.js";
export type { FieldNameConditionTypes } from "./conditions/field-name.js";
export type { PostprocessingTypes } from "./output/postprocessing.js";
export type { FinalizerTypes } from "./output/finalizers.js";
export type * from "./transformations/fields.js";
export type * from "./transformations/values.js";
export type * from "./transformations/detection.js";
export type * from "./transformations/rule.js";
export type * from "./transformations/placeholders.js";
export type * from "./conditions/rule.js";
export type * from "./conditions/detection-item.js";
export type * from "./conditions/field-name.js";
export type * from "./output/postprocessing.js";
export type * from "./output/finalizers.js";
export type { TemplateParams } from "./output/format.js";

// Building blocks for plugin transformations
export { fieldNameTransformation } from "./transformations/fields.js";
export { valueTransformation } from "./transformations/values.js";
export type { ValueResult } from "./transformations/values.js";
export {
  placeholderSelection,
  placeholderTransformation,
  placeholderTransformationDefinition,
} from "./transformations/placeholders.js";
export type { PlaceholderResolver } from "./transformations/placeholders.js";
export { randomConditionName } from "./transformations/rule.js";
export { detectionItems, rewriteDetectionItems } from "./detections.js";
export type { ItemRewrite } from "./detections.js";
export { compilePythonRegex, pythonToRe2, UnsupportedRegexError } from "./pyregex/index.js";
export type { PythonRegex } from "./pyregex/index.js";
export { pythonFormat, pythonJsonDumps } from "./output/format.js";
