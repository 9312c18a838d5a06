import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_GRAFANA_ALERTING_OPTIONS, grafanaAlertExpr, grafanaAlertingOutput } from "./grafana-alerting.js";
import type { OutputEntry } from "./rule-meta.js";
import { rulerOutput } from "./ruler.js";

/** The in-repository reference material (fixtures/), resolved from this file so tests work from any cwd. */
const FIXTURES = new URL("../../../../fixtures/", import.meta.url);

/** One line of an `expected/<config>.jsonl` file. */
interface ExpectedLine {
  readonly path: string;
  readonly queries?: readonly string[];
  readonly error?: { readonly type: string; readonly message: string };
}

/** All lines of `conformance/expected/<config>.jsonl`. */
function readExpected(config: string): ExpectedLine[] {
  const text = readFileSync(new URL(`conformance/expected/${config}.jsonl`, FIXTURES), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ExpectedLine);
}

// Spec §5.13: the exact ruler example.
const RULER_EXAMPLE = `groups:
- name: Sigma rules
  rules:
  - alert: test_signature
    annotations:
      description: testing
      summary: test signature
    expr: sum(count_over_time({job=~".+"} |~ \`(?i)anything\` [1m])) or vector(0) >
      0
    labels:
      severity: low
`;

// Spec §5.13: the exact grafana_alerting example.
const GRAFANA_EXAMPLE = `apiVersion: 1
groups:
- orgId: 1
  name: 1m
  folder: sigma
  interval: 1m
  rules:
  - uid: 5638f7c0-ac70-491d-8465-2a65075e0d86
    title: Test_Rule
    condition: A
    data:
    - refId: A
      queryType: instant
      relativeTimeRange:
        from: 600
        to: 0
      datasourceUid: loki
      model:
        direction: backward
        editorMode: code
        expr: sum(count_over_time({job=~".+"} | logfmt | fieldA=~\`(?i)^valueA$\`[1m])) > 0
        instant: true
        intervalMs: 1000
        maxDataPoints: 43200
        queryType: instant
        refId: A
    noDataState: OK
    execErrState: OK
    annotations:
      summary: Test Rule
      description: base rule
    labels:
      severity: warning
      sigma_id: 5638f7c0-ac70-491d-8465-2a65075e0d86
    isPaused: false
    notification_settings:
      receiver: default
`;

