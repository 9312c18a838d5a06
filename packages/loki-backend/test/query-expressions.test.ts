/**
 * `query_expression_placeholders` (issue 16): the pipeline's expression with `{field}` and `{id}`
 * filled in becomes a label filter, as in the reference (`DestinationIp=~"ipgroup"` for
 * `expression: '{field}=~"{id}"'`). The expression is pasted into the query, so it must be one
 * label filter expression.
 */
import { describe, expect, it } from "vitest";
import { SigmaFeatureNotSupportedByBackendError, SigmaValueError, convertRules, loadPipeline } from "../src/index.js";
import { validateLogQL } from "../src/validate/index.js";

const pipeline = (expression: string, mapping = ""): ReturnType<typeof loadPipeline> =>
  loadPipeline(
    `name: q\npriority: 30\ntransformations:\n  - type: query_expression_placeholders\n    expression: ${JSON.stringify(expression)}\n${mapping}`,
    "q.yml",
  );

const rule = (detection: string, condition = "sel"): string =>
  `title: t\nlogsource: {product: windows}\ndetection:\n${detection}\n  condition: ${condition}\n`;

function queries(text: string, expression = '{field}=~"{id}"', mapping = ""): string[] {
  const { output, errors } = convertRules(text, { pipelines: [pipeline(expression, mapping)], path: "r.yml" });
  expect(errors.map(String)).toEqual([]);
  for (const q of output as string[]) expect(validateLogQL(q), q).toEqual([]);
  return output as string[];
}

const WINDOWS = '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | ';

describe("query_expression_placeholders with the Loki backend", () => {
  it("as the reference: {field}=~\"{id}\" → DestinationIp=~\"ipgroup\"", () => {
    expect(queries(rule("  sel:\n    DestinationIp|expand: '%ipgroup%'"))).toEqual([`${WINDOWS}DestinationIp=~"ipgroup"`]);
  });

  it("the id comes from the mapping; the field is a sanitised label name", () => {
    const mapping = "    mapping: {ipgroup: internal_ranges}\n";
    expect(queries(rule("  sel:\n    Destination.Ip|expand: '%ipgroup%'"), '{field}=~"{id}"', mapping)).toEqual([
      `${WINDOWS}Destination_Ip=~"internal_ranges"`,
    ]);
  });

  it("keeps its place among other filters", () => {
    expect(queries(rule("  sel:\n    Image|endswith: '\\\\cmd.exe'\n    DestinationIp|expand: '%ipgroup%'"))).toEqual([
      `${WINDOWS}Image=~\`(?i)(?s:.*)\\\\cmd\\.exe$\` and DestinationIp=~"ipgroup"`,
    ]);
    expect(queries(rule("  sel:\n    DestinationIp|expand: ['%a%', '%b%']"))).toEqual([`${WINDOWS}DestinationIp=~"a" or DestinationIp=~"b"`]);
  });

  it("an expression of two filters is parenthesised, so that it keeps its meaning inside an AND", () => {
    const text = rule("  sel:\n    Image: x\n    DestinationIp|expand: '%ipgroup%'");
    expect(queries(text, '{field}="{id}" or {field}="{id}_v6"')).toEqual([
      `${WINDOWS}Image=~\`(?i)^x$\` and (DestinationIp="ipgroup" or DestinationIp="ipgroup_v6")`,
    ]);
  });

  it("other LogQL label filters work too", () => {
    expect(queries(rule("  sel:\n    DestinationIp|expand: '%net%'"), '{field}=ip("10.0.0.0/8")')).toEqual([
      `${WINDOWS}DestinationIp=ip("10.0.0.0/8")`,
    ]);
  });

  it("a negated one is refused (LogQL has no NOT; the reference emits it unnegated)", () => {
    const text = rule("  sel:\n    a: x\n  filter:\n    DestinationIp|expand: '%ipgroup%'", "sel and not filter");
    const { output, errors } = convertRules(text, { pipelines: [pipeline('{field}=~"{id}"')], path: "r.yml" });
    expect(output).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SigmaFeatureNotSupportedByBackendError);
    expect(errors[0]?.location).toMatchObject({ path: "r.yml", line: 7 });
  });

  it.each([
    ['{field}=~"{id}" # rest', "starts a LogQL comment"],
    ['{field}=~"{id}" | json', "not one label filter expression"],
    ['{field}=~"{id}") or vector(1', "does not parse as LogQL"],
    ['{field} in ({id})', "does not parse as LogQL"],
    ['{field}=~"{id}("', "invalid regex"],
  ])("an expression that is not one label filter is a located error: %s", (expression, reason) => {
    const text = rule("  sel:\n    DestinationIp|expand: '%ipgroup%'");
    const { output, errors } = convertRules(text, { pipelines: [pipeline(expression)], path: "r.yml" });
    expect(output).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SigmaValueError);
    expect(errors[0]?.message).toContain(reason);
    expect(errors[0]?.location).toMatchObject({ path: "r.yml", line: 5 });
  });

  it("an id that leaves its string open is refused", () => {
    const text = rule("  sel:\n    DestinationIp|expand: '%ipgroup%'");
    const open = convertRules(text, { pipelines: [pipeline('{field}="{id}"', "    mapping: {ipgroup: 'x\"'}\n")], path: "r.yml" });
    expect(open.errors.map((e) => e.message)).toEqual([expect.stringContaining("does not parse as LogQL")]);
  });
});
