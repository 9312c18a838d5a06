/**
 * Negation normal form for LogQL, which has no NOT: negations are pushed to the leaves (De Morgan),
 * expansions become OR (AND when negated) of one leaf per alternative. Nested AND/OR nodes are
 * kept as they are: query partitioning picks the top-most OR of the reference's unflattened tree.
 *
 * NOTE: @sigma/backend has a general `pushDownNegation`; this local version marks expansion nodes
 * (partitioning skips them, as the reference sees one value there) and keeps the leaf shape small.
 */
import type { ConditionFieldLeaf, ConditionKeywordLeaf, ConditionTree, SigmaValue } from "@sigma/core";

/** A leaf with its polarity. */
export interface NnfLeaf {
  readonly type: "leaf";
  readonly leaf: ConditionFieldLeaf | ConditionKeywordLeaf;
  /** The value (an alternative of an expansion, never an expansion). */
  readonly value: SigmaValue;
  readonly negated: boolean;
}

/** An AND/OR node; `expansion` marks the OR (AND) made from one expanded value. */
export interface NnfNode {
  readonly type: "and" | "or";
  readonly args: readonly NnfTree[];
  readonly expansion?: boolean;
}

/** A condition without NOT. AND/OR nodes have at least two args (partitioning may leave one). */
export type NnfTree = NnfNode | NnfLeaf;

/** Rewrites a condition tree into negation normal form. */
export function toNnf(tree: ConditionTree): NnfTree {
  return walk(tree, false);
}

function node(type: "and" | "or", args: readonly NnfTree[], expansion = false): NnfTree {
  if (args.length === 1) return args[0] as NnfTree;
  return expansion ? { type, args, expansion } : { type, args };
}

function leaf(l: ConditionFieldLeaf | ConditionKeywordLeaf, value: SigmaValue, negated: boolean): NnfTree {
  if (value.type === "expansion" && value.values.length > 0) {
    // not (a or b) = not a and not b
    return node(
      negated ? "and" : "or",
      value.values.map((v) => leaf(l, v, negated)),
      true,
    );
  }
  return { type: "leaf", leaf: l, value, negated };
}

function walk(t: ConditionTree, negated: boolean): NnfTree {
  switch (t.type) {
    case "not":
      return walk(t.arg, !negated);
    case "and":
    case "or": {
      const type = negated ? (t.type === "and" ? "or" : "and") : t.type;
      return node(
        type,
        t.args.map((a) => walk(a, negated)),
        t.type === "or" && isExpansionOr(t.args),
      );
    }
    default:
      return leaf(t, t.value, negated);
  }
}

/**
 * True if the OR's operands are the alternatives of one expansion value (core resolves an
 * expansion into an OR of leaves holding the very value objects of the expansion).
 */
function isExpansionOr(args: readonly ConditionTree[]): boolean {
  const first = args[0];
  if (!first || (first.type !== "field" && first.type !== "keyword")) return false;
  const item = first.item;
  const leaves = args.filter((a): a is ConditionFieldLeaf | ConditionKeywordLeaf => (a.type === "field" || a.type === "keyword") && a.item === item);
  if (leaves.length !== args.length) return false;
  return item.values.some(
    (v) => v.type === "expansion" && v.values.length === leaves.length && leaves.every((l, i) => l.value === v.values[i]),
  );
}

/** The operands of a node with nested nodes of the same kind merged in. */
export function flatArgs(t: NnfNode): NnfTree[] {
  return t.args.flatMap((a) => (a.type === t.type ? flatArgs(a) : [a]));
}

/** True if the subtree holds a keyword leaf. */
export function hasKeyword(t: NnfTree): boolean {
  return t.type === "leaf" ? t.leaf.type === "keyword" : t.args.some(hasKeyword);
}

/** True if the subtree holds a field leaf. */
export function hasField(t: NnfTree): boolean {
  return t.type === "leaf" ? t.leaf.type === "field" : t.args.some(hasField);
}
