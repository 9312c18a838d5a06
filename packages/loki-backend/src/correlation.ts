/**
 * Correlation rules → LogQL metric queries (§5.9): `event_count` and `value_count` over the query
 * of the one rule they refer to. Dispatch, the single-rule search and the operators are the base's
 * (`@sigma/backend`); a further type is one more converter in `correlationQuery`.
 */
import { DEFAULT_CORRELATION_OPERATORS, dispatchCorrelation, singleRuleSearch, type CorrelationConverters } from "@sigma/backend";
import { SigmaCorrelationConditionError, type SigmaCorrelationRule } from "@sigma/core";
import type { ComparisonOp, LogQuery, MetricExpr, RawLogQuery } from "./logql/ast.js";
import { lokiRange, writableNumber } from "./logql/values.js";

/** The search of a correlation: the referenced rule's log query. */
type Search = LogQuery | RawLogQuery;

/** The correlation types this backend converts. */
export const SUPPORTED_CORRELATION_TYPES = ["event_count", "value_count"] as const;

/** Builds the metric query of a correlation rule over the queries of the rules it references. */
export function correlationQuery(
  rule: SigmaCorrelationRule,
  referenced: readonly { readonly queries: readonly Search[] }[],
): MetricExpr {
  const counted = (r: SigmaCorrelationRule): Counted => countOverTime(r, singleRuleSearch(r, referenced));
  const converters: CorrelationConverters<MetricExpr> = {
    event_count: (r) => eventCount(r, counted(r)),
    value_count: (r) => valueCount(r, counted(r)),
  };
  return dispatchCorrelation(rule, converters);
}

/** The range aggregation over the search and the comparison it is held against. */
interface Counted {
  readonly range: MetricExpr;
  readonly op: ComparisonOp;
  readonly count: number;
}

/** `count_over_time` over the timespan, or `absent_over_time == 1` for "no event in the window". */
function countOverTime(rule: SigmaCorrelationRule, search: Search): Counted {
  const condition = rule.condition;
  if (condition.kind !== "threshold") throw new SigmaCorrelationConditionError("Correlation rule needs a threshold condition", rule.source?.location);
  if (!rule.timespan) {
    throw new SigmaCorrelationConditionError("Correlation rule needs a timespan", rule.source?.location);
  }
  // "No event in the window" is what absent_over_time answers (it yields 1 then).
  const absent =
    (condition.op === "eq" && condition.count === 0) ||
    (condition.op === "lte" && condition.count === 0) ||
    (condition.op === "lt" && condition.count === 1);
  return {
    range: {
      kind: "range_aggregation",
      fn: absent ? "absent_over_time" : "count_over_time",
      query: search,
      range: lokiRange(rule.timespan, rule.timespan.location ?? rule.source?.location),
    },
    op: absent ? "==" : DEFAULT_CORRELATION_OPERATORS[condition.op],
    count: absent ? 1 : writableNumber(condition.count, rule.source?.location),
  };
}

/** `sum [by (group-by)] (…) <op> <count>`. */
function eventCount(rule: SigmaCorrelationRule, { range, op, count }: Counted): MetricExpr {
  const groupBy = rule.groupBy;
  const sum: MetricExpr =
    groupBy.length > 0
      ? { kind: "vector_aggregation", op: "sum", grouping: { kind: "by", labels: groupBy }, expr: range }
      : { kind: "vector_aggregation", op: "sum", expr: range };
  return { kind: "comparison", expr: sum, op, value: count };
}

/** `count without (field) (sum by (group-by, field) (…)) <op> <count>`. */
function valueCount(rule: SigmaCorrelationRule, { range, op, count }: Counted): MetricExpr {
  const condition = rule.condition;
  const fields = condition.kind === "threshold" ? (condition.fields ?? []) : [];
  if (fields.length === 0) {
    throw new SigmaCorrelationConditionError("value_count correlation needs a condition field", rule.source?.location);
  }
  return {
    kind: "comparison",
    expr: {
      kind: "vector_aggregation",
      op: "count",
      grouping: { kind: "without", labels: fields },
      expr: {
        kind: "vector_aggregation",
        op: "sum",
        grouping: { kind: "by", labels: [...rule.groupBy, ...fields] },
        expr: range,
      },
    },
    op,
    value: count,
  };
}
