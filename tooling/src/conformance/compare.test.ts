import { describe, expect, it } from "vitest";
import { compareOutcome, compareYamlTexts } from "./compare.js";

describe("compareOutcome", () => {
  it("matches an expected error with any error", () => {
    expect(
      compareOutcome("default", { error: { type: "NotImplementedError", message: "x" } }, { error: { type: "SigmaError", message: "y" } }),
    ).toEqual({ kind: "equivalent" });
  });

  it("reports a query where the reference has an error, and the reverse", () => {
    expect(compareOutcome("default", { error: { type: "E", message: "m" } }, { queries: ["{a=`b`}"] }).kind).toBe("error-mismatch");
    expect(compareOutcome("default", { queries: ["{a=`b`}"] }, { error: { type: "E", message: "m" } }).kind).toBe("error-mismatch");
  });

  it("requires the same number of queries in the same order", () => {
    expect(compareOutcome("default", { queries: ["{a=`1`}", "{a=`2`}"] }, { queries: ["{a=`1`}"] }).kind).toBe("differ");
    expect(compareOutcome("default", { queries: ["{a=`1`}", "{a=`2`}"] }, { queries: ["{a=`2`}", "{a=`1`}"] }).kind).toBe("differ");
    expect(compareOutcome("default", { queries: ["{a=`1`}", "{a=`2`}"] }, { queries: ["{a=`1`}", " {a=`2`} "] })).toEqual({
      kind: "equivalent",
    });
  });
});

describe("compareYamlTexts", () => {
  const expected = `groups:
- name: Sigma rules
  rules:
  - alert: x
    annotations:
      description: null
      summary: x
    expr: sum(count_over_time({job=~".+"} | logfmt | a=~\`foo\` [1m])) or vector(0) >
      0
    labels: {}
`;

  it("compares as data, ignoring key order and folding", () => {
    const actual = `groups:
- rules:
  - labels: {}
    expr: 'sum(count_over_time({job=~".+"}  | logfmt | a=~\`foo\` [1m])) or vector(0) > 0'
    annotations: {summary: x, description: null}
    alert: x
  name: Sigma rules
`;
    expect(compareYamlTexts("ruler", expected, actual)).toEqual({ kind: "equivalent" });
  });

  it("applies accepted rewrites to expr and reports other changes", () => {
    const anchored = expected.replace("a=~`foo`", "a=~`.*foo.*`");
    expect(compareYamlTexts("ruler", expected, anchored)).toEqual({ kind: "accepted", classes: ["anchored-label-regex"] });
    expect(compareYamlTexts("ruler", expected, expected.replace("summary: x", "summary: y")).kind).toBe("differ");
    expect(compareYamlTexts("ruler", expected, expected.replace("labels: {}", "labels: {severity: low}")).kind).toBe("differ");
  });
});

describe("partitioned queries", () => {
  it("accept the dropped OR values in the last part only", () => {
    const expected = ["{a=`b`} | json | f=`1` or f=`2`", "{a=`b`} | json | f=`3` or f=`4`"];
    expect(compareOutcome("default", { queries: expected }, { queries: [expected[0] ?? "", "{a=`b`} | json | f=`3` or f=`4` or f=`5`"] })).toEqual({
      kind: "accepted",
      classes: ["partition-drops-values"],
    });
    expect(
      compareOutcome("default", { queries: expected }, { queries: ["{a=`b`} | json | f=`1` or f=`2` or f=`5`", expected[1] ?? ""] }).kind,
    ).toBe("differ");
  });

  it("compare the last part with the reference's rewrites applied", () => {
    const expected = ["{a=`b`} | json | f=`*x*` or f=`*y*`", "{a=`b`} | json | f=`*z*` or f=`*w*`"];
    const ours = ["{a=`b`} | json | f=~`(?i).*x.*` or f=~`(?i).*y.*`", "{a=`b`} | json | f=~`(?i).*z.*` or f=~`(?i).*w.*` or f=~`(?i).*v.*`"];
    expect(compareOutcome("default", { queries: expected }, { queries: ours })).toEqual({
      kind: "accepted",
      classes: ["literal-expansion-wildcards", "partition-drops-values"],
    });
  });
});
