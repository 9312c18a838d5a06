/**
 * A processed detection rule → its LogQL queries: one per condition, or several when a long query
 * is partitioned (§5.8).
 */
import { ruleConditionTrees, type SigmaRule } from "@sigma/core";
import type { LogQuery } from "../logql/ast.js";
import { printLogQuery } from "../logql/print.js";
import { toNnf } from "./normalise.js";
import { MAX_QUERY_LENGTH, partitionTree } from "./partition.js";
import { buildLogQuery, type QueryOptions } from "./query.js";

/** The queries of a rule and the warnings met on the way. */
export interface RuleQueries {
  readonly queries: readonly LogQuery[];
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
  const warnings: string[] = [];
  for (const tree of ruleConditionTrees(rule)) {
    const nnf = toNnf(tree);
    const query = buildLogQuery(nnf, rule, options);
    const length = codePointLength(printLogQuery(query));
    if (options.partition === false || length <= MAX_QUERY_LENGTH) {
      queries.push(query);
      continue;
    }
    const partition = partitionTree(nnf, length);
    if (partition.warning) warnings.push(partition.warning);
    for (const t of partition.trees) queries.push(buildLogQuery(t, rule, options));
  }
  return { queries, warnings };
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
