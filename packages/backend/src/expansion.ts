/**
 * Recognising expansions in resolved conditions. Core resolves an expansion value (`base64offset`,
 * `windash`, value placeholders) into an OR of leaves that hold the very value objects of the
 * expansion; the reference sees one value there, which matters for grouping, `IN` lists, query
 * partitioning and line-filter inference.
 */
import type { ConditionFieldLeaf, ConditionKeywordLeaf, DetectionItem, SigmaValue } from "@sigma/core";

type Leaf = ConditionFieldLeaf | ConditionKeywordLeaf;

function isLeaf(t: { readonly type: string }): t is Leaf {
  return t.type === "field" || t.type === "keyword";
}

/** True if the operands of an OR are the alternatives of one expansion value, in order. */
export function isExpansionOr(args: readonly { readonly type: string }[]): boolean {
  const first = args[0];
  if (!first || !isLeaf(first)) return false;
  const item = first.item;
  for (const value of item.values) {
    if (value.type !== "expansion" || value.values.length !== args.length) continue;
    let all = true;
    for (let i = 0; i < args.length && all; i++) {
      const arg = args[i] as { readonly type: string };
      all = isLeaf(arg) && arg.item === item && arg.value === value.values[i];
    }
    if (all) return true;
  }
  return false;
}

const loneAlternatives = new WeakMap<DetectionItem, ReadonlySet<SigmaValue>>();

/**
 * True for a leaf holding the only alternative of an expansion (core collapses a one-operand OR
 * into its leaf; the reference still groups it like an OR).
 */
export function isLoneExpansionLeaf(leaf: Leaf): boolean {
  let lone = loneAlternatives.get(leaf.item);
  if (lone === undefined) {
    const found = new Set<SigmaValue>();
    for (const v of leaf.item.values) if (v.type === "expansion" && v.values.length === 1) found.add(v.values[0] as SigmaValue);
    lone = found;
    loneAlternatives.set(leaf.item, lone);
  }
  return lone.size > 0 && lone.has(leaf.value);
}