describe("rulerOutput", () => {
  const base = { title: "test signature", level: "low", description: "testing" };

  it("prints the spec example", () => {
    expect(rulerOutput([{ ...base, query: '{job=~".+"} |~ `(?i)anything`' }])).toBe(RULER_EXAMPLE);
  });

  it("adds author before description, null description, empty labels", () => {
    const withAuthor = rulerOutput([{ ...base, author: "test author", query: '{job=~".+"} |= `anything`' }]);
    expect(withAuthor).toContain(
      "    annotations:\n      author: test author\n      description: testing\n",
    );
    expect(withAuthor).toContain("    expr: sum(count_over_time({job=~\".+\"} |= `anything` [1m])) or vector(0) > 0\n");
    const bare = rulerOutput([{ title: "t", query: "{a=`b`}" }]);
    expect(bare).toContain("      description: null\n");
    expect(bare).toContain("    labels: {}\n");
  });

  it("uses a metric query (correlation) as the expression itself (ACCEPTED-DIFFERENCES: correlations in ruler)", () => {
    const metric = 'sum by (TargetUserName) (count_over_time({job=~".+"} | json | EventID=4625 [5m])) >= 10';
    const out = rulerOutput([{ title: "t", query: metric, metric: true }]);
    expect(out).toContain("    expr: sum by (TargetUserName) (count_over_time({job=~\".+\"} | json | EventID=4625\n      [5m])) >= 10\n");
  });

  it("reproduces every ruler text of the reference from the rule data", () => {
    const mismatches: string[] = [];
    for (const line of readExpected("ruler")) {
      for (const text of line.queries ?? []) {
        const doc = yaml.load(text) as RulerDoc;
        const entries = (doc.groups[0]?.rules ?? []).map((r): OutputEntry => {
          const query = /^sum\(count_over_time\(([\s\S]*) \[1m\]\)\) or vector\(0\) > 0$/.exec(r.expr)?.[1];
          if (query === undefined) throw new Error(`unexpected expr ${r.expr}`);
          return {
            title: r.annotations.summary,
            description: r.annotations.description,
            author: r.annotations.author,
            level: r.labels.severity,
            query,
          };
        });
        const out = rulerOutput(entries);
        if (out !== text) mismatches.push(`${line.path}\n${text}\n${out}`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});

interface RulerDoc {
  groups: {
    rules: {
      expr: string;
      annotations: { summary: string; description: string | null; author?: string };
      labels: { severity?: string };
    }[];
  }[];
}

interface GrafanaDoc {
  groups: {
    rules: {
      uid: string;
      data: { model: { expr: string } }[];
      annotations: { summary: string; description: string };
      labels: { severity?: string; sigma_id?: string };
    }[];
  }[];
}

const LEVEL_FOR_SEVERITY: Record<string, string> = { critical: "critical", warning: "high", info: "medium" };

describe("grafanaAlertingOutput", () => {
  const entry = {
    title: "Test Rule",
    level: "high",
    description: "base rule",
    id: "5638f7c0-ac70-491d-8465-2a65075e0d86",
    query: '{job=~".+"} | logfmt | fieldA=~`(?i)^valueA$`',
  };

  it("prints the spec example", () => {
    expect(grafanaAlertingOutput([entry])).toBe(GRAFANA_EXAMPLE);
  });

  it("applies the options (spec §5.13)", () => {
    const out = grafanaAlertingOutput([entry], { groupByField: "host", folder: "sec", interval: "5m" });
    expect(out).toContain("  name: 5m\n  folder: sec\n  interval: 5m\n");
    expect(out).toContain(
      "        expr: sum by (host)(count_over_time({job=~\".+\"} | logfmt | fieldA=~`(?i)^valueA$`[1m])) > 0\n",
    );
  });

  it("keeps metric queries as they are", () => {
    expect(grafanaAlertExpr("sum(count_over_time({a=`b`} [5m])) > 1", "")).toBe("sum(count_over_time({a=`b`} [5m])) > 1");
    expect(grafanaAlertExpr("{a=`b`}", "")).toBe("sum(count_over_time({a=`b`}[1m])) > 0");
  });

  it("derives the uid from md5(title) without an id and maps severities", () => {
    const out = grafanaAlertingOutput([{ title: "Failed logon", query: "{a=`b`}", level: "low" }]);
    expect(out).toContain("  - uid: b7f59fd9e5b217\n");
    expect(out).toContain("    labels:\n      severity: info\n    isPaused");
  });

  it("reproduces every grafana_alerting text of the reference from the rule data", () => {
    const mismatches: string[] = [];
    for (const line of readExpected("grafana_alerting")) {
      for (const text of line.queries ?? []) {
        const doc = yaml.load(text) as GrafanaDoc;
        const entries = (doc.groups[0]?.rules ?? []).map((r): OutputEntry => {
          const expr = r.data[0]?.model.expr ?? "";
          const query = /^sum\(count_over_time\(([\s\S]*)\[1m\]\)\) > 0$/.exec(expr)?.[1] ?? expr;
          const severity = r.labels.severity;
          return {
            title: r.annotations.summary,
            description: r.annotations.description,
            level: severity === undefined ? undefined : LEVEL_FOR_SEVERITY[severity],
            id: r.labels.sigma_id,
            query,
          };
        });
        const out = grafanaAlertingOutput(entries, DEFAULT_GRAFANA_ALERTING_OPTIONS);
        if (out !== text) mismatches.push(`${line.path}\n${text}\n${out}`);
      }
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
