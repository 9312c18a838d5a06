/**
 * The `ruler` and `grafana_alerting` formats end to end (exact texts of spec §5.13).
 */
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readGolden } from "./helpers/conformance.js";
import { convertText } from "./helpers/convert.js";

const RULER_RULE = `title: test signature
status: test
level: low
description: testing
logsource: {category: test_category, product: test_product}
detection: {keywords: anything, condition: keywords}
`;

describe("ruler format", () => {
  it("matches the reference's PyYAML text", () => {
    const { output, error } = convertText(RULER_RULE, {}, "ruler");
    expect(error).toBeUndefined();
    expect(output).toBe(readGolden("ruler-example.yml"));
  });

  it("case_sensitive: the expression fits one line", () => {
    const { output } = convertText(RULER_RULE, { case_sensitive: true }, "ruler");
    expect(output).toContain('expr: sum(count_over_time({job=~".+"} |= `anything` [1m])) or vector(0) > 0\n');
  });
});

const GRAFANA_RULE = `title: Test Rule
id: 5638f7c0-ac70-491d-8465-2a65075e0d86
status: test
level: high
description: base rule
logsource: {category: test_category, product: test_product}
detection: {sel: {fieldA: valueA}, condition: sel}
`;

describe("grafana_alerting format", () => {
  it("matches the reference's text with default options", () => {
    const { output, error } = convertText(GRAFANA_RULE, {}, "grafana_alerting");
    expect(error).toBeUndefined();
    expect(output).toBe(readGolden("grafana-alerting-example.yml"));
  });

  it("options (given as strings, as from -O) shape the group and the expression", () => {
    const { output } = convertText(
      GRAFANA_RULE,
      { loki_group_by_field: "host", grafana_folder: "sec", grafana_interval: "5m" },
      "grafana_alerting",
    );
    const text = output as string;
    expect(text).toContain("  name: 5m\n  folder: sec\n  interval: 5m\n");
    expect(text).toContain('expr: sum by (host)(count_over_time({job=~".+"} | logfmt | fieldA=~`(?i)^valueA$`[1m])) > 0\n');
  });
});

describe("options", () => {
  it("rejects unknown options", () => {
    expect(() => convertText(GRAFANA_RULE, { no_such_option: true })).toThrow("no_such_option");
  });
  it("accepts string values", () => {
    const { output } = convertText(GRAFANA_RULE, { case_sensitive: "True" });
    expect(output).toEqual(['{job=~".+"} | logfmt | fieldA=`valueA`']);
  });
});

describe("long queries in the YAML formats", () => {
  it("are not partitioned (the reference measures the finalised alert, not the query)", () => {
    const values = Array.from({ length: 101 }, (_, i) => `value-${i}-${"x".repeat(60)}`);
    const text = GRAFANA_RULE.replace("{sel: {fieldA: valueA}, condition: sel}", `{sel: {fieldA|contains: [${values.join(", ")}]}, condition: sel}`);
    expect(convertText(text).output).toHaveLength(3);
    const ruler = convertText(text, {}, "ruler").output as string;
    expect(ruler.match(/- alert:/g)).toHaveLength(1);
  });
});

describe("titles with Unicode line breaks read back from the YAML formats (issue 16)", () => {
  // PyYAML writes U+0085 raw inside single quotes, and every YAML 1.1 reader (PyYAML, Go's yaml)
  // folds it to a space; U+2028/U+2029 keep the next line's indentation in YAML 1.2 readers.
  it.each(["grafana_alerting", "ruler"])("%s", (format) => {
    const title = "Line\u0085break\u2028and\u2029more";
    const { output, error } = convertText(GRAFANA_RULE.replace(/^title: .*$/m, `title: "Line\\Nbreak\\Land\\Pmore"`), {}, format);
    expect(error).toBeUndefined();
    const data = yaml.load(output as string) as { groups: { rules: { annotations: { summary: string } }[] }[] };
    expect(data.groups[0]?.rules[0]?.annotations.summary).toBe(title);
  });
});
