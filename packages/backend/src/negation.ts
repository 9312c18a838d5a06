/**
 * De Morgan negation normaliser for languages without a NOT operator (LogQL): pushes every NOT
 * down to the leaves, swapping AND and OR on the way, so that each leaf says itself whether it is
 * negated and can be emitted with a negated operator (`!=`, `!~`, inverted comparisons …).
 */
import type {
  ConditionFieldLeaf,
  ConditionKeywordLeaf,
  ConditionTree,
  DetectionItem,
  SigmaValue,
} from "@sigma/core";

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
   * Replace leaves holding an expansion value (`base64offset`, `windash`, value placeholders) by
   * an OR of one leaf per alternative — an AND when negated. Default true; when false, expansion
   * leaves are kept and flagged like any other leaf.
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
export function pushDownNegation(
  tree: ConditionTree,
  options: PushDownNegationOptions = {},
): NormalisedTree {
  const expand = options.expandExpansions ?? true;
  const flatten = options.flatten ?? false;

  const node = (type: "and" | "or", args: NormalisedTree[], expansion = false): NormalisedTree => {
    const out: NormalisedTree[] = [];
    for (const arg of args) {
      // Expansion nodes keep their own args so that their marking stays meaningful.
      if (flatten && !expansion && arg.type === type && !arg.expansion) out.push(...arg.args);
      else out.push(arg);
    }
    // Single-alternative expansions leave one arg: no AND/OR node with fewer than two args.
    if (out.length === 1) return out[0] as NormalisedTree;
    return expansion ? { type, args: out, expansion: true } : { type, args: out };
  };

  const leaf = (
    l: ConditionFieldLeaf | ConditionKeywordLeaf,
    value: SigmaValue,
    negated: boolean,
  ): NormalisedTree => {
    if (expand && value.type === "expansion" && value.values.length > 0) {
      // An expansion is an OR of alternatives; under negation, not (a or b) = not a and not b.
      return node(
        negated ? "and" : "or",
        value.values.map((v) => leaf(l, v, negated)),
        true,
      );
    }
    return { ...l, value, negated } as NormalisedLeaf;
  };

  const walk = (t: ConditionTree, negated: boolean): NormalisedTree => {
    switch (t.type) {
      case "not":
        return walk(t.arg, !negated);
      case "and":
      case "or": {
        const type = negated ? (t.type === "and" ? "or" : "and") : t.type;
        return node(type, t.args.map((a) => walk(a, negated)));
      }
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
