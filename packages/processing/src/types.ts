/**
 * The contracts of the processing framework: transformations, conditions, processing items,
 * pipelines, postprocessing and finalizers. Built-in types and plugin types implement the same
 * interfaces.
 */
import type { DetectionItem, SigmaValue, SourceLocation } from "@sigma/core";
import type { ConditionExpression } from "./expression.js";
import type { Params } from "./params.js";
import type { PipelineState, ProcessableRule } from "./state.js";

/** Rule condition: decides whether a processing item applies to a rule. */
export interface RuleCondition {
  readonly type: string;
  matchRule(rule: ProcessableRule, state: PipelineState): boolean;
}

/** Detection item condition: selects the detection items a transformation touches. */
export interface DetectionItemCondition {
  readonly type: string;
  matchDetectionItem(item: DetectionItem, state: PipelineState): boolean;
}

/** Field name condition: selects the field names a transformation touches. */
export interface FieldNameCondition {
  readonly type: string;
  /** `field` is null for keyword items. */
  matchFieldName(field: string | null, state: PipelineState): boolean;
}

/**
 * A list of conditions and how they combine: `op` over all conditions (default `and`), or a boolean
 * `expression` over their ids; then `not` negates the result. No conditions ⇒ always true.
 */
export interface ConditionSet<C> {
  readonly conditions: ReadonlyArray<{ readonly id?: string; readonly condition: C }>;
  readonly op: "and" | "or";
  readonly not: boolean;
  readonly expression?: ConditionExpression;
}

/**
 * What a transformation gets besides the rule: the pipeline state and the item's condition
 * matchers (which take the item's detection-item and field-name conditions into account).
 */
export interface TransformationContext {
  /** Pipeline state (vars, `set_state` store, applied-item tracking). */
  readonly state: PipelineState;
  /** The processing item being applied. */
  readonly item: ProcessingItem;
  /** True if the item's detection-item and field-name conditions select this detection item. */
  matchDetectionItem(item: DetectionItem): boolean;
  /** True if the item's field-name conditions select this field (null = keyword). */
  matchFieldName(field: string | null): boolean;
  /** True if the value is a field reference whose field the field-name conditions select. */
  matchFieldInValue(value: SigmaValue): boolean;
  /** Records that the item changed this detection item. */
  markDetectionItem(item: DetectionItem): void;
  /**
   * Call before a transformation adds `added` values to the rule (an expansion: placeholders,
   * lists, a field mapped to several fields): they are counted against `state.limits.maxValues`
   * for the rule, and a located `SigmaLimitError` is thrown when they do not fit. `what` says what
   * grows, e.g. "Transformation 'value_placeholders' expands this value to 1,000 values" (called
   * only then).
   */
  addValues(added: number, what: () => string, location?: SourceLocation): void;
  /** Applies nested processing items to the rule (used by `nest`). */
  applyItems(items: readonly ProcessingItem[], rule: ProcessableRule): void;
}

/**
 * A transformation: changes a rule in place. The rule is already a private copy, so
 * transformations may mutate it (values are immutable and are replaced, never mutated).
 *
 * @example A plugin transformation that sets a custom attribute:
 * ```ts
 * const def: TransformationDefinition = {
 *   params: ["value"],
 *   create: (p) => {
 *     const value = p.string("value");
 *     return { type: "my_type", apply: (rule) => { rule.customAttributes.my = value; } };
 *   },
 * };
 * ```
 */
export interface Transformation {
  /** The YAML `type` name. */
  readonly type: string;
  apply(rule: ProcessableRule, context: TransformationContext): void;
}

