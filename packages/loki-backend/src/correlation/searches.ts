/**
 * The searches of a correlation as range vectors: each referenced rule's queries with the stages a
 * correlation adds (alias labels, the error filter, `unwrap`), and their union tagged per rule.
 */
import type { SigmaCorrelationRule } from "@sigma/core";
import type {
  ComparisonOp,
  LabelFilterExpr,
  LabelFormatStage,
  MetricExpr,
  PipelineStage,
  RangeAggregation,
  RangeFunction,
  RawLogQuery,
  VectorAggregation,
} from "../logql/ast.js";
import { sanitizeLabelName } from "../logql/quote.js";
import { RULE_LABEL, meansNoEvent, type Correlation, type Search } from "./context.js";

/**
 * `__error__=""`: a line that failed to parse (or a value that is no number, after `unwrap`) drops
 * out; in a metric query Loki would fail the whole query on it ("pipeline error").
 */
export const NO_ERROR: LabelFilterExpr = { kind: "presence_filter", label: "__error__", present: false };
const NO_ERROR_STAGE: PipelineStage = { kind: "label_filter", expr: NO_ERROR };

/** The label holding an event's time in milliseconds (temporal_ordered). */
export const TIME_LABEL = "sigma_ts";

const TIME_TEMPLATE = "{{ __timestamp__ | unixEpochMillis }}";

/** A search's query with stages appended. */
function extended(query: RawLogQuery, stages: readonly (PipelineStage | undefined)[]): RawLogQuery {
  const all = [...(query.stages ?? []), ...stages.filter((s): s is PipelineStage => s !== undefined)];
  return all.length > 0 ? { kind: "raw_log_query", text: query.text, stages: all } : { kind: "raw_log_query", text: query.text };
}

/** `fn(query [T])` over the correlation's timespan. */
export function range(c: Correlation, fn: RangeFunction, query: RawLogQuery, extra: Partial<RangeAggregation> = {}): RangeAggregation {
  return { kind: "range_aggregation", fn, query, range: c.range, ...extra };
}

/** `count_over_time(q | __error__="" [| label_format aliases] [T])` for each query of a search. */
export function countRanges(c: Correlation, search: Search): RangeAggregation[] {
  return search.queries.map((q) =>
    range(c, "count_over_time", extended(q, [NO_ERROR_STAGE, search.aliases])),
  );
}

/** `absent_over_time(q | __error__="" [T])` for each query of a search (no group exists then). */
export function absentRanges(c: Correlation, search: Search): RangeAggregation[] {
  return search.queries.map((q) => range(c, "absent_over_time", extended(q, [NO_ERROR_STAGE])));
}

/** `fn([φ, ]q [| label_format aliases] | unwrap <the rule's field> | __error__="" [T])` for each query. */
export function unwrappedRanges(c: Correlation, search: Search, fn: RangeFunction, field: string): RangeAggregation[] {
  const label = c.label(search.field(field), "value field");
  return search.queries.map((q) =>
    range(c, fn, extended(q, [search.aliases]), { unwrap: { label, filters: [NO_ERROR] } }),
  );
}

/** `fn(q | __error__="" | label_format [aliases,]sigma_ts=<event time in ms> | unwrap sigma_ts [T])`. */
export function timeRanges(c: Correlation, search: Search, fn: "min_over_time" | "max_over_time"): RangeAggregation[] {
  const stamp: LabelFormatStage = {
    kind: "label_format",
    assignments: [...(search.aliases?.assignments ?? []), { label: TIME_LABEL, template: TIME_TEMPLATE }],
  };
  return search.queries.map((q) =>
    range(c, fn, extended(q, [NO_ERROR_STAGE, stamp]), { unwrap: { label: TIME_LABEL } }),
  );
}

/** `expr <op> <count>`. */
export function compared(expr: MetricExpr, op: ComparisonOp, count: number): MetricExpr {
  return { kind: "binary", op, lhs: expr, rhs: { kind: "number", value: count } };
}

/** `a or b or …`. */
export function either(exprs: readonly MetricExpr[]): MetricExpr {
  const [first, ...rest] = exprs;
  if (first === undefined) throw new RangeError("a union needs at least one operand");
  return rest.reduce<MetricExpr>((lhs, rhs) => ({ kind: "binary", op: "or", lhs, rhs }), first);
}

/** `label_replace(v, "sigma_rule", "<rule>", "", "")`: the series of `v` tagged with the rule's name. */
export function tagged(expr: MetricExpr, rule: string): MetricExpr {
  // `$` starts a group reference in the replacement; `$$` is a literal one.
  return { kind: "label_replace", expr, destination: RULE_LABEL, replacement: rule.replaceAll("$", "$$"), source: "", regex: "" };
}

/**
 * The union of every search's ranges, each tagged with its rule when several rules are searched, so
 * that `or` never merges series of two rules. Several queries of one rule share the tag: `or`
 * keeps one of two series with equal labels, which hold the same events when the queries filter on
 * labels (an event is counted once).
 */
export function union(c: Correlation, ranges: (search: Search) => readonly MetricExpr[]): MetricExpr {
  return either(c.searches.flatMap((search) => ranges(search).map((r) => (c.tagged ? tagged(r, search.name) : r))));
}

/** `op [by (labels)] (expr)`; no grouping for no labels. */
export function aggregate(op: VectorAggregation["op"], labels: readonly string[], expr: MetricExpr): VectorAggregation {
  return labels.length > 0 ? { kind: "vector_aggregation", op, grouping: { kind: "by", labels }, expr } : { kind: "vector_aggregation", op, expr };
}

/** The labels of a referenced correlation's result: its group-by (none for "no event" conditions). */
function correlationLabels(rule: SigmaCorrelationRule): readonly string[] | undefined {
  const absent = rule.type === "event_count" && rule.condition.kind === "threshold" && meansNoEvent(rule.condition);
  return absent ? undefined : rule.groupBy.map(sanitizeLabelName);
}

/**
 * A referenced correlation as a vector over the outer group-by: its metric query (with its
 * condition), each aliased group label copied from the correlation's own group-by field. Its
 * group-by must hold every group-by label of the outer correlation.
 */
export function correlationVector(c: Correlation, search: Search): MetricExpr {
  const inner = search.reference.rule;
  const [text] = search.reference.queries;
  if (inner.kind !== "correlation" || text === undefined) throw new RangeError("not a converted correlation");
  const labels = correlationLabels(inner);
  if (labels === undefined) {
    throw c.unsupported(
      `'${search.name}' fires when no event occurs, so its result has no groups to correlate with; reference its rules with a condition instead`,
    );
  }
  let expr: MetricExpr = { kind: "raw_metric", text };
  for (const [index, field] of c.rule.groupBy.entries()) {
    const group = c.groupBy[index] ?? field;
    const source = sanitizeLabelName(search.field(field));
    if (!labels.includes(source)) {
      throw c.unsupported(
        `Group-by field '${field}' is not among the group-by fields of the referenced correlation '${search.name}' (${labels.join(", ") || "none"}), so its results cannot be matched per '${field}'; add it there or map it with an alias`,
      );
    }
    if (source !== group) expr = { kind: "label_replace", expr, destination: group, replacement: "$1", source, regex: "(.*)" };
  }
  return expr;
}
