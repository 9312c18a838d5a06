/**
 * Conditions. `ConditionAst` is the parsed condition string (identifiers and selectors still by
 * name); `ConditionTree` is the same condition with every identifier replaced by the detection it
 * names, down to one leaf per value. Backends convert `ConditionTree`s.
 */
import type { SourceLocation } from "../errors.js";
import type { DetectionItem } from "./detection.js";
import type { SigmaValue } from "./values.js";

/** Parsed condition string. `start`/`end` are offsets into the condition string. */
export type ConditionAst =
  | { readonly type: "identifier"; readonly name: string; readonly start: number; readonly end: number }
  | {
      readonly type: "selector";
      /** `1 of` and `any of` are both "any". */
      readonly quantifier: "any" | "all";
      /** A pattern with `*` wildcards, or `them`. */
      readonly pattern: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly type: "and" | "or"; readonly args: readonly ConditionAst[] }
  | { readonly type: "not"; readonly arg: ConditionAst };

/** A leaf comparing a field with a value (`field` may be an empty string after processing). */
export interface ConditionFieldLeaf {
  readonly type: "field";
  readonly field: string;
  readonly value: SigmaValue;
  /** The detection item the leaf came from (for processing conditions and error locations). */
  readonly item: DetectionItem;
}

/** A keyword: a value searched anywhere in the event. */
export interface ConditionKeywordLeaf {
  readonly type: "keyword";
  readonly value: SigmaValue;
  readonly item: DetectionItem;
}

/** A resolved condition, ready for a backend. AND/OR nodes always have at least two args. */
export type ConditionTree =
  | { readonly type: "and" | "or"; readonly args: readonly ConditionTree[] }
  | { readonly type: "not"; readonly arg: ConditionTree }
  | ConditionFieldLeaf
  | ConditionKeywordLeaf;

/** A condition string with its parse, as kept on a rule. */
export interface ParsedCondition {
  readonly source: string;
  readonly ast: ConditionAst;
  readonly location?: SourceLocation;
}
