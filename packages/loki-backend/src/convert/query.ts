/**
 * One condition of a processed rule → one LogQL log query (§5.3).
 */
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
import { flatArgs, hasField, hasKeyword, toNnf, type NnfLeaf, type NnfTree } from "./normalise.js";

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

/** The parts of a condition: line filters (in order) and a label filter expression. */
interface Parts {
  readonly lines: LineFilter[];
  readonly labels: LabelFilterExpr | undefined;
}

/** Converts a normalised condition into line filters and a label filter expression. */
function convertTree(t: NnfTree, state: QueryState): Parts {
  if (t.type === "leaf") {
    if (t.leaf.type === "keyword") {
      const f = convertKeywordLeaf(t, state.caseSensitive);
      return { lines: f ? [f] : [], labels: undefined };
    }
    return { lines: [], labels: convertFieldLeaf(t, state) };
  }
  if (t.type === "or") {
    if (!hasKeyword(t)) {
      return { lines: [], labels: { kind: "or", args: t.args.map((a) => labelsOnly(convertTree(a, state))) } };
    }
    const args = flatArgs(t);
    if (args.some((a) => a.type !== "leaf" && hasKeyword(a))) {
      throw new SigmaFeatureNotSupportedByBackendError(
        "Operator 'or' not supported by the backend for unbound conditions combined with 'and'",
        firstKeywordLocation(t),
      );
    }
    if (args.some(hasField)) {
      throw new SigmaFeatureNotSupportedByBackendError(
        "Operator 'or' not supported by the backend for unbound conditions combined with field conditions",
        firstKeywordLocation(t),
      );
    }
    const leaves = args as NnfLeaf[];
    if (leaves.some((l) => l.negated)) {
      // not (kw1 and kw2) = lines missing kw1 or missing kw2: no conjunction of line filters says that.
      throw new SigmaFeatureNotSupportedByBackendError(
        "Negated AND of keywords ('not (keyword1 and keyword2)') is not supported by the backend: " +
          "Loki line filters can only express ANDs of ORs of keywords",
        leaves[0]?.leaf.item.location,
      );
    }
    return { lines: [convertKeywordAlternation(leaves, state.caseSensitive)], labels: undefined };
  }
  const lines: LineFilter[] = [];
  const labels: LabelFilterExpr[] = [];
  for (const a of t.args) {
    const p = convertTree(a, state);
    lines.push(...p.lines);
    if (p.labels) labels.push(p.labels);
  }
  if (labels.length === 0) return { lines, labels: undefined };
  // A lone OR keeps its parentheses, as in the reference (`|~ kw | logfmt | (a or b)`).
  if (labels.length === 1 && labels[0]?.kind !== "or") return { lines, labels: labels[0] };
  return { lines, labels: { kind: "and", args: labels } };
}

/** Where the first keyword of a subtree is written: the place an unsupported keyword OR is reported. */
function firstKeywordLocation(t: NnfTree): SourceLocation | undefined {
  if (t.type === "leaf") return t.leaf.type === "keyword" ? t.leaf.item.location : undefined;
  for (const a of t.args) {
    const found = firstKeywordLocation(a);
    if (found) return found;
  }
  return undefined;
}

function labelsOnly(p: Parts): LabelFilterExpr {
  if (!p.labels) throw new Error("unreachable: field subtree without label filter");
  return p.labels;
}

/** The `add_line_filters` filter a condition implies, if any (§5.7). */
export function impliedLineFilter(tree: NnfTree, rule: SigmaRule, options: QueryOptions): LineFilter | undefined {
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
export function buildLogQuery(tree: NnfTree, rule: SigmaRule, options: QueryOptions, lineFilter?: LineFilter | null): LogQuery {
  const state: QueryState = { caseSensitive: options.caseSensitive, labelFormats: [], counters: { match: 0, date: 0 } };
  const { lines, labels } = convertTree(tree, state);
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
  return buildLogQuery(toNnf(tree), rule, options);
}
