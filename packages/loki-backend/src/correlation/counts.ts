/**
 * Correlations that count: `event_count` (events per group), `value_count` (distinct values of a
 * field per group) and `temporal` with a threshold (distinct rules seen per group). One rule with
 * one query and no aliases gives the reference's query, byte for byte.
 */
import type { ComparisonOp, MetricExpr, RangeAggregation } from "../logql/ast.js";
import { RULE_LABEL, meansNoEvent, type Correlation } from "./context.js";
import { absentRanges, aggregate, compared, correlationVector, countRanges, range, union } from "./searches.js";

/** The counted vector and the comparison it is held against. */
interface Counted {
  readonly inner: MetricExpr;
  readonly op: ComparisonOp;
  readonly count: number;
}

/** The reference's search: one rule, one query, no alias labels; its query as it is. */
function referenceSearch(c: Correlation): string | undefined {
  const [only, ...others] = c.searches;
  if (only === undefined || others.length > 0 || only.aliases !== undefined || only.reference.rule.kind !== "rule") return undefined;
  const [query, ...more] = only.queries;
  return more.length === 0 && query?.stages === undefined ? query?.text : undefined;
}

function rangeOf(c: Correlation, fn: "count_over_time" | "absent_over_time", text: string): RangeAggregation {
  return range(c, fn, { kind: "raw_log_query", text });
}

/**
 * "No event in the window" over every search: `absent_over_time` of each query (1 when it has no
 * event), joined with `and on()` (every one absent). No group exists then: the group-by labels
 * stay empty, as in the reference's single-search form.
 */
function noEvent(c: Correlation, reference: string | undefined): Counted {
  const ranges = reference !== undefined ? [rangeOf(c, "absent_over_time", reference)] : c.searches.flatMap((s) => absentRanges(c, s));
  const inner = ranges.slice(1).reduce<MetricExpr>((lhs, rhs) => ({ kind: "binary", op: "and", on: [], lhs, rhs }), ranges[0] as MetricExpr);
  return { inner, op: "==", count: 1 };
}

/** The events of every search (one count per rule an event matches), or their absence. */
function events(c: Correlation, why: string): Counted {
  c.detectionSearches(why);
  const { op, count, condition } = c.threshold();
  const reference = referenceSearch(c);
  if (meansNoEvent(condition)) return noEvent(c, reference);
  const inner = reference !== undefined ? rangeOf(c, "count_over_time", reference) : union(c, (s) => countRanges(c, s));
  return { inner, op, count };
}

/** `sum [by (group-by)] (…) <op> <count>`. */
export function eventCount(c: Correlation, why = "event_count counts events"): MetricExpr {
  const { inner, op, count } = events(c, why);
  return compared(aggregate("sum", c.groupBy, inner), op, count);
}

/** `count without (field) (sum by (group-by, field) (…)) <op> <count>`. */
export function valueCount(c: Correlation): MetricExpr {
  const fields = c.threshold().condition.fields ?? [];
  if (fields.length === 0) throw c.conditionError("value_count correlation needs a condition field");
  const labels = fields.map((f) => c.label(f, "value field"));
  const { inner, op, count } = events(c, "value_count counts the values of events");
  const distinct: MetricExpr = {
    kind: "vector_aggregation",
    op: "count",
    grouping: { kind: "without", labels },
    expr: aggregate("sum", [...c.groupBy, ...labels], inner),
  };
  return compared(distinct, op, count);
}

/**
 * `count [by (group-by)] (sum by (group-by, sigma_rule) (…)) <op> <count>`: the number of distinct
 * rules seen per group. A referenced correlation counts as seen while its condition holds.
 */
export function temporal(c: Correlation): MetricExpr {
  const { op, count, condition } = c.threshold();
  // No rule seen: no event of any of them.
  if (meansNoEvent(condition)) return eventCount(c, "a temporal condition of no rule seen is the absence of their events");
  const seen = union(c, (s) => (s.reference.rule.kind === "correlation" ? [correlationVector(c, s)] : countRanges(c, s)));
  const perRule = aggregate("sum", c.tagged ? [...c.groupBy, RULE_LABEL] : c.groupBy, seen);
  return compared(aggregate("count", c.groupBy, perRule), op, count);
}