/** What a definition's `create` gets besides the parameters. */
export interface DefinitionContext {
  /** Where the processing item is defined. */
  readonly location?: SourceLocation;
  /** Path of the pipeline file, for parameters that name files relative to it. */
  readonly path?: string;
  /** Builds nested processing items (for `nest`) from plain data. */
  buildItems(data: unknown, location?: SourceLocation): ProcessingItem[];
  /** Builds nested postprocessing items (for postprocessing `nest`). */
  buildPostprocessing(data: unknown, location?: SourceLocation): PostprocessingItem[];
  /** Builds nested finalizers (for finalizer `nested`). */
  buildFinalizers(data: unknown, location?: SourceLocation): Finalizer[];
  /** Reads a file named by a parameter (template files); absent in environments without files. */
  readonly loadFile?: ((path: string) => string) | undefined;
}

/**
 * A registered YAML `type`: the parameter names it accepts and a factory. `P` documents the typed
 * parameters (the same as the type's entry in the `*Types` interface); `create` validates the raw
 * parameters through {@link Params}.
 */
export interface TypeDefinition<T, P extends object = object> {
  /** Accepted parameter names; any other key is an error. */
  readonly params: readonly (keyof P & string)[] | readonly string[];
  /** One line saying what the type does (shown by `sigma list transformations` / `conditions`). */
  readonly description?: string;
  create(params: Params, context: DefinitionContext): T;
}

/** Definition of a transformation type. */
export type TransformationDefinition<P extends object = object> = TypeDefinition<Transformation, P>;
/** Definition of a rule condition type. */
export type RuleConditionDefinition<P extends object = object> = TypeDefinition<RuleCondition, P>;
/** Definition of a detection item condition type. */
export type DetectionItemConditionDefinition<P extends object = object> = TypeDefinition<DetectionItemCondition, P>;
/** Definition of a field name condition type. */
export type FieldNameConditionDefinition<P extends object = object> = TypeDefinition<FieldNameCondition, P>;
/** Definition of a postprocessing type. */
export type PostprocessingDefinition<P extends object = object> = TypeDefinition<QueryPostprocessor, P>;
/** Definition of a finalizer type. */
export type FinalizerDefinition<P extends object = object> = TypeDefinition<Finalizer, P>;

/** One processing item of a pipeline: a transformation and the conditions under which it applies. */
export interface ProcessingItem {
  /** Item id (given, or derived from type, parameters and conditions). */
  readonly id: string;
  readonly transformation: Transformation;
  readonly ruleConditions: ConditionSet<RuleCondition>;
  readonly detectionItemConditions: ConditionSet<DetectionItemCondition>;
  readonly fieldNameConditions: ConditionSet<FieldNameCondition>;
  readonly location?: SourceLocation;
}

/** Context of a postprocessing step or a finalizer. */
export interface OutputContext {
  readonly pipeline: ProcessingPipeline;
  readonly state?: PipelineState;
}

/** Changes one query of one rule (spec §3.4). */
export interface QueryPostprocessor {
  readonly type: string;
  apply(query: string, rule: ProcessableRule, context: OutputContext): string;
}

/** A postprocessing step with its rule conditions. */
export interface PostprocessingItem {
  readonly id: string;
  readonly postprocessor: QueryPostprocessor;
  readonly ruleConditions: ConditionSet<RuleCondition>;
  readonly location?: SourceLocation;
}

/** Turns the list of all queries into the output (spec §3.4). */
export interface Finalizer {
  readonly type: string;
  /** `input` is the list of queries for the first finalizer, else the previous finalizer's output. */
  finalize(input: unknown, context: OutputContext): unknown;
}

/** A processing pipeline: ordered items, postprocessing and finalizers. Plain data, never mutated. */
export interface ProcessingPipeline {
  readonly name?: string;
  /** Lower runs first when pipelines are resolved (default 0). */
  readonly priority: number;
  /** Backends the pipeline is meant for; empty = all. */
  readonly allowedBackends: readonly string[];
  /** Variables for `value_placeholders` and templates. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly items: readonly ProcessingItem[];
  readonly postprocessing: readonly PostprocessingItem[];
  readonly finalizers: readonly Finalizer[];
  /** The file the pipeline was read from, if any. */
  readonly path?: string;
}
