/**
 * One condition of a processed rule → one LogQL log query (§5.3).
 */
import {
  DeferredParts,
  flatArgs,
  hasLeaf,
  isNormalisedLeaf,
  pushDownNegation,
  type NormalisedKeywordLeaf,
  type NormalisedTree,
} from "@sigma/backend";
import {
  SigmaFeatureNotSupportedByBackendError,
  SigmaValueError,
  type ConditionTree,
  type SigmaRule,
  type SourceLocation,
} from "@sigma/core";
import type { LabelFilterExpr, LineFilter, LogQuery, ParserStage, PipelineStage, StreamSelector } from "../logql/ast.js";
import { inferLineFilter } from "../line-filters/infer.js";
import { customAttributeProblem } from "../logql/fragments.js";
import { sanitizeLabelName as sanitizeField } from "../logql/quote.js";
import { convertFieldLeaf, type QueryState } from "./fields.js";
import { convertKeywordAlternation, convertKeywordLeaf } from "./keywords.js";

/** The options that change how a condition is converted. */
export interface QueryOptions {
  readonly caseSensitive: boolean;
  readonly addLineFilters: boolean;
}

/** Custom attribute names read from the rule (§5.1). */
export const PARSER_ATTRIBUTE = "loki_parser";
export const SELECTION_ATTRIBUTE = "logsource_loki_selection";

const WINDOWS_SELECTOR: StreamSelector = {
  kind: "matchers",
  matchers: [{ label: "job", op: "=~", value: "eventlog|winlog|windows|fluentbit.*" }],
};
const AZURE_SELECTOR: StreamSelector = { kind: "matchers", matchers: [{ label: "job", op: "=", value: "logstash" }] };
const ANY_SELECTOR: StreamSelector = { kind: "matchers", matchers: [{ label: "job", op: "=~", value: ".+" }] };

/**
 * A custom attribute's text after checking that it is the LogQL fragment it must be (see
 * `customAttributeProblem`); undefined when unset. The error points at the rule: the attribute
 * is a top-level key of the rule, or was set by a pipeline (whose own check points at its item).
 */
