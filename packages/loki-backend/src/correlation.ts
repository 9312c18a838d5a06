/**
 * Correlation rules → LogQL metric queries (§5.9): `event_count` and `value_count` over the query
 * of the one rule they refer to.
 */
import {
  SigmaCorrelationConditionError,
  SigmaNotImplementedError,
  type CorrelationConditionOperator,
  type SigmaCorrelationRule,
} from "@sigma/core";
import type { ComparisonOp, LogQuery, MetricExpr, RawLogQuery } from "./logql/ast.js";
import { lokiRange, writableNumber } from "./logql/values.js";

const OPS: Record<CorrelationConditionOperator, ComparisonOp> = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
  eq: "==",
  neq: "!=",
};

/** The correlation types this backend converts. */
export const SUPPORTED_CORRELATION_TYPES = ["event_count", "value_count"] as const;

/** Builds the metric query of a correlation rule over the referenced rules' queries. */
export function correlationQuery(
  rule: SigmaCorrelationRule,
  referencedQueries: readonly (readonly (LogQuery | RawLogQuery)[])[],
): MetricExpr {
  const condition = rule.condition;
  const typeName = condition.kind === "expression" ? `${rule.type}_extended` : rule.type;
  if (condition.kind !== "threshold" || (rule.type !== "event_count" && rule.type !== "value_count")) {
    throw new SigmaNotImplementedError(`Correlation rule type '${typeName}' is not supported by backend.`, rule.source?.location);
  }
  const first = referencedQueries[0];
  if (referencedQueries.length !== 1 || !first || first.length !== 1) {
    throw new SigmaNotImplementedError(
      "Multi-rule correlation search expressions are not supported by the backend.",
      rule.source?.location,
    );
  }
  const search = first[0] as LogQuery | RawLogQuery;
  if (!rule.timespan) {
    throw new SigmaCorrelationConditionError("Correlation rule needs a timespan", rule.source?.location);
  }
  // "No event in the window" is what absent_over_time answers (it yields 1 then).
  const absent =
    (condition.op === "eq" && condition.count === 0) ||
    (condition.op === "lte" && condition.count === 0) ||
    (condition.op === "lt" && condition.count === 1);
  const range: MetricExpr = {
    kind: "range_aggregation",
    fn: absent ? "absent_over_time" : "count_over_time",
    query: search,
    range: lokiRange(rule.timespan, rule.timespan.location ?? rule.source?.location),
  };
  const op: ComparisonOp = absent ? "==" : OPS[condition.op];
  const count = absent ? 1 : writableNumber(condition.count, rule.source?.location);
  const groupBy = rule.groupBy;
  if (rule.type === "event_count") {
    const sum: MetricExpr =
      groupBy.length > 0
        ? { kind: "vector_aggregation", op: "sum", grouping: { kind: "by", labels: groupBy }, expr: range }
        : { kind: "vector_aggregation", op: "sum", expr: range };
    return { kind: "comparison", expr: sum, op, value: count };
  }
  const fields = condition.fields ?? [];
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
        grouping: { kind: "by", labels: [...groupBy, ...fields] },
        expr: range,
      },
    },
    op,
    value: count,
  };
}
