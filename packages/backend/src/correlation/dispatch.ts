/**
 * Correlation dispatch shared by every backend (pySigma `convert_correlation_rule` and its
 * `convert_correlation_<type>_rule` methods): the kind of a correlation rule, the converter for
 * it or the reference's error, the one search of a single-rule correlation, and the reference's
 * comparison operators.
 */
import { SigmaConversionError, SigmaNotImplementedError } from "@sigma/core";
import type { CorrelationConditionOperator, SigmaCorrelationRule } from "@sigma/core";
import type { ConvertibleRule } from "../types.js";
import type { CorrelationKind } from "./settings.js";

/** The reference's comparison operators for correlation conditions. */
export const DEFAULT_CORRELATION_OPERATORS = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
  eq: "==",
  neq: "!=",
} as const satisfies Readonly<Record<CorrelationConditionOperator, string>>;

/** What a correlation rule is converted as (see {@link CorrelationKind}). */
export function correlationKind(rule: SigmaCorrelationRule): CorrelationKind {
  if (rule.condition.kind !== "expression") return rule.type;
  return rule.type === "temporal_ordered" ? "temporal_ordered_extended" : "temporal_extended";
}

/** Converters per correlation kind; kinds without one are not supported. */
export type CorrelationConverters<R> = { readonly [K in CorrelationKind]?: (rule: SigmaCorrelationRule) => R };

/**
 * Converts a correlation rule with the converter of its kind.
 *
 * @throws SigmaNotImplementedError "Correlation rule type 'x' is not supported by backend."
 */
export function dispatchCorrelation<R>(rule: SigmaCorrelationRule, converters: CorrelationConverters<R>): R {
  const kind = correlationKind(rule);
  const convert = converters[kind];
  if (convert === undefined) {
    throw new SigmaNotImplementedError(`Correlation rule type '${kind}' is not supported by backend.`, rule.source?.location);
  }
  return convert(rule);
}

/** The referenced rule of a correlation over one rule with one query; undefined for any other search. */
export function singleReference<R extends { readonly queries: readonly unknown[] }>(referenced: readonly R[]): R | undefined {
  const only = referenced.length === 1 ? referenced[0] : undefined;
  return only !== undefined && only.queries.length === 1 ? only : undefined;
}

/**
 * The search of a correlation over one rule with one query.
 *
 * @throws SigmaNotImplementedError "Multi-rule correlation search expressions are not supported by the backend."
 */
export function singleRuleSearch<Q>(rule: SigmaCorrelationRule, referenced: readonly { readonly queries: readonly Q[] }[]): Q {
  const only = singleReference(referenced);
  if (only === undefined) {
    throw new SigmaNotImplementedError(
      "Multi-rule correlation search expressions are not supported by the backend.",
      rule.source?.location,
    );
  }
  return only.queries[0] as Q;
}

/** A rule's name, else its id (pySigma `rule.name or rule.id`). */
export function ruleId(rule: ConvertibleRule): string {
  return rule.name ?? rule.id ?? "";
}

/**
 * The percentile of a `value_percentile` correlation (undefined for other types).
 *
 * @throws SigmaConversionError "Percentile must be specified in condition for value_percentile correlation type in rule 'x'"
 */
export function correlationPercentile(rule: SigmaCorrelationRule): number | undefined {
  const condition = rule.condition;
  if (rule.type !== "value_percentile" || condition.kind !== "threshold") return undefined;
  if (condition.percentile === undefined) {
    throw new SigmaConversionError(
      `Percentile must be specified in condition for value_percentile correlation type in rule '${ruleId(rule) || rule.title}'`,
      rule.source?.location,
    );
  }
  return condition.percentile;
}
