/**
 * A typed LogQL syntax tree: the subset of LogQL the backend produces. Nodes hold raw values
 * (unquoted, unescaped, label names as Sigma spelled them); `print.ts` turns them into text, so
 * quoting, escaping and label-name sanitising happen in one place.
 */

/** Operator of a stream-selector label matcher. */
export type MatcherOp = "=" | "!=" | "=~" | "!~";

/** `label="value"` inside `{…}`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: MatcherOp;
  readonly value: string;
}

/** The `{…}` stream selector: built from matchers, or a custom selector text used verbatim. */
export type StreamSelector =
  | { readonly kind: "matchers"; readonly matchers: readonly LabelMatcher[] }
  | { readonly kind: "raw"; readonly text: string };

/** Operator of a line filter. */
export type LineFilterOp = "|=" | "!=" | "|~" | "!~";

/** A line filter: a substring (`|=`/`!=`), a regex (`|~`/`!~`) or an IP range (`|= ip("…")`). */
export type LineFilter =
  | { readonly kind: "line_filter"; readonly op: LineFilterOp; readonly value: string }
  | { readonly kind: "line_filter_ip"; readonly op: "|=" | "!="; readonly cidr: string };

/** A parser stage: `json`, `logfmt`, or custom pipeline text (`loki_parser`) used verbatim. */
export type ParserStage =
  | { readonly kind: "parser"; readonly parser: "json" | "logfmt" }
  | { readonly kind: "raw_stage"; readonly text: string };

/** Operators of string label filters. */
export type StringFilterOp = "=" | "!=" | "=~" | "!~";
/** Operators of numeric label filters. */
export type NumberFilterOp = "=" | "!=" | ">" | ">=" | "<" | "<=";

/** One label comparison, or an `and`/`or` of them. */
export type LabelFilterExpr =
  | {
      readonly kind: "and" | "or";
      /**
       * Operands. An `and` may hold a single operand: the reference keeps the parentheses of an
       * OR operand whose siblings were line filters, and that shape is kept to print the same text.
       */
      readonly args: readonly LabelFilterExpr[];
    }
  | { readonly kind: "string_filter"; readonly label: string; readonly op: StringFilterOp; readonly value: string }
  | { readonly kind: "number_filter"; readonly label: string; readonly op: NumberFilterOp; readonly value: number }
  | { readonly kind: "ip_filter"; readonly label: string; readonly op: "=" | "!="; readonly cidr: string }
  /** `label!=""` (present) / `label=""` (absent). */
  | { readonly kind: "presence_filter"; readonly label: string; readonly present: boolean }
  /**
   * A label filter expression given as text (`query_expression_placeholders`), checked to be one
   * and printed as it is (parenthesised when it has a top-level `and` / `or`).
   */
  | { readonly kind: "raw_filter"; readonly text: string };

/** `| <label filter expression>`. */
export interface LabelFilterStage {
  readonly kind: "label_filter";
  readonly expr: LabelFilterExpr;
}

/** `| label_format a=`tmpl`,b=`tmpl``. */
export interface LabelFormatStage {
  readonly kind: "label_format";
  readonly assignments: readonly { readonly label: string; readonly template: string }[];
}

/** `| line_format "tmpl"`. */
export interface LineFormatStage {
  readonly kind: "line_format";
  readonly template: string;
}

/** Any stage after the stream selector. */
export type PipelineStage = LineFilter | ParserStage | LabelFilterStage | LabelFormatStage | LineFormatStage;

/** A log query: a stream selector followed by pipeline stages in order. */
export interface LogQuery {
  readonly kind: "log_query";
  readonly selector: StreamSelector;
  readonly stages: readonly PipelineStage[];
}

/** A finished log query kept as text (the query of a rule a correlation refers to). */
export interface RawLogQuery {
  readonly kind: "raw_log_query";
  readonly text: string;
}

/** `fn(<log query> [range])`. */
export interface RangeAggregation {
  readonly kind: "range_aggregation";
  readonly fn: "count_over_time" | "absent_over_time";
  readonly query: LogQuery | RawLogQuery;
  /** A duration as written, e.g. `5m`. */
  readonly range: string;
}

/** `op [by|without (labels)] (expr)`. */
export interface VectorAggregation {
  readonly kind: "vector_aggregation";
  readonly op: "sum" | "count";
  readonly grouping?: { readonly kind: "by" | "without"; readonly labels: readonly string[] };
  readonly expr: MetricExpr;
}

/** Comparison operators between a metric and a number. */
export type ComparisonOp = "==" | "!=" | ">" | ">=" | "<" | "<=";

/** `expr <op> number`. */
export interface MetricComparison {
  readonly kind: "comparison";
  readonly expr: MetricExpr;
  readonly op: ComparisonOp;
  readonly value: number;
}

/** A metric query. */
export type MetricExpr = RangeAggregation | VectorAggregation | MetricComparison;

/** Any LogQL query. */
export type LogQLQuery = LogQuery | MetricExpr;
