/**
 * Template-driven correlation conversion (pySigma `convert_correlation_rule_from_template` and its
 * search, typing, aggregation, group-by and condition phases). Each piece is rendered only when a
 * template uses it, so a language sets only the templates its queries need.
 */
import {
  SigmaBackendError,
  SigmaConversionError,
  SigmaNotImplementedError,
  formatPythonNumber,
} from "@sigma/core";
import type { ConvertibleRule } from "../types.js";
import type { SigmaCorrelationRule } from "@sigma/core";
import { renderTemplate } from "../template.js";
import type { ReferencedRuleQueries } from "../types.js";
import { DEFAULT_CORRELATION_OPERATORS, correlationKind, correlationPercentile, ruleId, singleReference } from "./dispatch.js";
import type { CorrelationKind, CorrelationMethodTemplates, CorrelationSettings, NameListTemplates } from "./settings.js";

/** What the template conversion needs from the language. */
export interface CorrelationWriter {
  /** A field name escaped and quoted. */
  quoteField(name: string): string;
  /** An extended condition (`a and not b`) with `rule(name, negated)` for each rule name. */
  ruleExpression(expression: string, rule: (name: string, negated: boolean) => string): string;
  /** Each referenced query of a multi-rule search, before it goes into its template. */
  readonly multiRuleSearchQuery?: ((query: string) => string) | undefined;
  /** Each referenced query of the typing phase, before it goes into its template. */
  readonly typingQuery?: ((query: string) => string) | undefined;
}


const uses = (template: string, name: string): boolean => template.includes(`{${name}}`);

function notSupported(message: string, rule: SigmaCorrelationRule): SigmaNotImplementedError {
  return new SigmaNotImplementedError(message, rule.source?.location);
}

function nameList(names: readonly string[], t: NameListTemplates, key: "field" | "ruleid"): string {
  return renderTemplate(t.expression, {
    fields: names.map((name) => renderTemplate(t.item, { [key]: name })).join(t.joiner),
  });
}

/**
 * Converts a correlation rule with the templates of the conversion's correlation method: one query.
 *
 * @throws SigmaNotImplementedError for a kind, search or phase the templates do not cover.
 */
export function convertCorrelationWithTemplates(
  rule: SigmaCorrelationRule,
  method: string,
  referenced: readonly ReferencedRuleQueries[],
  settings: CorrelationSettings,
  writer: CorrelationWriter,
): string[] {
  const kind = correlationKind(rule);
  const templates = settings.methods[method];
  if (templates === undefined) {
    throw new SigmaConversionError(
      `Correlation method '${method}' is not supported by backend for correlation type '${kind}'.`,
      rule.source?.location,
    );
  }
  const frame = templates.query[kind] ?? templates.query.default;
  if (frame === undefined) throw notSupported(`Correlation rule type '${kind}' is not supported by backend.`, rule);
  correlationPercentile(rule);
  const parts = new CorrelationParts(rule, kind, referenced, settings, templates, writer);
  const search = parts.search();
  const groupby = uses(frame, "groupby") || uses(frame, "aggregate") ? parts.groupBy() : "";
  const timespan = parts.timespan();
  return [
    renderTemplate(frame, {
      search,
      groupby,
      timespan,
      typing: uses(frame, "typing") ? parts.typing() : "",
      aggregate: uses(frame, "aggregate") ? parts.aggregate(search, groupby, timespan) : "",
      condition: uses(frame, "condition") ? parts.condition() : "",
    }),
  ];
}

/** The phases of one template conversion. */
class CorrelationParts {
  constructor(
    private readonly rule: SigmaCorrelationRule,
    private readonly kind: CorrelationKind,
    private readonly referenced: readonly ReferencedRuleQueries[],
    private readonly settings: CorrelationSettings,
    private readonly templates: CorrelationMethodTemplates,
    private readonly writer: CorrelationWriter,
  ) {}

  search(): string {
    const s = this.settings.search ?? {};
    const only = singleReference(this.referenced);
    if (only !== undefined && s.singleRule !== undefined) {
      const id = ruleId(only.rule);
      return renderTemplate(s.singleRule, {
        query: only.queries[0] as string,
        rule: id,
        ruleid: id,
        normalization: this.#normalization(only.rule),
      });
    }
    if (s.multiRule === undefined || s.multiRuleQuery === undefined || s.multiRuleJoiner === undefined) {
      throw notSupported("Multi-rule correlation search expressions are not supported by the backend.", this.rule);
    }
    return this.#eachQuery(s.multiRule, s.multiRuleQuery, s.multiRuleJoiner, this.writer.multiRuleSearchQuery, true);
  }

