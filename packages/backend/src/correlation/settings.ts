/**
 * Correlation templates of the text base: the counterpart of pySigma's correlation class
 * attributes (`<type>_correlation_query`, `correlation_search_*`, `typing_*`,
 * `<type>_aggregation_expression`, `<type>_condition_expression`, `groupby_*`,
 * `referenced_rules_*`, `correlation_fields_*`, `timespan_*`, `correlation_condition_mapping`),
 * with the per-method dictionaries turned into one template set per correlation method.
 */
import type { CorrelationConditionOperator, CorrelationType, Timespan } from "@sigma/core";
import type { NegatableTemplate } from "../text/settings.js";

/**
 * What a correlation rule is converted as: its type, or `temporal_extended` / `temporal_ordered_extended` for a
 * temporal rule whose condition is a boolean expression over rule names.
 */
export type CorrelationKind = CorrelationType | "temporal_extended" | "temporal_ordered_extended";

/** The search over the referenced rules' queries (shared by every method). */
export interface CorrelationSearchTemplates {
  /** One rule with one query: `{query}`, `{rule}` / `{ruleid}` (name, else id), `{normalization}`. */
  readonly singleRule?: string;
  /** Otherwise: each query with `multiRuleQuery`, joined with `multiRuleJoiner`, put into `multiRule` as `{queries}`. */
  readonly multiRule?: string;
  readonly multiRuleQuery?: string;
  readonly multiRuleJoiner?: string;
  /** Field aliases of a rule: `{alias}`, `{field}` per alias mapping that rule's field, joined (`{normalization}`). */
  readonly normalization?: string;
  readonly normalizationJoiner?: string;
}

/** Event typing (`{typing}` of the query frame): each query with `query` (`{query}`, `{rule}`, `{ruleid}`), joined, in `expression` (`{queries}`). */
export interface CorrelationTypingTemplates {
  readonly expression: string;
  readonly query: string;
  readonly joiner: string;
}

/** A list of names: each through `item` (`{field}` or `{ruleid}`), joined with `joiner`, put into `expression` (`{fields}`). */
export interface NameListTemplates {
  readonly expression: string;
  readonly item: string;
  readonly joiner: string;
}

/** The templates of one correlation method. */
export interface CorrelationMethodTemplates {
  /**
   * The query frame per kind, `default` for kinds without their own: `{search}`, `{typing}`,
   * `{aggregate}`, `{condition}`, `{groupby}`, `{timespan}`. A kind without frame is not supported.
   */
  readonly query: Readonly<Partial<Record<CorrelationKind | "default", string>>>;
  /**
   * `{aggregate}` per kind: `{rule}`, `{referenced_rules}`, `{field}` (the condition's first
   * field), `{fields}`, `{timespan}`, `{groupby}`, `{search}`, `{percentile}`.
   */
  readonly aggregation?: Readonly<Partial<Record<CorrelationKind, string>>>;
  /**
   * `{condition}` per kind: `{op}`, `{count}`, `{field}`, `{referenced_rules}`, `{percentile}`;
   * the extended kinds have `{expression}`: the rule-name condition written with the language's
   * boolean operators and `ruleCondition` for each rule name.
   */
  readonly condition?: Readonly<Partial<Record<CorrelationKind, string>>>;
  /** A rule name in an extended condition: `{ruleid}`. */
  readonly ruleCondition?: NegatableTemplate;
  /** `{groupby}`: field names through the field quoting. */
  readonly groupBy?: NameListTemplates;
  /** `{groupby}` when the rule has no group-by fields. Default empty. */
  readonly groupByNoFields?: string;
  /** `{referenced_rules}`: `{ruleid}` per referenced rule. */
  readonly referencedRules?: Omit<NameListTemplates, "expression">;
  /** `{fields}` of aggregations: the `fields` of the referenced rules and the correlation, without group-by fields. */
  readonly fields?: NameListTemplates;
}

/** How a language writes correlation rules. */
export interface CorrelationSettings {
  readonly search?: CorrelationSearchTemplates;
  readonly typing?: CorrelationTypingTemplates;
  /** Templates per correlation method (the backend's `correlationMethods`). */
  readonly methods: Readonly<Record<string, CorrelationMethodTemplates>>;
  /** `{op}`: the reference's `<`, `<=`, `>`, `>=`, `==`, `!=` unless given. */
  readonly operators?: Readonly<Record<CorrelationConditionOperator, string>>;
  /** `{timespan}`: seconds, or the count with the unit mapped (`m` → `min`), else as written. */
  readonly timespanSeconds?: boolean;
  readonly timespanUnits?: Readonly<Partial<Record<Timespan["unit"], string>>>;
}
