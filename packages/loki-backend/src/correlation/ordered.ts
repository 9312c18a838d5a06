/**
 * `temporal_ordered` over two rules: an event of the first rule, then one of the second, in the
 * same group within the timespan. Some first-rule event precedes some second-rule event exactly
 * when the second rule's latest event is later than the first rule's earliest one, and both are
 * per-group `max_over_time` / `min_over_time` of the event times (milliseconds, through
 * `label_format … unixEpochMillis` and `unwrap`).
 *
 * First and last times decide the order of two rules only: for three, the middle rule needs an
 * event between the others' times, which no per-rule aggregate tells.
 */
import type { MetricExpr } from "../logql/ast.js";
import type { Correlation } from "./context.js";
import { aggregate, either, timeRanges } from "./searches.js";

/** `max by (g) (max_over_time(<second> … [T])) > min by (g) (min_over_time(<first> … [T]))`. */
export function temporalOrdered(c: Correlation): MetricExpr {
  const searches = c.detectionSearches(
    "temporal_ordered compares the times of events, and a correlation's result has no event time",
  );
  const [first, second, ...more] = searches;
  if (first === undefined || second === undefined || more.length > 0) {
    throw c.unsupported(
      `temporal_ordered over ${searches.length} rules cannot be written in LogQL: the earliest and latest event of each rule decide the order of two rules, ` +
        "but for more the rule in the middle needs an event between the others' events, which no LogQL aggregation tells; correlate two rules at a time",
    );
  }
  const { condition } = c.threshold();
  if (condition.op !== "gte" || condition.count !== searches.length) {
    throw c.unsupported(
      `temporal_ordered with the condition ${condition.op}: ${condition.count} cannot be written in LogQL: only the default (both rules, in order: gte: 2) can; remove the condition`,
    );
  }
  const latest = aggregate("max", c.groupBy, either(timeRanges(c, second, "max_over_time")));
  const earliest = aggregate("min", c.groupBy, either(timeRanges(c, first, "min_over_time")));
  return { kind: "binary", op: ">", lhs: latest, rhs: earliest };
}
