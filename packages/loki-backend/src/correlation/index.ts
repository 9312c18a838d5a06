/**
 * Correlation rules → LogQL metric queries, one converter per correlation type (dispatch and the
 * reference's operators are `@sigma/backend`'s). The searches are the referenced rules' queries:
 * one rule with one query and no aliases gives the reference's `event_count` / `value_count`
 * query; several rules, several queries and aliases give a union of range vectors tagged per rule.
 */
import { dispatchCorrelation, type CorrelationConverters } from "@sigma/backend";
import type { SigmaCorrelationRule } from "@sigma/core";
import type { MetricExpr } from "../logql/ast.js";
import { Correlation, type CorrelationReference } from "./context.js";
import { eventCount, temporal, valueCount } from "./counts.js";
import { temporalExtended } from "./extended.js";
import { temporalOrdered } from "./ordered.js";
import { valueOverSamples, valueSum } from "./values.js";

export type { CorrelationReference } from "./context.js";

/** Builds the metric query of a correlation rule over the rules it references. */
export function correlationQuery(rule: SigmaCorrelationRule, references: readonly CorrelationReference[]): MetricExpr {
  const at = (convert: (c: Correlation) => MetricExpr) => (r: SigmaCorrelationRule) => convert(new Correlation(r, references));
  const converters: CorrelationConverters<MetricExpr> = {
    event_count: at((c) => eventCount(c)),
    value_count: at(valueCount),
    temporal: at(temporal),
    temporal_extended: at((c) => temporalExtended(c, c.rule.condition.kind === "expression" ? c.rule.condition.expression : "")),
    temporal_ordered: at(temporalOrdered),
    temporal_ordered_extended: at((c) => {
      throw c.unsupported(
        "temporal_ordered with a condition expression cannot be written in LogQL: the order of events is known for two rules " +
          "(the first rule's earliest event before the second rule's latest), not for an expression over rules; " +
          "use temporal_ordered over two rules without a condition",
      );
    }),
    value_sum: at(valueSum),
    value_avg: at(valueOverSamples),
    value_percentile: at(valueOverSamples),
    value_median: at(valueOverSamples),
  };
  return dispatchCorrelation(rule, converters);
}
