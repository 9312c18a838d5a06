import { describe, expect, it } from "vitest";
import type { BinaryOp, LabelFilterExpr, LogQuery, MetricExpr, RawLogQuery } from "./ast.js";
import { printLabelFilter, printLogQuery, printMetric } from "./print.js";
import { quoteValue, sanitizeLabelName } from "./quote.js";

describe("quoting (§5.4)", () => {
  it("backticks by default", () => {
    expect(quoteValue("(?i)^valueA$")).toBe("`(?i)^valueA$`");
  });
  it("double quotes with \\ and \" escaped when the value has a backtick", () => {
    expect(quoteValue('v"alue`A\\')).toBe('"v\\"alue`A\\\\"');
  });
});

describe("label names (Loki's sanitize rule, §5.3)", () => {
  it.each([
    ["field.name@A-Z", "field_name_A_Z"],
    ["0field", "_0field"],
    ["field name", "field_name"],
    ["  padded  ", "padded"],
    ["   ", ""],
    ["ümlaut", "_mlaut"],
  ])("%s → %s", (input, want) => {
    expect(sanitizeLabelName(input)).toBe(want);
  });
});

describe("label filter expressions", () => {
  const a: LabelFilterExpr = { kind: "string_filter", label: "a", op: "=~", value: "x" };
  const b: LabelFilterExpr = { kind: "number_filter", label: "b.c", op: ">=", value: 2.5 };
  const c: LabelFilterExpr = { kind: "ip_filter", label: "id.resp_h", op: "!=", cidr: "10.0.0.0/8" };
  it("an OR inside an AND is grouped, an AND inside an OR is not", () => {
    expect(printLabelFilter({ kind: "and", args: [{ kind: "or", args: [a, b] }, c] })).toBe(
      '(a=~`x` or b_c>=2.5) and id_resp_h!=ip("10.0.0.0/8")',
    );
    expect(printLabelFilter({ kind: "or", args: [{ kind: "and", args: [a, b] }, c] })).toBe(
      'a=~`x` and b_c>=2.5 or id_resp_h!=ip("10.0.0.0/8")',
    );
  });
  it("presence filters use empty double quotes", () => {
    expect(printLabelFilter({ kind: "presence_filter", label: "f", present: true })).toBe('f!=""');
    expect(printLabelFilter({ kind: "presence_filter", label: "f", present: false })).toBe('f=""');
  });
});

