import { describe, expect, it } from "vitest";
import type { LabelFilterExpr, LogQuery } from "./ast.js";
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
        kind: "comparison",
        op: ">",
        value: 5,
        expr: {
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
});
