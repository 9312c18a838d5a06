/**
 * The one place where LogQL text is made: quoting, escaping and label-name sanitising.
 */
import type {
  BinaryOp,
  Grouping,
  LabelFilterExpr,
  LabelMatcher,
  LineFilter,
  LogQuery,
  MetricExpr,
  PipelineStage,
  RangeAggregation,
  RawLogQuery,
  StreamSelector,
} from "./ast.js";
import { formatNumber } from "./number.js";
import { doubleQuote, quoteValue, sanitizeLabelName } from "./quote.js";

/** Prints `{selector} stage stage …`. */
export function printLogQuery(query: LogQuery): string {
  const parts = [printSelector(query.selector)];
  for (const stage of query.stages) parts.push(printStage(stage));
  return parts.join(" ");
}

/** Strips the pipes a parser text may carry at its ends (`| json |` → `json`), as it is printed. */
export function trimPipes(text: string): string {
  return text.trim().replace(/^\|\s*/, "").replace(/\s*\|$/, "");
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
function printLineFilter(filter: LineFilter): string {
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
    case "group":
      return `(${printLabelFilter(expr.expr)})`;
    case "raw_filter":
      return expr.text;
  }
}

/** Binding strength of binary operators (higher binds tighter); all but `^` are left-associative. */
const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  "==": 3,
  "!=": 3,
  ">": 3,
  ">=": 3,
  "<": 3,
  "<=": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "^": 6,
};

/** Binding strength of a node: atoms (aggregations, functions, numbers) never need parentheses; a
 * metric query kept as text is parenthesised wherever an operator touches it. */
function precedence(expr: MetricExpr): number {
  switch (expr.kind) {
    case "binary":
      return PRECEDENCE[expr.op];
    case "raw_metric":
      return 0;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * Prints an operand of `op`, in parentheses when it binds looser (or as tight, on the side that
 * associativity does not group first), and an `and` / `unless` inside an `or` too, for the reader.
 */
function printOperand(expr: MetricExpr, op: BinaryOp, side: "lhs" | "rhs"): string {
  const inner = precedence(expr);
  const outer = PRECEDENCE[op];
  const rightAssociative = op === "^";
  const grouped =
    inner < outer || (inner === outer && (side === "rhs") !== rightAssociative) || (op === "or" && inner === PRECEDENCE.and);
  return grouped ? `(${printMetric(expr)})` : printMetric(expr);
}

function printGrouping(grouping: Grouping): string {
  return `${grouping.kind} (${grouping.labels.map(sanitizeLabelName).join(", ")})`;
}

/** Prints a log query kept as text with the stages appended to it. */
function printRawLogQuery(query: RawLogQuery): string {
  return [query.text, ...(query.stages ?? []).map(printStage)].join(" ");
}

/** `fn([param, ]query [| unwrap l | filters] [range]) [grouping]`. */
function printRangeAggregation(expr: RangeAggregation): string {
  const parts = [expr.query.kind === "raw_log_query" ? printRawLogQuery(expr.query) : printLogQuery(expr.query)];
  if (expr.unwrap) {
    parts.push(`| unwrap ${sanitizeLabelName(expr.unwrap.label)}`);
    for (const filter of expr.unwrap.filters ?? []) parts.push(`| ${printLabelFilter(filter)}`);
  }
  parts.push(`[${expr.range}]`);
  const param = expr.param === undefined ? "" : `${formatNumber(expr.param)}, `;
  const grouping = expr.grouping ? ` ${printGrouping(expr.grouping)}` : "";
  return `${expr.fn}(${param}${parts.join(" ")})${grouping}`;
}

/** Prints a metric query, with parentheses where LogQL's operator precedence needs them. */
export function printMetric(expr: MetricExpr): string {
  switch (expr.kind) {
    case "range_aggregation":
      return printRangeAggregation(expr);
    case "vector_aggregation": {
      const grouping = expr.grouping ? ` ${printGrouping(expr.grouping)} ` : "";
      return `${expr.op}${grouping}(${printMetric(expr.expr)})`;
    }
    case "label_replace":
      return `label_replace(${printMetric(expr.expr)}, ${[expr.destination, expr.replacement, expr.source, expr.regex].map(doubleQuote).join(", ")})`;
    case "binary": {
      const on = expr.on ? ` on(${expr.on.map(sanitizeLabelName).join(", ")})` : "";
      return `${printOperand(expr.lhs, expr.op, "lhs")} ${expr.op}${on} ${printOperand(expr.rhs, expr.op, "rhs")}`;
    }
    case "number":
      return formatNumber(expr.value);
    case "raw_metric":
      return expr.text;
  }
}
