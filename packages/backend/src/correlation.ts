/**
 * Template-driven correlation conversion (§4.5): one query template per correlation method and
 * type, filled with the search (the referenced rules' queries), the aggregation, the condition,
 * the group-by clause and the timespan. Each piece has its own helper so that backends that build
 * correlation queries differently can reuse the parts.
 */
import { SigmaNotImplementedError } from "@sigma/core";
import type {
  CorrelationConditionOperator,
  CorrelationType,
  SigmaCorrelationRule,
  Timespan,
} from "@sigma/core";
import { renderTemplate } from "./template.js";
import type { ReferencedRuleQueries, RuleContext } from "./types.js";

/** Group-by rendering: `expression` holds `{fields}`, each field rendered with `field` ({field}). */
export interface GroupByTemplates {
  /** E.g. `" by ({fields}) "`. */
  readonly expression: string;
  /** E.g. `"{field}"`. Default `{field}`. */
  readonly field?: string;
  /** Between fields. Default `", "`. */
  readonly joiner?: string;
  /** Used when there is no group-by field. Default empty. */
  readonly none?: string;
}

/** Timespan rendering: seconds, or count + mapped unit; default the timespan as written. */
export interface TimespanTemplates {
  /** Render as a number of seconds. */
  readonly seconds?: boolean;
  /** Unit letter → the language's unit (e.g. `m` → `min`). Unmapped units stay as written. */
  readonly unitMapping?: Readonly<Partial<Record<Timespan["unit"], string>>>;
}

/** How a backend writes correlation queries. */
export interface CorrelationTemplates {
  /**
   * Method → correlation type (or `default`, used when the type has no own entry) → query
   * template. Fields: `{search}`, `{aggregate}`, `{condition}`, `{groupby}`, `{timespan}`.
   */
  readonly queries: Readonly<Record<string, Readonly<Partial<Record<CorrelationType | "default", string>>>>>;
  /** Search for a single referenced rule with one query: `{query}`, `{rule}`. Default `{query}`. */
  readonly searchSingleRule?: string;
  /** Search over several rules or queries; absent ⇒ such correlations are not supported. */
  readonly searchMultiRule?: {
    /** Per query: `{query}`, `{rule}`. */
    readonly query: string;
    readonly joiner: string;
    /** Around the joined queries: `{queries}`. */
    readonly expression: string;
  };
  /** Per type: `{rule}`, `{referenced_rules}`, `{field}`, `{fields}`, `{timespan}`, `{groupby}`, `{search}`, `{percentile}`. */
  readonly aggregations?: Readonly<Partial<Record<CorrelationType, string>>>;
  /** Per type: `{op}`, `{count}`, `{field}`, `{percentile}`. */
  readonly conditions?: Readonly<Partial<Record<CorrelationType, string>>>;
  /** Comparison operators; default `<`, `<=`, `>`, `>=`, `==`, `!=`. */
  readonly operators?: Readonly<Record<CorrelationConditionOperator, string>>;
  readonly groupBy?: GroupByTemplates;
  readonly timespan?: TimespanTemplates;
}

/** The reference's comparison operators for correlation conditions. */
export const DEFAULT_CORRELATION_OPERATORS: Readonly<Record<CorrelationConditionOperator, string>> = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
  eq: "==",
  neq: "!=",
};

/**
 * The query template for a rule's type under a method (falls back to the method's `default`).
 *
 * @throws SigmaNotImplementedError "Correlation rule type 'x' is not supported by backend."
 */
export function selectCorrelationTemplate(
  templates: CorrelationTemplates,
  method: string,
  type: CorrelationType,
): string {
  const byType = templates.queries[method];
  const template = byType?.[type] ?? byType?.default;
  if (template === undefined) {
    throw new SigmaNotImplementedError(`Correlation rule type '${type}' is not supported by backend.`);
  }
  return template;
}

