import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { DEFAULT_GRAFANA_ALERTING_OPTIONS, grafanaAlertExpr, grafanaAlertingOutput } from "./grafana-alerting.js";
import { loadExpected, readGolden } from "../../test/helpers/conformance.js";
import type { OutputEntry } from "./rule-meta.js";
import { rulerOutput } from "./ruler.js";

/** The reference's exact ruler and grafana_alerting examples (spec §5.13), shared with test/formats.test.ts. */
const RULER_EXAMPLE = readGolden("ruler-example.yml");
const GRAFANA_EXAMPLE = readGolden("grafana-alerting-example.yml");



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
    for (const line of loadExpected("ruler").values()) {
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
    for (const line of loadExpected("grafana_alerting").values()) {
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
