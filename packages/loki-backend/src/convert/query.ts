/**
 * One condition of a processed rule → one LogQL log query (§5.3).
 */
import {
  DeferredParts,
  flatArgs,
  hasLeaf,
  isNormalisedLeaf,
  type NormalisedKeywordLeaf,
  type NormalisedTree,
} from "@sigma/backend";
import { SigmaValueError, type SigmaRule } from "@sigma/core";
import { LokiCustomAttributes, type LokiCustomAttribute } from "@sigma/pipeline-loki";
import type { LabelFilterExpr, LineFilter, LogQuery, ParserStage, PipelineStage, StreamSelector } from "../logql/ast.js";
import { inferLineFilter } from "../line-filters/infer.js";
import type { LineEncoding } from "../regex/line-encoding.js";
import { customAttributeProblem } from "../logql/fragments.js";
import { sanitizeLabelName as sanitizeField } from "../logql/quote.js";
import { convertFieldLeaf, type QueryState } from "./fields.js";
import { convertKeywordAlternation, convertKeywordLeaf, keywordLabelFilter, type KeywordOptions } from "./keywords.js";
import { lineLabelName, lineLabelStage } from "./line-label.js";

/** The options that change how a condition is converted. */
export interface QueryOptions {
  readonly caseSensitive: boolean;
  readonly addLineFilters: boolean;
}

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
function customFragment(rule: SigmaRule, attribute: LokiCustomAttribute): string | undefined {
  const value = rule.customAttributes[attribute];
  const problem = customAttributeProblem(attribute, value);
  if (problem !== undefined) {
    throw new SigmaValueError(problem, rule.source && { ...rule.source.location, path: rule.source.path });
  }
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The stream selector of a rule: the custom attribute, else one per product. */
export function streamSelector(rule: SigmaRule): StreamSelector {
  const custom = customFragment(rule, LokiCustomAttributes.LOGSOURCE_SELECTION);
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

/**
 * How the lines a parser reads are encoded: its own kind, or for custom stages the parser they
 * start with (`json | line_format …` reads JSON lines).
 */
export function lineEncoding(parser: ParserStage): LineEncoding | undefined {
  if (parser.kind === "parser") return parser.parser;
  const first = /^[\s|]*(json|logfmt)(?![\w-])/.exec(parser.text)?.[1];
  return first === "json" || first === "logfmt" ? first : undefined;
}

/** The parser stage of a rule: the custom attribute, else `json` for JSON-logging products. */
export function parserStage(rule: SigmaRule): ParserStage {
  const custom = customFragment(rule, LokiCustomAttributes.PARSER);
  if (custom !== undefined) return { kind: "raw_stage", text: custom };
  const product = rule.logsource.product;
  return { kind: "parser", parser: product === "windows" || product === "azure" || product === "zeek" ? "json" : "logfmt" };
}

/** The rule's parser (`parserStage`) when `stages` have none (neither a parser nor custom stages). */
export function missingParser(stages: readonly PipelineStage[], rule: SigmaRule): ParserStage | undefined {
  return stages.some((s) => s.kind === "parser" || s.kind === "raw_stage") ? undefined : parserStage(rule);
}

/**
 * What converting the leaves of one query collects besides the label filter expression: the line
 * filters, the query's deferred parts (written before the parser, in creation order), and the
 * line label once a keyword needs it.
 */
interface TreeState extends QueryState, KeywordOptions {
  readonly lines: DeferredParts<LineFilter>;
  /** The name of the line label (./line-label.ts), chosen when first needed. */
  lineLabel: string | undefined;
  /** Chooses the name of the line label. */
  readonly lineLabelName: () => string;
}

/**
 * Converts a normalised condition into its label filter expression; keywords become line filters
 * (deferred parts: an AND joins them with the labels, an OR of keywords becomes one alternation).
 * An OR that line filters cannot express — keywords with field conditions, keywords AND-ed inside
 * it, or negated keywords (`not (kw1 and kw2)`) — becomes label filters, its keywords on the line
 * label.
 */
function convertTree(t: NormalisedTree, state: TreeState): LabelFilterExpr | undefined {
  if (isNormalisedLeaf(t)) {
    if (t.type === "keyword") {
      const f = convertKeywordLeaf(t, state);
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
    if (args.every((a) => isNormalisedLeaf(a) && a.type === "keyword" && !a.negated)) {
      state.lines.add(convertKeywordAlternation(args as NormalisedKeywordLeaf[], state));
      return undefined;
    }
    return convertOnLineLabel(t, state);
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

/** Converts a subtree into label filters only, its keywords as filters on the line label. */
function convertOnLineLabel(t: NormalisedTree, state: TreeState): LabelFilterExpr {
  if (!isNormalisedLeaf(t)) return { kind: t.type, args: t.args.map((a) => convertOnLineLabel(a, state)) };
  if (t.type === "field") return convertFieldLeaf(t, state);
  state.lineLabel ??= state.lineLabelName();
  return keywordLabelFilter(t, state.lineLabel, state);
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
  const parser = parserStage(rule);
  const state: TreeState = {
    caseSensitive: options.caseSensitive,
    labelFormats: [],
    counters: { match: 0, date: 0 },
    encoding: lineEncoding(parser),
    lines: new DeferredParts<LineFilter>(),
    lineLabel: undefined,
    lineLabelName: () => lineLabelName(tree, rule.fields),
  };
  const labels = convertTree(tree, state);
  const lines = state.lines.parts.map((p) => p.value);
  const stages: PipelineStage[] = [...lines];
  // label_format parts count as line-filter-like (deferred) parts for the reference: no inference then.
  if (lines.length === 0 && state.labelFormats.length === 0 && options.addLineFilters) {
    const inferred = lineFilter === undefined ? impliedLineFilter(tree, rule, options) : lineFilter;
    if (inferred) stages.push(inferred);
  }
  if (labels || state.labelFormats.length > 0) {
    stages.push(parser);
    if (state.lineLabel !== undefined) stages.push(lineLabelStage(state.lineLabel));
    if (state.labelFormats.length > 0) stages.push({ kind: "label_format", assignments: state.labelFormats });
    if (labels) stages.push({ kind: "label_filter", expr: labels });
  }
  if (rule.fields.length > 0) {
    stages.push({ kind: "line_format", template: rule.fields.map((f) => `{{.${sanitizeField(f)}}}`).join(" ") });
  }
  return { kind: "log_query", selector: streamSelector(rule), stages };
}