describe("queries", () => {
  const query: LogQuery = {
    kind: "log_query",
    selector: { kind: "matchers", matchers: [{ label: "job", op: "=~", value: ".+" }] },
    stages: [
      { kind: "line_filter", op: "|~", value: "(?i)kw" },
      { kind: "line_filter_ip", op: "!=", cidr: "10.0.0.0/8" },
      { kind: "raw_stage", text: "| json | line_format `{{.message}}` | logfmt |" },
      { kind: "label_format", assignments: [{ label: "match_0", template: "{{ if eq .a .b }}true{{ else }}false{{ end }}" }] },
      { kind: "label_filter", expr: { kind: "string_filter", label: "match_0", op: "=", value: "true" } },
      { kind: "line_format", template: "{{.a}} {{.b}}" },
    ],
  };
  it("prints stages in order, custom parser text without its outer pipes", () => {
    expect(printLogQuery(query)).toBe(
      '{job=~".+"} |~ `(?i)kw` != ip("10.0.0.0/8") | json | line_format `{{.message}}` | logfmt | label_format match_0=`{{ if eq .a .b }}true{{ else }}false{{ end }}` | match_0=`true` | line_format "{{.a}} {{.b}}"',
    );
  });
  it("prints metric queries (§5.9 templates)", () => {
    const q: LogQuery = { kind: "log_query", selector: { kind: "raw", text: "{job=`x`}" }, stages: [] };
    expect(
      printMetric({
        kind: "binary",
        op: ">",
        rhs: { kind: "number", value: 5 },
        lhs: {
          kind: "vector_aggregation",
          op: "count",
          grouping: { kind: "without", labels: ["request.path"] },
          expr: {
            kind: "vector_aggregation",
            op: "sum",
            grouping: { kind: "by", labels: ["auth.display_name", "request.path"] },
            expr: { kind: "range_aggregation", fn: "count_over_time", query: q, range: "1m" },
          },
        },
      }),
    ).toBe("count without (request_path) (sum by (auth_display_name, request_path) (count_over_time({job=`x`} [1m]))) > 5");
  });

  describe("metric operators: parentheses where LogQL's precedence needs them", () => {
    const v = (name: string): MetricExpr => ({
      kind: "vector_aggregation",
      op: "sum",
      expr: { kind: "range_aggregation", fn: "count_over_time", query: { kind: "raw_log_query", text: `{job="${name}"}` }, range: "5m" },
    });
    const bin = (op: BinaryOp, lhs: MetricExpr, rhs: MetricExpr): MetricExpr => ({ kind: "binary", op, lhs, rhs });
    const p = (e: MetricExpr): string => printMetric(e).replace(/sum\(count_over_time\(\{job="(\w)"\} \[5m\]\)\)/g, "$1");
    const n = (value: number): MetricExpr => ({ kind: "number", value });

    it.each<[string, MetricExpr, string]>([
      ["and inside or (kept for the reader)", bin("or", v("a"), bin("and", v("b"), v("c"))), "a or (b and c)"],
      ["or inside and", bin("and", bin("or", v("a"), v("b")), v("c")), "(a or b) and c"],
      ["unless of an or", bin("unless", v("a"), bin("or", v("b"), v("c"))), "a unless (b or c)"],
      ["left-associative chain", bin("unless", bin("unless", v("a"), v("b")), v("c")), "a unless b unless c"],
      ["right operand of equal precedence", bin("-", v("a"), bin("-", v("b"), v("c"))), "a - (b - c)"],
      ["power is right-associative", bin("^", v("a"), bin("^", v("b"), v("c"))), "a ^ b ^ c"],
      ["power, grouped on the left", bin("^", bin("^", v("a"), v("b")), v("c")), "(a ^ b) ^ c"],
      ["comparison of a sum", bin(">=", bin("+", v("a"), v("b")), n(2)), "a + b >= 2"],
      ["comparisons joined by and", bin("and", bin(">", v("a"), n(0)), bin(">", v("b"), n(0))), "a > 0 and b > 0"],
      ["a metric query kept as text is grouped", bin("and", { kind: "raw_metric", text: "x > 1" }, v("b")), "(x > 1) and b"],
    ])("%s", (_name, expr, text) => {
      expect(p(expr)).toBe(text);
    });

    it("prints on(), label_replace, unwrap, quantile parameters and range grouping", () => {
      const q: RawLogQuery = { kind: "raw_log_query", text: '{job="a"} | json', stages: [{ kind: "label_filter", expr: { kind: "presence_filter", label: "__error__", present: false } }] };
      expect(
        printMetric({
          kind: "binary",
          op: "and",
          on: [],
          lhs: { kind: "label_replace", expr: v("a"), destination: "sigma_rule", replacement: "r$$1", source: "", regex: "" },
          rhs: {
            kind: "range_aggregation",
            fn: "quantile_over_time",
            param: 0.95,
            query: q,
            unwrap: { label: "bytes.sent", filters: [{ kind: "presence_filter", label: "__error__", present: false }] },
            range: "5m",
            grouping: { kind: "by", labels: [] },
          },
        }),
      ).toBe(
        'label_replace(sum(count_over_time({job="a"} [5m])), "sigma_rule", "r$$1", "", "") and on() quantile_over_time(0.95, {job="a"} | json | __error__="" | unwrap bytes_sent | __error__="" [5m]) by ()',
      );
    });
  });
});
