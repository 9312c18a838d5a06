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
  /** `(expr)`: parentheses kept for reading (the operands of a merged correlation search). */
  | { readonly kind: "group"; readonly expr: LabelFilterExpr }
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

/**
 * A finished log query kept as text (the query of a rule a correlation refers to), with the stages
 * a correlation appends to it (alias labels, the error filter).
 */
export interface RawLogQuery {
  readonly kind: "raw_log_query";
  readonly text: string;
  readonly stages?: readonly PipelineStage[];
}

/** `by (labels)` / `without (labels)`; `by ()` merges everything into one series. */
export interface Grouping {
  readonly kind: "by" | "without";
  readonly labels: readonly string[];
}

/** Range functions the backend writes. */
export type RangeFunction =
  | "count_over_time"
  | "absent_over_time"
  | "sum_over_time"
  | "avg_over_time"
  | "min_over_time"
  | "max_over_time"
  | "quantile_over_time";

/** `| unwrap label` and the label filters written after it (they see conversion errors). */
export interface Unwrap {
  readonly label: string;
  readonly filters?: readonly LabelFilterExpr[];
}

/** `fn([param,] <log query> [| unwrap label …] [range]) [by|without (labels)]`. */
export interface RangeAggregation {
  readonly kind: "range_aggregation";
  readonly fn: RangeFunction;
  /** The φ of `quantile_over_time`. */
  readonly param?: number;
  readonly query: LogQuery | RawLogQuery;
  readonly unwrap?: Unwrap;
  /** A duration as written, e.g. `5m`. */
  readonly range: string;
  /** Loki allows it on avg/min/max/stddev/stdvar/quantile/first/last `_over_time` only. */
  readonly grouping?: Grouping;
}

/** `op [by|without (labels)] (expr)`. */
export interface VectorAggregation {
  readonly kind: "vector_aggregation";
  readonly op: "sum" | "count" | "min" | "max" | "avg";
  readonly grouping?: Grouping;
  readonly expr: MetricExpr;
}

/** `label_replace(expr, "destination", "replacement", "source", "regex")` (the regex is anchored). */
export interface LabelReplace {
  readonly kind: "label_replace";
  readonly expr: MetricExpr;
  readonly destination: string;
  readonly replacement: string;
  readonly source: string;
  readonly regex: string;
}

/** Comparison operators between metrics. */
export type ComparisonOp = "==" | "!=" | ">" | ">=" | "<" | "<=";

/** Binary operators, by precedence from lowest: `or`; `and` `unless`; comparisons; `+ -`; `* / %`; `^`. */
export type BinaryOp = "or" | "and" | "unless" | ComparisonOp | "+" | "-" | "*" | "/" | "%" | "^";

/** `lhs op [on(labels)] rhs`. */
export interface BinaryExpr {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly lhs: MetricExpr;
  readonly rhs: MetricExpr;
  /** `on(labels)`: match the sides on these labels only (`on()`: any element matches). */
  readonly on?: readonly string[];
}

/** A number literal. */
export interface NumberLiteral {
  readonly kind: "number";
  readonly value: number;
}

/** A finished metric query kept as text (a correlation a correlation refers to). */
export interface RawMetric {
  readonly kind: "raw_metric";
  readonly text: string;
}

/** A metric query. */
export type MetricExpr = RangeAggregation | VectorAggregation | LabelReplace | BinaryExpr | NumberLiteral | RawMetric;
