/**
 * The README example runs and shows what it says.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { convertRules } from "../src/index.js";
import { validateLogQL } from "../src/validate/index.js";
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

describe("README correlations: each example is the backend's output", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Correlations"), readme.indexOf("## Installing and loading"));
  const blocks = [...section.matchAll(/```(yaml|logql)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({ lang, text: text ?? "" }));
  const [base, ...examples] = blocks;
  // LogQL ignores whitespace between tokens: the README breaks long queries over lines.
  const flat = (q: string): string => q.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
  const pairs = examples.flatMap((b, i) => (b.lang === "yaml" && examples[i + 1]?.lang === "logql" ? [[b.text, examples[i + 1]?.text ?? ""] as const] : []));

  it("has the rules and one LogQL query after each correlation", () => {
    expect(base?.text).toMatch(/^# The rules the examples correlate/);
    expect(pairs).toHaveLength(examples.length / 2);
    const types = new Set(pairs.map(([yaml]) => /type: (\w+)/.exec(yaml)?.[1]));
    expect([...types].sort()).toEqual(["event_count", "temporal", "temporal_ordered", "value_count", "value_percentile", "value_sum"]);
  });

  it.each(pairs.map(([yaml, logql]) => [/title: (.*)/.exec(yaml)?.[1] ?? "", yaml, logql]))("%s", (_title, yaml, logql) => {
    const { output, errors } = convertRules(`${base?.text ?? ""}---\n${yaml}`);
    expect(errors).toEqual([]);
    const produced = (output as string[]).at(-1) ?? "";
    expect(flat(produced)).toBe(flat(logql));
    expect(validateLogQL(produced)).toEqual([]);
  });
});