/** Renders the group-by clause (field names through `quoteField`). */
export function renderGroupBy(
  fields: readonly string[],
  templates: GroupByTemplates,
  quoteField: (field: string) => string = (f) => f,
): string {
  if (fields.length === 0) return templates.none ?? "";
  const rendered = fields.map((f) => renderTemplate(templates.field ?? "{field}", { field: quoteField(f) }));
  return renderTemplate(templates.expression, { fields: rendered.join(templates.joiner ?? ", ") });
}

/** Renders a timespan: seconds, count with mapped unit, or as written. */
export function renderTimespan(timespan: Timespan | undefined, templates: TimespanTemplates = {}): string {
  if (!timespan) return "";
  if (templates.seconds) return String(timespan.seconds);
  const unit = templates.unitMapping?.[timespan.unit];
  return unit === undefined ? timespan.text : `${timespan.count}${unit}`;
}

/**
 * Renders the `{search}` part from the referenced rules' queries.
 *
 * @throws SigmaNotImplementedError "Multi-rule correlation search expressions are not supported by
 *   the backend." when there are several rules or queries and no multi-rule templates.
 */
export function renderCorrelationSearch(
  referenced: readonly ReferencedRuleQueries[],
  templates: CorrelationTemplates,
): string {
  const single = referenced.length === 1 ? referenced[0] : undefined;
  if (single && single.queries.length === 1) {
    return renderTemplate(templates.searchSingleRule ?? "{query}", {
      query: single.queries[0] as string,
      rule: ruleName(single.rule),
    });
  }
  const multi = templates.searchMultiRule;
  if (!multi) {
    throw new SigmaNotImplementedError("Multi-rule correlation search expressions are not supported by the backend.");
  }
  const parts = referenced.flatMap((r) =>
    r.queries.map((query) => renderTemplate(multi.query, { query, rule: ruleName(r.rule) })),
  );
  return renderTemplate(multi.expression, { queries: parts.join(multi.joiner) });
}

function ruleName(rule: { readonly name?: string; readonly id?: string; readonly title: string }): string {
  return rule.name ?? rule.id ?? rule.title;
}

/**
 * Converts a correlation rule with templates: selects the query template, then renders search,
 * aggregation, condition, group-by and timespan into it. Returns one query.
 */
export function convertCorrelationWithTemplates(
  rule: SigmaCorrelationRule,
  ctx: RuleContext,
  referenced: readonly ReferencedRuleQueries[],
  templates: CorrelationTemplates,
  quoteField: (field: string) => string = (f) => f,
): string[] {
  const template = selectCorrelationTemplate(templates, ctx.correlationMethod, rule.type);
  const condition = rule.condition;
  if (condition.kind !== "threshold") {
    throw new SigmaNotImplementedError(
      "Correlation rules with a condition expression over rule names are not supported by the backend.",
    );
  }
  const search = renderCorrelationSearch(referenced, templates);
  const groupby = templates.groupBy ? renderGroupBy(rule.groupBy, templates.groupBy, quoteField) : "";
  const timespan = renderTimespan(rule.timespan, templates.timespan);
  const fields = (condition.fields ?? []).map(quoteField);
  const values = {
    search,
    groupby,
    timespan,
    rule: ruleName(rule),
    referenced_rules: referenced.map((r) => ruleName(r.rule)).join(", "),
    field: fields[0] ?? "",
    fields: fields.join(", "),
    percentile: condition.percentile ?? "",
    op: (templates.operators ?? DEFAULT_CORRELATION_OPERATORS)[condition.op],
    count: condition.count,
  };
  const aggregationTemplate = templates.aggregations?.[rule.type];
  const conditionTemplate = templates.conditions?.[rule.type];
  const aggregate = aggregationTemplate === undefined ? "" : renderTemplate(aggregationTemplate, values);
  const renderedCondition = conditionTemplate === undefined ? "" : renderTemplate(conditionTemplate, values);
  return [renderTemplate(template, { ...values, aggregate, condition: renderedCondition })];
}
