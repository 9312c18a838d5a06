/**
 * `LokiBackend`: the Loki implementation of the @sigma/backend contract.
 */
import type {
  Backend,
  ConversionContext,
  ConvertibleRule,
  ReferencedRuleQueries,
  RuleContext,
} from "@sigma/backend";
import type { SigmaCorrelationRule, SigmaRule } from "@sigma/core";
import { correlationQuery, type CorrelationReference } from "./correlation/index.js";
import type { LogQuery } from "./logql/ast.js";
import { assertRegexLength } from "./convert/regex-limit.js";
import { ruleToLogQueries, type RuleQueryOptions } from "./convert/rule.js";
import { printMetric } from "./logql/print.js";
import { LOKI_BACKEND_OPTIONS, type LokiBackendOptions } from "./options.js";
import { finalizeEntry, finalizeOutput } from "./formats.js";
import { sanitizeLabelName } from "./logql/quote.js";

/** Output formats: name → description. */
export const LOKI_FORMATS = {
  default: "Plain LogQL queries",
  ruler: "Loki ruler alerting rules (YAML)",
  grafana_alerting: "Grafana alerting provisioning file (YAML)",
} as const;

/**
 * The options a rule is converted with: as its queries are written, or for merging its queries
 * into another's (`merge`: without inferred line filters, unpartitioned).
 */
function queryOptions(ctx: RuleContext<LokiBackendOptions>, merge: boolean): RuleQueryOptions {
  return {
    caseSensitive: ctx.options.case_sensitive,
    addLineFilters: ctx.options.add_line_filters && !merge,
    partition: ctx.format === "default" && !merge,
  };
}

/** Whether two option sets convert a rule alike. */
function sameOptions(a: RuleQueryOptions, b: RuleQueryOptions): boolean {
  return a.caseSensitive === b.caseSensitive && a.addLineFilters === b.addLineFilters && a.partition === b.partition;
}

/**
 * The Grafana Loki backend. One instance may serve many conversions: it keeps nothing but the
 * trees of the rules it converted, for the correlations that reference them, and only while the
 * rule objects live.
 */
export class LokiBackend implements Backend<LokiBackendOptions> {
  readonly name = "Grafana Loki";
  readonly identifier = "loki";
  readonly formats = LOKI_FORMATS;
  readonly defaultFormat = "default";
  readonly options = LOKI_BACKEND_OPTIONS;
  readonly correlationMethods = { default: "Metric queries over the referenced rules' log queries" };
  readonly defaultCorrelationMethod = "default";
  readonly requiresPipeline = false;
  /** The reference does not hand its options to pySigma's base class. */
  readonly optionsAsPipelineVars = false;
  /** The log queries of each processed rule converted, and the options they were converted with. */
  readonly #converted = new WeakMap<SigmaRule, { readonly options: RuleQueryOptions; readonly queries: readonly LogQuery[] }>();

  /** Field names become Loki label names (as the reference's `escape_and_quote_field`). */
  quoteField(field: string): string {
    return sanitizeLabelName(field);
  }

  /** Converts a processed rule: one LogQL log query per condition (more when partitioned). */
  convertRule(rule: SigmaRule, ctx: RuleContext<LokiBackendOptions>): readonly string[] {
    const options = queryOptions(ctx, false);
    const { queries, texts, warnings } = ruleToLogQueries(rule, options);
    const at = rule.source && { ...rule.source.location, path: rule.source.path };
    for (const query of queries) assertRegexLength(query, ctx.options.max_regex_length, at);
    for (const warning of warnings) ctx.warn(warning);
    this.#converted.set(rule, { options, queries });
    return texts;
  }

  /** Converts a correlation rule into one metric query over the queries of the rules it references. */
  convertCorrelationRule(
    rule: SigmaCorrelationRule,
    ctx: RuleContext<LokiBackendOptions>,
    referenced: readonly ReferencedRuleQueries[],
  ): readonly string[] {
    const references = referenced.map(({ rule: ref, queries }): CorrelationReference => {
      if (ref.kind !== "rule") return { rule: ref, queries };
      // The trees of the finished queries, as convertRule made them; for merging, derived again.
      const trees = (merge: boolean): readonly LogQuery[] => {
        const options = queryOptions(ctx, merge);
        const converted = this.#converted.get(ref);
        return converted !== undefined && sameOptions(converted.options, options) ? converted.queries : ruleToLogQueries(ref, options).queries;
      };
      return { rule: ref, queries, trees };
    });
    return [printMetric(correlationQuery(rule, references))];
  }

  /** `finalize_query_<format>`: the query, or an entry for the YAML formats. */
  finalizeQuery(rule: ConvertibleRule, query: string, _index: number, ctx: RuleContext<LokiBackendOptions>): unknown {
    return finalizeEntry(rule, query, ctx.format);
  }

  /** `finalize_output_<format>`: the list of queries, or the YAML text. */
  finalizeOutput(queries: readonly unknown[], ctx: ConversionContext<LokiBackendOptions>): unknown {
    return finalizeOutput(queries, ctx.format, ctx.options);
  }
}