  /**
   * Every query of every referenced rule, through the writer's hook, in its per-query template
   * (`{query}`, `{rule}`, `{ruleid}` and, when asked, `{normalization}`), joined and put into
   * `expression` as `{queries}`.
   */
  #eachQuery(
    expression: string,
    template: string,
    joiner: string,
    hook: ((query: string) => string) | undefined,
    normalization: boolean,
  ): string {
    const queries = this.referenced.flatMap((r) =>
      r.queries.map((query) => {
        const id = ruleId(r.rule);
        const values: Record<string, string> = { query: hook ? hook(query) : query, rule: id, ruleid: id };
        if (normalization) values["normalization"] = this.#normalization(r.rule);
        return renderTemplate(template, values);
      }),
    );
    return renderTemplate(expression, { queries: queries.join(joiner) });
  }

  /** The alias assignments of one referenced rule (pySigma `{normalization}`). */
  #normalization(referenced: ConvertibleRule): string {
    const aliases = this.rule.aliases;
    if (aliases.size === 0) return "";
    const s = this.settings.search ?? {};
    if (s.normalization === undefined || s.normalizationJoiner === undefined) {
      throw notSupported("Correlation field normalization is not supported by backend.", this.rule);
    }
    const out: string[] = [];
    for (const [alias, mapping] of aliases) {
      for (const [reference, field] of mapping) {
        if (reference === referenced.name || reference === referenced.id) {
          out.push(renderTemplate(s.normalization, { alias, field }));
        }
      }
    }
    return out.join(s.normalizationJoiner);
  }

  typing(): string {
    const t = this.settings.typing;
    if (t === undefined) return "";
    return this.#eachQuery(t.expression, t.query, t.joiner, this.writer.typingQuery, false);
  }

  groupBy(): string {
    const fields = this.rule.groupBy;
    if (fields.length === 0) return this.templates.groupByNoFields ?? "";
    const t = this.templates.groupBy;
    if (t === undefined) throw notSupported("Group by expressions are not supported by the backend.", this.rule);
    return nameList(fields.map((f) => this.writer.quoteField(f)), t, "field");
  }

  timespan(): string {
    const timespan = this.rule.timespan;
    if (timespan === undefined) return "";
    if (this.settings.timespanSeconds) return String(timespan.seconds);
    const unit = this.settings.timespanUnits?.[timespan.unit];
    return unit === undefined ? timespan.text : `${timespan.count}${unit}`;
  }

  #referencedRules(): string {
    const t = this.templates.referencedRules;
    if (t === undefined) {
      throw new SigmaBackendError("Backend doesn't defines referenced rule expression but uses it in correlation query template");
    }
    return this.referenced.map((r) => renderTemplate(t.item, { ruleid: ruleId(r.rule) })).join(t.joiner);
  }

  /** The correlation's fields and those of the referenced rules, without group-by fields (pySigma `{fields}`). */
  #fields(): string {
    const t = this.templates.fields;
    if (t === undefined) return "";
    const all: string[] = [];
    for (const field of [...this.referenced.flatMap((r) => r.rule.fields), ...this.rule.fields]) {
      if (!this.rule.groupBy.includes(field) && !all.includes(field)) all.push(field);
    }
    return all.length === 0 ? "" : nameList(all.map((f) => this.writer.quoteField(f)), t, "field");
  }

  /** Values of the aggregation and condition templates; each computed only when the template uses it. */
  #values(template: string, extra: Readonly<Record<string, string>>): Record<string, string> {
    const condition = this.rule.condition;
    const threshold = condition.kind === "threshold" ? condition : undefined;
    const values: Record<string, string> = { ...extra, rule: ruleId(this.rule), field: threshold?.fields?.[0] ?? "" };
    if (uses(template, "referenced_rules")) values["referenced_rules"] = this.#referencedRules();
    if (uses(template, "fields")) values["fields"] = this.#fields();
    if (threshold?.percentile !== undefined) values["percentile"] = formatPythonNumber(threshold.percentile);
    return values;
  }

  aggregate(search: string, groupby: string, timespan: string): string {
    const template = this.templates.aggregation?.[this.kind];
    if (template === undefined) throw notSupported(`Correlation type '${this.kind}' is not supported by backend.`, this.rule);
    return renderTemplate(template, this.#values(template, { search, groupby, timespan }));
  }

  condition(): string {
    const template = this.templates.condition?.[this.kind];
    if (template === undefined) throw notSupported(`Correlation type '${this.kind}' is not supported by backend.`, this.rule);
    const condition = this.rule.condition;
    if (condition.kind === "expression") {
      const ruleTemplate = this.templates.ruleCondition;
      if (ruleTemplate === undefined) {
        throw notSupported("Correlation conditions over rule names are not supported by the backend.", this.rule);
      }
      const expression = this.writer.ruleExpression(condition.expression, (ruleid, negated) => {
        const t = negated ? ruleTemplate.negated : ruleTemplate.template;
        if (t === undefined) throw notSupported("Negated rule names in correlation conditions are not supported by the backend.", this.rule);
        return renderTemplate(t, { ruleid });
      });
      return renderTemplate(template, { ...this.#values(template, {}), expression });
    }
    const operators = this.settings.operators ?? DEFAULT_CORRELATION_OPERATORS;
    return renderTemplate(template, this.#values(template, { op: operators[condition.op], count: formatPythonNumber(condition.count) }));
  }
}
