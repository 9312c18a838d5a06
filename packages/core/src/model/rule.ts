/**
 * Rules: detection rules, correlation rules and filters, as read from YAML documents.
 */
import type { SigmaError, SourceLocation } from "../errors.js";
import type { Detections } from "./detection.js";

/** `status` of a rule (read case-insensitively). */
export type RuleStatus = "stable" | "test" | "experimental" | "deprecated" | "unsupported";
/** `level` of a rule, from least to most severe. */
export type RuleLevel = "informational" | "low" | "medium" | "high" | "critical";
/** The `type` of a `related` entry (`correlation` is pySigma's addition). */
export type RelatedType = "derived" | "obsolete" | "merged" | "renamed" | "similar" | "correlation";

/** One entry of `related`: another rule's id and how this rule relates to it. */
export interface RuleRelation {
  readonly id: string;
  readonly type: RelatedType;
}

/** A tag `namespace.name` (e.g. `attack.t1059`). */
export interface RuleTag {
  readonly namespace: string;
  readonly name: string;
}

/** `logsource`: which events a rule is about. Unknown keys are kept in `custom`. */
export interface LogSource {
  category?: string;
  product?: string;
  service?: string;
  definition?: string;
  custom: Record<string, unknown>;
}

/** Where a rule came from: the source path and the location of its document. */
export interface RuleSource {
  readonly path?: string;
  readonly location?: SourceLocation;
  /** 0-based index of the YAML document in a multi-document file. */
  readonly documentIndex?: number;
}

/** Attributes shared by detection rules and correlation rules. */
export interface RuleMeta {
  title: string;
  id?: string;
  name?: string;
  related: RuleRelation[];
  taxonomy: string;
  status?: RuleStatus;
  description?: string;
  license?: string;
  author?: string;
  references: string[];
  fields: string[];
  falsepositives: string[];
  scope: string[];
  /** ISO date `YYYY-MM-DD`. */
  date?: string;
  modified?: string;
  level?: RuleLevel;
  tags: RuleTag[];
  /** Every top-level key that is not a standard attribute (Loki reads `loki_parser` and `logsource_loki_selection`). */
  customAttributes: Record<string, unknown>;
  source?: RuleSource;
  /** Errors found while reading the rule (with `collectErrors`); a rule with errors is not converted. */
  errors: SigmaError[];
  /** The document as parsed from YAML (plain data), for output formats and validators. */
  raw?: Record<string, unknown>;
}

/** A detection rule. */
export interface SigmaRule extends RuleMeta {
  readonly kind: "rule";
  logsource: LogSource;
  detection: Detections;
}

/** The correlation `type`: the Sigma specification's types plus pySigma's `value_median`. */
export type CorrelationType =
  | "event_count"
  | "value_count"
  | "temporal"
  | "temporal_ordered"
  | "value_sum"
  | "value_avg"
  | "value_percentile"
  | "value_median";

/** Operator of a correlation threshold condition. */
export type CorrelationConditionOperator = "gt" | "gte" | "lt" | "lte" | "eq" | "neq";

/** `condition: {gte: 10, field: x}` of a correlation rule. */
export interface CorrelationThreshold {
  readonly kind: "threshold";
  op: CorrelationConditionOperator;
  count: number;
  /** Field(s) for value_* types. */
  fields?: string[];
  percentile?: number;
}

/** Extended temporal condition: a boolean expression over rule names (`a and not b`). */
export interface CorrelationExpressionCondition {
  readonly kind: "expression";
  expression: string;
}

/** A correlation `condition`: a threshold, or (temporal types) a boolean expression over rule names. */
export type CorrelationCondition = CorrelationThreshold | CorrelationExpressionCondition;

/** A correlation `timespan` (`5m`, `1h`, `2d`, …) with its length in seconds. */
export interface Timespan {
  /** As written, e.g. `5m`. */
  readonly text: string;
  readonly count: number;
  readonly unit: "s" | "m" | "h" | "d" | "w" | "M" | "y";
  readonly seconds: number;
  /** Where the timespan is written, when known (backends that cannot write it report there). */
  readonly location?: SourceLocation;
}

/** A correlation rule: aggregates the events of other rules. */
export interface SigmaCorrelationRule extends RuleMeta {
  readonly kind: "correlation";
  type: CorrelationType;
  /** References (ids or names) as written. */
  ruleReferences: string[];
  /** The referenced rules, filled when the collection resolves references. */
  rules: Array<SigmaRule | SigmaCorrelationRule>;
  groupBy: string[];
  timespan?: Timespan;
  condition: CorrelationCondition;
  /** alias → (rule name → field). */
  aliases: Map<string, Map<string, string>>;
  generate: boolean;
}

/** A Sigma filter: extra conditions appended to the rules it names. */
export interface SigmaFilter {
  readonly kind: "filter";
  title: string;
  id?: string;
  description?: string;
  date?: string;
  modified?: string;
  taxonomy: string;
  logsource: LogSource;
  /** Rule ids/names the filter applies to; `"any"` (or an empty list) means every rule with a matching logsource. */
  rules: string[] | "any";
  detection: Detections;
  source?: RuleSource;
  errors: SigmaError[];
}

/** Any document of a Sigma file: a detection rule, a correlation rule or a filter. */
export type SigmaDocument = SigmaRule | SigmaCorrelationRule | SigmaFilter;
