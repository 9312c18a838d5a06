/**
 * Correlation examples of the spec (§5.13 C01–C14, §5.9) and correlations in the YAML formats.
 */
import { describe, expect, it } from "vitest";
import { load } from "js-yaml";
import { convertText } from "./helpers/convert.js";

const BASE = `title: Base rule
name: test_rule
status: test
logsource: {category: test_category, product: test_product}
detection: {sel: {fieldA: valueA}, condition: sel}
`;

function correlation(body: string, base = BASE): string {
  return `title: Correlation
id: 0e95725d-7320-415d-80f7-004da920fc11
status: test
level: high
correlation:
${body
  .split("\n")
  .map((l) => "  " + l)
  .join("\n")}
---
${base}`;
}

function metric(body: string, base?: string): unknown {
  const { output, error } = convertText(correlation(body, base));
  if (error) throw error;
  return output;
}

const SEARCH = '{job=~".+"} | logfmt | fieldA=~`(?i)^valueA$`';

describe("§5.13 correlations (default format)", () => {
  it("C01 event_count, 30s, eq 42", () => {
    expect(metric("type: event_count\nrules: [test_rule]\ntimespan: 30s\ncondition: {eq: 42}")).toEqual([
      `sum(count_over_time(${SEARCH} [30s])) == 42`,
    ]);
  });
  it("C02 event_count, group-by one field", () => {
    expect(metric("type: event_count\nrules: [test_rule]\ngroup-by: [fieldB]\ntimespan: 5m\ncondition: {gte: 1}")).toEqual([
      `sum by (fieldB) (count_over_time(${SEARCH} [5m])) >= 1`,
    ]);
  });
  it("C03 event_count, group-by two fields", () => {
    expect(
      metric("type: event_count\nrules: [test_rule]\ngroup-by: [fieldB, fieldC]\ntimespan: 1d\ncondition: {lt: 100}"),
    ).toEqual([`sum by (fieldB, fieldC) (count_over_time(${SEARCH} [1d])) < 100`]);
  });
  for (const cond of ["{eq: 0}", "{lte: 0}", "{lt: 1}"]) {
    it(`C06 event_count ${cond} → absent_over_time`, () => {
      expect(metric(`type: event_count\nrules: [test_rule]\ntimespan: 30s\ncondition: ${cond}`)).toEqual([
        `sum(absent_over_time(${SEARCH} [30s])) == 1`,
      ]);
    });
  }
  it("C08 value_count", () => {
    expect(metric("type: value_count\nrules: [test_rule]\ntimespan: 30s\ncondition: {field: fieldB, eq: 42}")).toEqual([
      `count without (fieldB) (sum by (fieldB) (count_over_time(${SEARCH} [30s]))) == 42`,
    ]);
  });
  it("C09 value_count with group-by", () => {
    expect(
      metric("type: value_count\nrules: [test_rule]\ngroup-by: [fieldB, fieldC]\ntimespan: 1d\ncondition: {field: fieldD, lt: 100}"),
    ).toEqual([`count without (fieldD) (sum by (fieldB, fieldC, fieldD) (count_over_time(${SEARCH} [1d]))) < 100`]);
  });
  it("C10 dotted names are sanitised", () => {
    const base = `title: Base rule
name: test_rule
status: test
logsource: {category: test_category, product: test_product}
detection: {sel: {request.type: response, request.op: read}, condition: sel}
`;
    expect(
      metric(
        "type: value_count\nrules: [test_rule]\ngroup-by: [auth.display_name]\ntimespan: 1m\ncondition: {field: request.path, gt: 5}",
        base,
      ),
    ).toEqual([
      'count without (request_path) (sum by (auth_display_name, request_path) (count_over_time({job=~".+"} | logfmt | request_type=~`(?i)^response$` and request_op=~`(?i)^read$` [1m]))) > 5',
    ]);
  });
  it("C13 temporal (the reference: not supported): the number of distinct rules seen per group", () => {
    expect(metric("type: temporal\nrules: [test_rule]\ntimespan: 30s\ngroup-by: [fieldB]")).toEqual([
      `count by (fieldB) (sum by (fieldB) (count_over_time(${SEARCH} | __error__="" [30s]))) >= 1`,
    ]);
  });
  it("C14 two referenced rules (the reference: not supported): their events counted together", () => {
    const base2 = `${BASE}---
title: Second rule
name: test_rule2
status: test
logsource: {category: test_category, product: test_product}
detection: {sel: {fieldB: valueB}, condition: sel}
`;
    expect(metric("type: event_count\nrules: [test_rule, test_rule2]\ntimespan: 30s\ncondition: {gte: 2}", base2)).toEqual([
      `sum(label_replace(count_over_time(${SEARCH} | __error__="" [30s]), "sigma_rule", "test_rule", "", "") or ` +
        'label_replace(count_over_time({job=~".+"} | logfmt | fieldB=~`(?i)^valueB$` | __error__="" [30s]), "sigma_rule", "test_rule2", "", "")) >= 2',
    ]);
  });
});

describe("correlations in the YAML formats (reference BUG: Python repr of a dict)", () => {
  const text = correlation("type: event_count\nrules: [test_rule]\ntimespan: 5m\ncondition: {gte: 10}");
  const expr = `sum(count_over_time(${SEARCH} [5m])) >= 10`;

  it("ruler: the correlation's alert expression is its metric query", () => {
    const { output, error } = convertText(text, {}, "ruler");
    expect(error).toBeUndefined();
    const doc = load(output as string) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = doc.groups[0]?.rules ?? [];
    expect(rules.map((r) => r.alert)).toEqual(["Correlation"]);
    expect(rules[0]?.expr).toBe(expr);
  });

  it("grafana_alerting: the correlation's alert expression is its metric query", () => {
    const { output, error } = convertText(text, {}, "grafana_alerting");
    expect(error).toBeUndefined();
    const doc = load(output as string) as {
      groups: { rules: { title: string; data: { model: { expr: string } }[] }[] }[];
    };
    const rules = doc.groups[0]?.rules ?? [];
    expect(rules.map((r) => r.title)).toEqual(["Correlation"]);
    expect(rules[0]?.data[0]?.model.expr).toBe(expr);
  });
});
