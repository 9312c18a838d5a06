/**
 * Query-length partitioning (§5.8): a query longer than Loki accepts comfortably is split into
 * several queries, each keeping part of the top-most OR. Unlike the reference (which drops the
 * remainder of an uneven split), every OR operand ends up in exactly one query.
 */
import { isNormalisedLeaf, type NormalisedNode, type NormalisedTree } from "@sigma/backend";

/** 80 % of Loki's default maximum query length (5120). */
export const MAX_QUERY_LENGTH = 4096;

/** The outcome of {@link partitionTree}. */
export interface Partition {
  readonly trees: readonly NormalisedTree[];
  readonly warning?: string;
}

/**
 * Splits the condition into `ceil(length / MAX_QUERY_LENGTH)` conditions over slices of the
 * top-most (breadth-first) OR; the last slice takes the remainder. Splitting an OR that only sits
 * under AND/OR nodes is exact: f(a ∨ b) = f(a) ∨ f(b) for such a position (negations are already
 * at the leaves).
 */
export function partitionTree(tree: NormalisedTree, queryLength: number): Partition {
  let parts = Math.ceil(queryLength / MAX_QUERY_LENGTH);
  if (parts <= 1) return { trees: [tree] };
  const or = topMostOr(tree);
  if (!or) {
    return { trees: [tree], warning: "Cannot partition a rule that exceeds query length limits due to lack of ORs" };
  }
  let warning: string | undefined;
  const n = or.args.length;
  if (n < parts) {
    parts = n;
    warning = `Too few arguments to highest OR, reducing partition count to ${n}`;
  }
  const k = Math.floor(n / parts);
  const trees: NormalisedTree[] = [];
  for (let i = 0; i < parts; i++) {
    const slice = or.args.slice(i * k, i === parts - 1 ? n : (i + 1) * k);
    // A one-operand OR is kept: it prints in parentheses, as the reference prints it.
    const replacement: NormalisedTree = { type: "or", args: slice };
    trees.push(replaceNode(tree, or, replacement));
  }
  return warning ? { trees, warning } : { trees };
}

function topMostOr(tree: NormalisedTree): NormalisedNode | undefined {
  const queue: NormalisedTree[] = [tree];
  while (queue.length > 0) {
    const t = queue.shift() as NormalisedTree;
    if (isNormalisedLeaf(t) || t.expansion) continue;
    if (t.type === "or") return t;
    queue.push(...t.args);
  }
  return undefined;
}

function replaceNode(t: NormalisedTree, target: NormalisedNode, replacement: NormalisedTree): NormalisedTree {
  if (t === target) return replacement;
  if (isNormalisedLeaf(t)) return t;
  return { ...t, args: t.args.map((a) => replaceNode(a, target, replacement)) };
}
