/**
 * A processed detection rule → its LogQL queries: one per condition, or several when a long query
 * is partitioned (§5.8).
 */
import { pushDownNegation, type NormalisedTree } from "@sigma/backend";
import { ruleConditionTrees, type SigmaRule } from "@sigma/core";
import type { LineFilter, LogQuery } from "../logql/ast.js";
import { printLogQuery } from "../logql/print.js";
import { DOTALL_MULTI } from "../regex/escape.js";
import { MAX_QUERY_LENGTH, partitionTree } from "./partition.js";
import { buildLogQuery, impliedLineFilter, type QueryOptions } from "./query.js";

/** The queries of a rule, their text (each printed once), and the warnings met on the way. */
export interface RuleQueries {
  readonly queries: readonly LogQuery[];
  /** `printLogQuery` of each query, in the same order. */
  readonly texts: readonly string[];
  readonly warnings: readonly string[];
}

/** Options of {@link ruleToLogQueries}. */
export interface RuleQueryOptions extends QueryOptions {
  /**
   * Split queries longer than {@link MAX_QUERY_LENGTH} (default true). The reference only splits in
   * the default format (it measures the finalised query, a mapping in the YAML formats).
   */
  readonly partition?: boolean;
}

/** Converts every condition of a processed rule. Throws a SigmaError for what Loki cannot express. */
export function ruleToLogQueries(rule: SigmaRule, options: RuleQueryOptions): RuleQueries {
  const queries: LogQuery[] = [];
  const texts: string[] = [];
  const warnings: string[] = [];
  for (const tree of ruleConditionTrees(rule)) {
    const nnf = pushDownNegation(tree);
    const query = buildLogQuery(nnf, rule, options);
    const text = printLogQuery(query);
    if (options.partition === false) {
      queries.push(query);
      texts.push(text);
      continue;
    }
    const length = referenceLength(text);
    if (length <= MAX_QUERY_LENGTH) {
      queries.push(query);
      texts.push(text);
      continue;
    }
    const partition = partitionTree(nnf, length);
    if (partition.warning) warnings.push(partition.warning);
    const lineFilter = partsLineFilter(nnf, partition.trees, rule, options);
    for (const t of partition.trees) {
      const part = buildLogQuery(t, rule, options, lineFilter);
      queries.push(part);
      texts.push(printLogQuery(part));
    }
  }
  return { queries, texts, warnings };
}

/**
 * The `add_line_filters` filter of a partitioned query's parts, as the reference chooses it: the
 * whole condition's filter (implied by every part) for all parts; without one, none when the first
 * part has none. Otherwise (`undefined`) each part infers its own: the reference would give every
 * part the first part's filter, which the other parts need not imply.
 */
function partsLineFilter(
  whole: NormalisedTree,
  parts: readonly NormalisedTree[],
  rule: SigmaRule,
  options: RuleQueryOptions,
): LineFilter | null | undefined {
  if (!options.addLineFilters) return undefined;
  const first = parts[0];
  return impliedLineFilter(whole, rule, options) ?? (first !== undefined && impliedLineFilter(first, rule, options) ? undefined : null);
}

/**
 * The length the split is decided on: the query's, in code points, with each dot-all wildcard
 * (`(?s:.*)`, `(?s:.)`) counted as the reference writes it (`.*`, `.`). The threshold is the
 * reference's heuristic (Loki enforces no query length: the corpus holds unsplittable queries of
 * 12 000 characters); measured so, a rule is split where the reference splits it.
 */
function referenceLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // The second half of a surrogate pair: one code point for two code units.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff) n--;
  }
  for (let at = s.indexOf(DOTALL_PREFIX); at >= 0; at = s.indexOf(DOTALL_PREFIX, at + DOTALL_PREFIX.length)) n -= DOTALL_EXTRA;
  return n;
}

/** What `(?s:.*)` and `(?s:.)` start with, and how much longer than `.*` / `.` they are. */
const DOTALL_PREFIX = "(?s:.";
const DOTALL_EXTRA = DOTALL_MULTI.length - 2;
