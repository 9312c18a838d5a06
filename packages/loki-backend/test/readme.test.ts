/**
 * The README example runs and shows what it says.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { queries, ruler } from "./readme/example.js";

const SYSMON_PARSER =
  '| json | label_format Message=`{{ .message | replace "\\\\" "\\\\\\\\" | replace "\\"" "\\\\\\"" }}` | line_format `{{ regexReplaceAll "([^:]+): ?((?:[^\\\\r]*|$))(\\r\\n|$)" .Message "${1}=\\"${2}\\" "}}` | logfmt';
const QUERY = `{job=~"eventlog|winlog|windows|fluentbit.*"} ${SYSMON_PARSER} | event_id=1 and cmdline=~\`(?i).*whoami.*\``;

describe("README example", () => {
  it("README.md shows the example code verbatim", () => {
    const example = readFileSync(new URL("./readme/example.ts", import.meta.url), "utf8").split("// --- example ---\n")[1] ?? "";
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(example.trim().split("\n")).toHaveLength(10); // a ten-line example;
    expect(readme).toContain(example.trim());
  });
  it("gives the LogQL query (P02 parser chain, mapped field)", () => {
    expect(queries).toEqual([QUERY]);
  });
  it("gives the ruler YAML", () => {
    expect(load(ruler as string)).toEqual({
      groups: [
        {
          name: "Sigma rules",
          rules: [
            {
              alert: "Whoami",
              annotations: { description: null, summary: "Whoami" },
              expr: `sum(count_over_time(${QUERY} [1m])) or vector(0) > 0`,
              labels: { severity: "medium" },
            },
          ],
        },
      ],
    });
  });
});
