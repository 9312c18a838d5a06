/**
 * De Morgan negation normaliser for languages without a NOT operator (LogQL): pushes every NOT
 * down to the leaves, swapping AND and OR on the way, so that each leaf says itself whether it is
 * negated and can be emitted with a negated operator (`!=`, `!~`, inverted comparisons …).
 * Expansion ORs (see `expansion.ts`) stay marked; nested AND/OR nodes are kept as they are unless
 * `flatten` is asked for.
 */
import type {
  ConditionFieldLeaf,
  ConditionKeywordLeaf,
  ConditionTree,
  DetectionItem,
  SigmaValue,
} from "@sigma/core";
import { isExpansionOr } from "./expansion.js";

/** A field leaf of a normalised tree: `negated` means "field does not match value". */
export interface NormalisedFieldLeaf {
  readonly type: "field";
  readonly field: string;
  /** Never an expansion unless `expandExpansions` was false. */
  readonly value: SigmaValue;
  /** The detection item the leaf came from. */
  readonly item: DetectionItem;
  readonly negated: boolean;
}

/** A keyword leaf of a normalised tree: `negated` means "event does not contain value". */
export interface NormalisedKeywordLeaf {
  readonly type: "keyword";
  readonly value: SigmaValue;
  readonly item: DetectionItem;
  readonly negated: boolean;
}

/** A leaf of a normalised tree. */
export type NormalisedLeaf = NormalisedFieldLeaf | NormalisedKeywordLeaf;

/** A condition without NOT nodes. AND/OR nodes have at least two args. */
export type NormalisedTree = NormalisedNode | NormalisedLeaf;

/** An AND/OR node of a normalised tree. */
export interface NormalisedNode {
  readonly type: "and" | "or";
  readonly args: readonly NormalisedTree[];
  /** Set on the OR (AND when negated) made from the alternatives of one expansion value. */
  readonly expansion?: true;
}

/** Options of {@link pushDownNegation}. */
export interface PushDownNegationOptions {
  /**
   * Replace leaves still holding an expansion value by an OR of one leaf per alternative — an AND
   * when negated. Default true; when false, such leaves are kept and flagged like any other leaf.
   */
  readonly expandExpansions?: boolean;
  /** Merge an AND (OR) node into a parent AND (OR) node. Default false (structure is kept). */
  readonly flatten?: boolean;
}

/**
 * Rewrites a condition tree without NOT (De Morgan): `not (a and b)` → `(not a) or (not b)`,
 * `not (a or b)` → `(not a) and (not b)`, `not not a` → `a`; leaves carry `negated`.
 * The result matches exactly the same events as the input.
 */
export function pushDownNegation(tree: ConditionTree, options: PushDownNegationOptions = {}): NormalisedTree {
  const expand = options.expandExpansions ?? true;
  const flatten = options.flatten ?? false;

  const node = (type: "and" | "or", args: NormalisedTree[], expansion: boolean): NormalisedTree => {
    // Single-alternative expansions leave one arg: no AND/OR node with fewer than two args.
    if (args.length === 1) return args[0] as NormalisedTree;
    if (expansion) return { type, args, expansion: true };
    if (!flatten) return { type, args };
    // Expansion nodes keep their own args so that their marking stays meaningful.
    return { type, args: args.flatMap((a) => (a.type === type && !a.expansion ? a.args : [a])) };
  };

  const leaf = (l: ConditionFieldLeaf | ConditionKeywordLeaf, value: SigmaValue, negated: boolean): NormalisedTree => {
    if (expand && value.type === "expansion" && value.values.length > 0) {
      // An expansion is an OR of alternatives; under negation, not (a or b) = not a and not b.
      return node(
        negated ? "and" : "or",
        value.values.map((v) => leaf(l, v, negated)),
        true,
      );
    }
    return l.type === "field"
      ? { type: "field", field: l.field, value, item: l.item, negated }
      : { type: "keyword", value, item: l.item, negated };
  };

  const walk = (t: ConditionTree, negated: boolean): NormalisedTree => {
    switch (t.type) {
      case "not":
        return walk(t.arg, !negated);
      case "and":
      case "or":
        return node(
          negated ? (t.type === "and" ? "or" : "and") : t.type,
          t.args.map((a) => walk(a, negated)),
          t.type === "or" && isExpansionOr(t.args),
        );
      default:
        return leaf(t, t.value, negated);
    }
  };

  return walk(tree, false);
}

/** True for a leaf of a normalised tree. */
export function isNormalisedLeaf(t: NormalisedTree): t is NormalisedLeaf {
  return t.type === "field" || t.type === "keyword";
}

/** The operands of a node with nested nodes of the same kind merged in. */
export function flatArgs(t: NormalisedNode): NormalisedTree[] {
  return t.args.flatMap((a) => (a.type === t.type ? flatArgs(a) : [a]));
}

/** True if the subtree holds a leaf of the given kind. */
export function hasLeaf(t: NormalisedTree, type: NormalisedLeaf["type"]): boolean {
  return isNormalisedLeaf(t) ? t.type === type : t.args.some((a) => hasLeaf(a, type));
}
