/**
 * Sigma values after modifiers have been applied. Values are immutable plain objects tagged by
 * `type`; transformations replace them, never mutate them. Functions that work on them live in
 * `../values/`.
 */
import type { SourceLocation } from "../errors.js";

/** `*` (any sequence) or `?` (exactly one character) in a Sigma string. */
export interface WildcardPart {
  readonly kind: "wildcard";
  readonly wildcard: "*" | "?";
}

/** `%name%` placeholder created by the `expand` modifier; resolved by placeholder transformations. */
export interface PlaceholderPart {
  readonly kind: "placeholder";
  readonly name: string;
}

/** A piece of a Sigma string: literal text (already unescaped), a wildcard or a placeholder. */
export type StringPart = string | WildcardPart | PlaceholderPart;

/**
 * A Sigma string. `parts` never holds two adjacent text parts or empty text parts.
 * Matching is case-insensitive unless `cased` (set by the `cased` modifier).
 */
export interface SigmaStringValue {
  readonly type: "string";
  readonly parts: readonly StringPart[];
  readonly cased: boolean;
}

/** Integer or float; a YAML float with an integral value is stored as an integer (pySigma). */
export interface SigmaNumberValue {
  readonly type: "number";
  readonly value: number;
}

/** A YAML boolean (`true`/`false`, and YAML 1.1 forms such as `yes`/`off`). */
export interface SigmaBoolValue {
  readonly type: "bool";
  readonly value: boolean;
}

/** YAML `null` or an empty list: the field must be empty/absent. */
export interface SigmaNullValue {
  readonly type: "null";
}

/** Regular expression flags: `i` ignore case, `m` multiline, `s` dot matches newline. */
export type RegexFlag = "i" | "m" | "s";

/** A regular expression from the `re` modifier, kept exactly as written. */
export interface SigmaRegexValue {
  readonly type: "regex";
  readonly pattern: string;
  /** Flags from the `i`/`m`/`s` modifiers, sorted, without duplicates. */
  readonly flags: readonly RegexFlag[];
}

/** A network from the `cidr` modifier. */
export interface SigmaCidrValue {
  readonly type: "cidr";
  /** The expression as written in the rule (`10.0.0.0/8`). */
  readonly cidr: string;
  /** Normalised network address (host bits cleared). */
  readonly network: string;
  readonly prefixLength: number;
  readonly version: 4 | 6;
}

/** Numeric comparison of the `lt`/`lte`/`gt`/`gte` modifiers. */
export type CompareOperator = "lt" | "lte" | "gt" | "gte";

/** A numeric comparison from `lt`/`lte`/`gt`/`gte`. */
export interface SigmaCompareValue {
  readonly type: "compare";
  readonly op: CompareOperator;
  readonly value: number;
}

/** From the `exists` modifier. */
export interface SigmaExistsValue {
  readonly type: "exists";
  readonly exists: boolean;
}

/** From `fieldref`: the value is the name of another field; contains/startswith/endswith set the flags. */
export interface SigmaFieldReferenceValue {
  readonly type: "fieldref";
  readonly field: string;
  readonly startsWith: boolean;
  readonly endsWith: boolean;
}

/** The part of a timestamp the `minute`…`year` modifiers compare. */
export type TimestampPart = "minute" | "hour" | "day" | "week" | "month" | "year";

/** From `minute`/`hour`/`day`/`week`/`month`/`year`: compare one part of a timestamp field. */
export interface SigmaTimestampPartValue {
  readonly type: "timestamp_part";
  readonly part: TimestampPart;
  /** The number, or a comparison when a compare modifier follows. */
  readonly value: SigmaNumberValue | SigmaCompareValue;
}

/**
 * Several alternatives produced from one value (`base64offset`, `windash`, `value_placeholders`).
 * Always an OR, even under `all`; an AND when negated.
 */
export interface SigmaExpansionValue {
  readonly type: "expansion";
  readonly values: readonly SigmaValue[];
}

/** A query fragment produced by `query_expression_placeholders`; `{field}` and `{id}` are filled in by the backend. */
export interface SigmaQueryExpressionValue {
  readonly type: "query_expression";
  readonly expression: string;
  readonly id: string;
}

/** Any value of a detection item after its modifiers were applied; `type` tells the kind. */
export type SigmaValue =
  | SigmaStringValue
  | SigmaNumberValue
  | SigmaBoolValue
  | SigmaNullValue
  | SigmaRegexValue
  | SigmaCidrValue
  | SigmaCompareValue
  | SigmaExistsValue
  | SigmaFieldReferenceValue
  | SigmaTimestampPartValue
  | SigmaExpansionValue
  | SigmaQueryExpressionValue;

/** The kinds of {@link SigmaValue} (`"string"`, `"regex"`, `"cidr"`, …). */
export type SigmaValueType = SigmaValue["type"];

/** A value as written in the rule, before modifiers: what YAML gave us, with its location. */
export interface RawValue {
  readonly value: string | number | boolean | null;
  readonly location?: SourceLocation;
}