function customFragment(rule: SigmaRule, attribute: string): string | undefined {
  const value = rule.customAttributes[attribute];
  const problem = customAttributeProblem(attribute, value);
  if (problem !== undefined) {
    throw new SigmaValueError(problem, rule.source && { ...rule.source.location, path: rule.source.path });
  }
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The stream selector of a rule: the custom attribute, else one per product. */
export function streamSelector(rule: SigmaRule): StreamSelector {
  const custom = customFragment(rule, SELECTION_ATTRIBUTE);
  if (custom !== undefined) return { kind: "raw", text: custom };
  switch (rule.logsource.product) {
    case "windows":
      return WINDOWS_SELECTOR;
    case "azure":
      return AZURE_SELECTOR;
    default:
      return ANY_SELECTOR;
  }
}

/** The parser stage of a rule: the custom attribute, else `json` for JSON-logging products. */
export function parserStage(rule: SigmaRule): ParserStage {
  const custom = customFragment(rule, PARSER_ATTRIBUTE);
  if (custom !== undefined) return { kind: "raw_stage", text: custom };
  const product = rule.logsource.product;
  return { kind: "parser", parser: product === "windows" || product === "azure" || product === "zeek" ? "json" : "logfmt" };
}

/**
 * What converting the leaves of one query collects besides the label filter expression: the line
 * filters, the query's deferred parts (written before the parser, in creation order).
 */
interface TreeState extends QueryState {
  readonly lines: DeferredParts<LineFilter>;
}

/**
 * Converts a normalised condition into its label filter expression; keywords become line filters
 * (deferred parts: an AND joins them with the labels, an OR may only join keywords).
 */
function convertTree(t: NormalisedTree, state: TreeState): LabelFilterExpr | undefined {
  if (isNormalisedLeaf(t)) {
    if (t.type === "keyword") {
      const f = convertKeywordLeaf(t, state.caseSensitive);
      if (f) state.lines.add(f);
      return undefined;
    }
    return convertFieldLeaf(t, state);
  }
  if (t.type === "or") {
    if (!hasLeaf(t, "keyword")) {
      return { kind: "or", args: t.args.map((a) => labelsOnly(convertTree(a, state))) };
    }
    const args = flatArgs(t);
    if (args.some((a) => !isNormalisedLeaf(a) && hasLeaf(a, "keyword"))) {
      throw new SigmaFeatureNotSupportedByBackendError(
        "Operator 'or' not supported by the backend for unbound conditions combined with 'and'",
        firstKeywordLocation(t),
      );
    }
    if (args.some((a) => hasLeaf(a, "field"))) {
      throw new SigmaFeatureNotSupportedByBackendError(
        "Operator 'or' not supported by the backend for unbound conditions combined with field conditions",
        firstKeywordLocation(t),
      );
    }
    const leaves = args as NormalisedKeywordLeaf[];
    if (leaves.some((l) => l.negated)) {
      // not (kw1 and kw2) = lines missing kw1 or missing kw2: no conjunction of line filters says that.
      throw new SigmaFeatureNotSupportedByBackendError(
        "Negated AND of keywords ('not (keyword1 and keyword2)') is not supported by the backend: " +
          "Loki line filters can only express ANDs of ORs of keywords",
        leaves[0]?.item.location,
      );
    }
    state.lines.add(convertKeywordAlternation(leaves, state.caseSensitive));
    return undefined;
  }
  const labels: LabelFilterExpr[] = [];
  for (const a of t.args) {
    const expr = convertTree(a, state);
    if (expr) labels.push(expr);
  }
  if (labels.length === 0) return undefined;
  // A lone OR keeps its parentheses, as in the reference (`|~ kw | logfmt | (a or b)`).
  if (labels.length === 1 && labels[0]?.kind !== "or") return labels[0];
  return { kind: "and", args: labels };
}

/** Where the first keyword of a subtree is written: the place an unsupported keyword OR is reported. */
function firstKeywordLocation(t: NormalisedTree): SourceLocation | undefined {
  if (isNormalisedLeaf(t)) return t.type === "keyword" ? t.item.location : undefined;
  for (const a of t.args) {
    const found = firstKeywordLocation(a);
    if (found) return found;
  }
  return undefined;
}

function labelsOnly(expr: LabelFilterExpr | undefined): LabelFilterExpr {
  if (!expr) throw new Error("unreachable: field subtree without label filter");
  return expr;
}

/** The `add_line_filters` filter a condition implies, if any (§5.7). */
export function impliedLineFilter(tree: NormalisedTree, rule: SigmaRule, options: QueryOptions): LineFilter | undefined {
  const parser = parserStage(rule);
  return inferLineFilter(tree, {
    logfmt: parser.kind === "parser" && parser.parser === "logfmt",
    caseSensitive: options.caseSensitive,
  });
}

/**
 * Builds the log query of one normalised condition. `lineFilter` replaces the filter inferred
 * from `tree` with `add_line_filters` (`null`: none), e.g. for the parts of a partitioned query.
 */
export function buildLogQuery(
  tree: NormalisedTree,
  rule: SigmaRule,
  options: QueryOptions,
  lineFilter?: LineFilter | null,
): LogQuery {
  const state: TreeState = {
    caseSensitive: options.caseSensitive,
    labelFormats: [],
    counters: { match: 0, date: 0 },
    lines: new DeferredParts<LineFilter>(),
  };
  const labels = convertTree(tree, state);
  const lines = state.lines.parts.map((p) => p.value);
  const parser = parserStage(rule);
  const stages: PipelineStage[] = [...lines];
  // label_format parts count as line-filter-like (deferred) parts for the reference: no inference then.
  if (lines.length === 0 && state.labelFormats.length === 0 && options.addLineFilters) {
    const inferred = lineFilter === undefined ? impliedLineFilter(tree, rule, options) : lineFilter;
    if (inferred) stages.push(inferred);
  }
  if (labels || state.labelFormats.length > 0) {
    stages.push(parser);
    if (state.labelFormats.length > 0) stages.push({ kind: "label_format", assignments: state.labelFormats });
    if (labels) stages.push({ kind: "label_filter", expr: labels });
  }
  if (rule.fields.length > 0) {
    stages.push({ kind: "line_format", template: rule.fields.map((f) => `{{.${sanitizeField(f)}}}`).join(" ") });
  }
  return { kind: "log_query", selector: streamSelector(rule), stages };
}

/** Converts one condition tree of a processed rule (negations are normalised first). */
export function conditionToLogQuery(tree: ConditionTree, rule: SigmaRule, options: QueryOptions): LogQuery {
  return buildLogQuery(pushDownNegation(tree), rule, options);
}
