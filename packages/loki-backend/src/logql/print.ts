/**
 * The one place where LogQL text is made: quoting, escaping and label-name sanitising.
 */
import type {
  LabelFilterExpr,
  LabelMatcher,
  LineFilter,
  LogQLQuery,
  LogQuery,
  MetricExpr,
  PipelineStage,
  StreamSelector,
} from "./ast.js";
import { trimPipes } from "./fragments.js";
import { formatNumber } from "./number.js";
import { doubleQuote, quoteValue, sanitizeLabelName } from "./quote.js";

/** Prints any LogQL query. */
export function printQuery(query: LogQLQuery): string {
  return query.kind === "log_query" ? printLogQuery(query) : printMetric(query);
}

/** Prints `{selector} stage stage …`. */
export function printLogQuery(query: LogQuery): string {
  const parts = [printSelector(query.selector)];
  for (const stage of query.stages) parts.push(printStage(stage));
  return parts.join(" ");
}

/** Prints a stream selector. */
export function printSelector(selector: StreamSelector): string {
  if (selector.kind === "raw") return selector.text;
  return "{" + selector.matchers.map(printMatcher).join(",") + "}";
}

function printMatcher(m: LabelMatcher): string {
  return `${sanitizeLabelName(m.label)}${m.op}${doubleQuote(m.value)}`;
}

/** Prints one pipeline stage (line filters without a leading `|`, other stages with one). */
export function printStage(stage: PipelineStage): string {
  switch (stage.kind) {
    case "line_filter":
    case "line_filter_ip":
      return printLineFilter(stage);
    case "parser":
      return `| ${stage.parser}`;
    case "raw_stage":
      return `| ${trimPipes(stage.text)}`;
    case "label_filter":
      return `| ${printLabelFilter(stage.expr)}`;
    case "label_format":
      return (
        "| label_format " +
        stage.assignments.map((a) => `${sanitizeLabelName(a.label)}=${quoteValue(a.template)}`).join(",")
      );
    case "line_format":
      return `| line_format ${doubleQuote(stage.template)}`;
  }
}

/** Prints a line filter: `|= `text``, `!~ `re``, `|= ip("net")`. */
export function printLineFilter(filter: LineFilter): string {
  if (filter.kind === "line_filter_ip") return `${filter.op} ip(${doubleQuote(filter.cidr)})`;
  return `${filter.op} ${quoteValue(filter.value)}`;
}

/** Prints a label filter expression; an OR operand of an AND is parenthesised. */
export function printLabelFilter(expr: LabelFilterExpr): string {
  switch (expr.kind) {
    case "and":
      return expr.args.map((a) => (a.kind === "or" ? `(${printLabelFilter(a)})` : printLabelFilter(a))).join(" and ");
    case "or":
      return expr.args.map(printLabelFilter).join(" or ");
    case "string_filter":
      return `${sanitizeLabelName(expr.label)}${expr.op}${quoteValue(expr.value)}`;
    case "number_filter":
      return `${sanitizeLabelName(expr.label)}${expr.op}${formatNumber(expr.value)}`;
    case "ip_filter":
      return `${sanitizeLabelName(expr.label)}${expr.op}ip(${doubleQuote(expr.cidr)})`;
    case "presence_filter":
      return `${sanitizeLabelName(expr.label)}${expr.present ? "!=" : "="}""`;
    case "raw_filter":
      return expr.text;
  }
}

/** Prints a metric query. */
export function printMetric(expr: MetricExpr): string {
  switch (expr.kind) {
    case "range_aggregation":
      return `${expr.fn}(${expr.query.kind === "raw_log_query" ? expr.query.text : printLogQuery(expr.query)} [${expr.range}])`;
    case "vector_aggregation": {
      const grouping = expr.grouping
        ? ` ${expr.grouping.kind} (${expr.grouping.labels.map(sanitizeLabelName).join(", ")}) `
        : "";
      return `${expr.op}${grouping}(${printMetric(expr.expr)})`;
    }
    case "comparison":
      return `${printMetric(expr.expr)} ${expr.op} ${formatNumber(expr.value)}`;
  }
}
