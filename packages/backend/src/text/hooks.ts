/**
 * Typed per-leaf hooks of the text base: where a pySigma backend overrides one
 * `convert_condition_field_eq_val_*` / `convert_condition_val_*` method, a backend here gives a
 * function for that kind of value. A hook gets the condition and tools (the standard conversion,
 * the value writers, deferred parts) and returns the condition's text or a deferred-part marker.
 */
import type { DetectionItem, SigmaRegexValue, SigmaStringValue, SigmaValue, SigmaValueType } from "@sigma/core";
import type { DeferredMarker } from "../deferred.js";
import type { BackendOptionValues, QueryContext } from "../types.js";

/** The deferred part type of the text base: text for the plain and the negated form. */
export interface TextDeferredPart {
  readonly text: string;
  /** Used when a NOT applies to the part; absent: negating the part fails. */
  readonly negatedText?: string;
}

/** The query context of the text base. */
export type TextQueryContext<O extends BackendOptionValues = BackendOptionValues> = QueryContext<O, TextDeferredPart>;

/** What a leaf becomes: its text, or the marker of a deferred part. */
export type LeafOutput = string | DeferredMarker;

/** The value of a kind. */
export type SigmaValueOf<K extends SigmaValueType> = Extract<SigmaValue, { readonly type: K }>;

/** A field condition as a hook sees it. `negated` is only set in languages without NOT. */
export interface FieldCondition<V extends SigmaValue = SigmaValue> {
  readonly field: string;
  readonly value: V;
  readonly negated: boolean;
  readonly item: DetectionItem;
}

/** A keyword (value without field) as a hook sees it. */
export interface KeywordCondition<V extends SigmaValue = SigmaValue> {
  readonly value: V;
  readonly negated: boolean;
  readonly item: DetectionItem;
}

/** What a hook can use. */
export interface LeafTools {
  readonly ctx: TextQueryContext;
  /** The conversion the settings give this condition (throws what it would throw). */
  standard(): LeafOutput;
  /** A field name escaped and quoted. */
  field(name: string): string;
  /** A string escaped and quoted. */
  string(value: SigmaStringValue): string;
  /** A regex escaped, with its flag prefix. */
  regex(value: SigmaRegexValue): string;
  /** A string as a regex (metacharacters escaped, wildcards as `.*` / `.`). */
  stringAsRegex(value: SigmaStringValue): string;
  /** Registers a deferred part for this condition (negated when the condition is) and returns its marker. */
  defer(part: TextDeferredPart): DeferredMarker;
}

/** Converts field conditions holding one kind of value. */
export type FieldHook<V extends SigmaValue> = (condition: FieldCondition<V>, tools: LeafTools) => LeafOutput;

/** Converts keywords holding one kind of value. */
export type KeywordHook<V extends SigmaValue> = (condition: KeywordCondition<V>, tools: LeafTools) => LeafOutput;

/** The kinds of keyword values a backend can convert (booleans and CIDR need a field). */
export type KeywordValueType = "string" | "number" | "regex" | "query_expression";

/** Hooks of the text base. */
export interface TextQueryHooks {
  /** Field conditions, by value kind. */
  readonly field?: { readonly [K in Exclude<SigmaValueType, "expansion">]?: FieldHook<SigmaValueOf<K>> };
  /** Keywords, by value kind. */
  readonly keyword?: { readonly [K in KeywordValueType]?: KeywordHook<SigmaValueOf<K>> };
  /** Replaces field-name escaping and quoting everywhere (pySigma `escape_and_quote_field`). */
  readonly quoteField?: (name: string, standard: (name: string) => string) => string;
  /** Each referenced query of a multi-rule correlation search (pySigma `convert_correlation_search_multi_rule_query_postprocess`). */
  readonly multiRuleSearchQuery?: (query: string) => string;
  /** Each referenced query of the typing phase (pySigma `convert_correlation_typing_query_postprocess`). */
  readonly typingQuery?: (query: string) => string;
}
