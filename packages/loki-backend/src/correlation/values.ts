/**
 * Correlations over the values of a field, read with `unwrap`: `value_sum` (per-group sum),
 * `value_avg`, `value_percentile` and `value_median` (over every sample of a group: Loki merges
 * the samples of a group before the function when the range aggregation has `by`). A value that is
 * no number drops out (`| __error__=""` after `unwrap`), as does an event without the field.
 *
 * An average or a percentile cannot be combined from per-rule results, so their samples must come
 * from one log query: the searches of several rules are merged into one when they share the
 * stream selector and the stages before their label filters (`{…} | json | (a) or (b)`).
 */
import { correlationPercentile } from "@sigma/backend";
import type { LabelFilterExpr, LogQuery, MetricExpr, PipelineStage, RawLogQuery } from "../logql/ast.js";
import { printSelector, printStage } from "../logql/print.js";
import { missingParser } from "../convert/query.js";
import type { Correlation, Search } from "./context.js";
import { NO_ERROR, aggregate, compared, union, unwrappedRanges } from "./searches.js";

function compare(c: Correlation, expr: MetricExpr): MetricExpr {
  const { op, count } = c.threshold();
  return compared(expr, op, count);
}

/** `sum [by (group-by)] (sum_over_time(q | unwrap f | __error__="" [T])) <op> <count>`. */
export function valueSum(c: Correlation): MetricExpr {
  c.detectionSearches("value_sum adds up field values of events");
  const field = c.valueField();
  return compare(c, aggregate("sum", c.groupBy, union(c, (s) => unwrappedRanges(c, s, "sum_over_time", field))));
}

/** φ of `value_percentile` (percentile / 100) and `value_median` (0.5). */
function quantile(c: Correlation): number {
  if (c.rule.type === "value_median") return 0.5;
  const percentile = correlationPercentile(c.rule) ?? Number.NaN;
  if (!(percentile >= 0 && percentile <= 100)) {
    throw c.conditionError(`The percentile of a value_percentile correlation must be between 0 and 100, not ${percentile}`);
  }
  // 95 → 0.95, not 0.9500000000000001.
  return Number((percentile / 100).toPrecision(15));
}

/**
 * `avg_over_time(q | unwrap f | __error__="" [T]) by (group-by) <op> <count>`, or
 * `quantile_over_time(φ, …)` for `value_percentile` / `value_median` (`by ()` without group-by:
 * one value over every sample).
 */
export function valueOverSamples(c: Correlation): MetricExpr {
  const type = c.rule.type;
  c.detectionSearches(`${type} reads field values of events`);
  const param = type === "value_avg" ? undefined : quantile(c);
  const { query, label } = oneQuery(c, c.valueField());
  return compare(c, {
    kind: "range_aggregation",
    fn: param === undefined ? "avg_over_time" : "quantile_over_time",
    ...(param === undefined ? {} : { param }),
    query,
    unwrap: { label, filters: [NO_ERROR] },
    range: c.range,
    grouping: { kind: "by", labels: c.groupBy },
  });
}

/** The one log query whose samples an average or a percentile reads, and the label it unwraps. */
function oneQuery(c: Correlation, field: string): { query: LogQuery | RawLogQuery; label: string } {
  const [first, ...others] = c.searches;
  if (first === undefined) throw c.unsupported("The correlation references no rule");
  const label = c.label(first.field(field), "value field");
  const [only, ...more] = first.queries;
  if (others.length === 0 && only !== undefined && more.length === 0) {
    return { query: { ...only, stages: [...(only.stages ?? []), ...(first.aliases ? [first.aliases] : [])] }, label };
  }
  const why = `${c.rule.type} over several searches needs their samples in one log query (an average or a percentile cannot be combined from per-rule results)`;
  for (const search of others) {
    if (c.label(search.field(field), "value field") !== label) {
      throw c.unsupported(`${why}, but '${first.name}' and '${search.name}' hold the value in different fields; name it alike in both rules`);
    }
    if (printAliases(search) !== printAliases(first)) {
      throw c.unsupported(`${why}, but '${first.name}' and '${search.name}' name the group-by fields differently (aliases); name them alike in both rules`);
    }
  }
  return { query: mergedQuery(c, why), label };
}

function printAliases(search: Search): string {
  return search.aliases ? printStage(search.aliases) : "";
}

/** A log query cut before its label filters: what must be equal to merge, and its filter. */
interface Parts {
  readonly rule: string;
  readonly query: LogQuery;
  readonly prefix: readonly PipelineStage[];
  /** The AND of its label filters; undefined when it has none (every parsed line). */
  readonly filter: LabelFilterExpr | undefined;
}

function split(rule: string, query: LogQuery): Parts | undefined {
  // A trailing `line_format` (the rule's `fields`) changes no label: not needed for samples.
  let end = query.stages.length;
  while (end > 0 && query.stages[end - 1]?.kind === "line_format") end--;
  const stages = query.stages.slice(0, end);
  const start = stages.findIndex((s) => s.kind === "label_filter");
  if (start < 0) return { rule, query, prefix: stages, filter: undefined };
  const filters = stages.slice(start).map((s) => (s.kind === "label_filter" ? s.expr : undefined));
  if (filters.some((f) => f === undefined)) return undefined;
  const exprs = filters as LabelFilterExpr[];
  return { rule, query, prefix: stages.slice(0, start), filter: exprs.length === 1 ? exprs[0] : { kind: "and", args: exprs } };
}

const prefixText = (p: Parts): string => [printSelector(p.query.selector), ...p.prefix.map(printStage)].join(" ");

/** `{selector} <common stages> | (filter1) or (filter2) … [| label_format aliases]`. */
function mergedQuery(c: Correlation, why: string): LogQuery {
  const parts: Parts[] = [];
  for (const search of c.searches) {
    const trees = search.reference.trees?.(true) ?? [];
    if (trees.length === 0) throw c.unsupported(`${why}, but the queries of '${search.name}' cannot be read back`);
    for (const tree of trees) {
      const p = split(search.name, tree);
      if (p === undefined) throw c.unsupported(`${why}, but the query of '${search.name}' has stages after its label filters`);
      parts.push(p);
    }
  }
  const [first, ...rest] = parts as [Parts, ...Parts[]];
  for (const p of rest) {
    if (printSelector(p.query.selector) !== printSelector(first.query.selector)) {
      throw c.unsupported(`${why}, but '${first.rule}' and '${p.rule}' read different streams (${printSelector(first.query.selector)}, ${printSelector(p.query.selector)})`);
    }
    if (prefixText(p) !== prefixText(first)) {
      throw c.unsupported(
        `${why}, but '${first.rule}' and '${p.rule}' differ before their label filters (parser, line filters: '${prefixText(first)}', '${prefixText(p)}')`,
      );
    }
  }
  const filters = parts.map((p) => p.filter);
  const stages: PipelineStage[] = [...first.prefix];
  const rule = c.searches[0]?.reference.rule;
  const parser = rule?.kind === "rule" ? missingParser(stages, rule) : undefined;
  if (parser !== undefined) stages.push(parser);
  if (filters.every((f): f is LabelFilterExpr => f !== undefined)) {
    const args = filters.map((f): LabelFilterExpr => ((f.kind === "and" || f.kind === "or") && f.args.length > 1 ? { kind: "group", expr: f } : f));
    stages.push({ kind: "label_filter", expr: args.length === 1 ? (args[0] as LabelFilterExpr) : { kind: "or", args } });
  }
  const aliases = c.searches[0]?.aliases;
  if (aliases) stages.push(aliases);
  return { kind: "log_query", selector: first.query.selector, stages };
}
