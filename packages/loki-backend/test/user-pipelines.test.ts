/**
 * Pipelines written by users (issue 16), through `convertRules`: where pySigma 1.5 + the Loki
 * backend are right we give their query; where we differ by design the query shows how
 * (ACCEPTED-DIFFERENCES.md, "Pipeline behaviours"). Test-only: the fixes are in @sigma/core and
 * @sigma/processing.
 */
import { describe, expect, it } from "vitest";
import { convertRules, loadPipeline } from "../src/index.js";

const WINDOWS = '{job=~"eventlog|winlog|windows|fluentbit.*"}';

function convertOk(detection: string, pipeline: string, logsource = "{product: windows}"): unknown {
  const text = `title: Test\nstatus: test\nlogsource: ${logsource}\ndetection: ${detection}\n`;
  const result = convertRules(text, { pipelines: [loadPipeline(pipeline)] });
  expect(result.errors.map(String)).toEqual([]);
  return result.output;
}

describe("the reference's output", () => {
  it("regex (ignore_case_flag) on an empty value keeps it empty", () => {
    const out = convertOk("{sel: {a: x}, filter: {f: ''}, condition: sel and not filter}", "transformations:\n  - {type: regex, method: ignore_case_flag}\n");
    // The reference prints a=~`(?i)x`; the `.*` are accepted class anchored-label-regex.
    expect(out).toEqual([`${WINDOWS} | json | a=~\`(?i).*x.*\` and f!~\`(?i)^$\``]);
  });

  it("an escaped \\% in an |expand value loses its backslash", () => {
    const out = convertOk("{sel: {'Group|expand': 'CORP\\%admins%'}, condition: sel}", "transformations: []\n");
    expect(out).toEqual([`${WINDOWS} | json | Group=~\`(?i)^CORP%admins%$\``]);
  });
});

describe("by design", () => {
  it("add_condition template: a missing log source field is the text None", () => {
    const out = convertOk("{sel: {a: x}, condition: sel}", "transformations:\n  - {type: add_condition, name: c, template: true, conditions: {Channel: $service}}\n");
    expect(out).toEqual([`${WINDOWS} | json | Channel=~\`(?i)^None$\` and a=~\`(?i)^x$\``]);
  });

  it("value transformations reach windash variants", () => {
    const out = convertOk("{sel: {'CommandLine|windash': -foo}, condition: sel}", "transformations:\n  - {type: case, method: upper}\n");
    expect(out).toEqual([
      `${WINDOWS} | json | CommandLine=~\`(?i)^\\-FOO$\` or CommandLine=~\`(?i)^/FOO$\` or CommandLine=~\`(?i)^–FOO$\` or CommandLine=~\`(?i)^—FOO$\` or CommandLine=~\`(?i)^―FOO$\``,
    ]);
  });
});
