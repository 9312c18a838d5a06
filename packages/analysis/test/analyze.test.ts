import { definePipeline } from "@sigma/processing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attackScores, byCodePoint, loadAttackData, logsourceStats, navigatorLayer, ruleSetFields } from "../src/index.js";
import { rules } from "./helpers.js";

const doc = (title: string, level: string | undefined, status: string | undefined, tags: string[], logsource = "{category: process_creation, product: windows}"): string =>
  `title: ${title}\n${level ? `level: ${level}\n` : ""}${status ? `status: ${status}\n` : ""}tags: [${tags.join(", ")}]\nlogsource: ${logsource}\ndetection: {s: {Image: x}, condition: s}\n`;

const SET = rules(
  [
    doc("A", "high", "stable", ["attack.execution", "attack.t1059.001", "attack.t1059"]),
    doc("B", "low", "experimental", ["attack.t1059.003", "attack.t1003.001"], "{category: webserver}"),
    doc("C", undefined, undefined, ["attack.t1059.001", "cve.2021-1234"], "{product: linux}"),
  ].join("---\n"),
);

describe("attackScores", () => {
  it("scores upper-cased attack tags in order of appearance (count, max, level)", () => {
    expect([...attackScores(SET, "count")]).toEqual([["EXECUTION", 1], ["T1059.001", 2], ["T1059", 1], ["T1059.003", 1], ["T1003.001", 1]]);
    // max: high 4, low 2, none 0
    expect(attackScores(SET, "max").get("T1059.001")).toBe(4);
    // level: high 8 + no level 1
    expect(attackScores(SET, "level").get("T1059.001")).toBe(9);
  });

  it("folds sub-techniques, counting a rule once per tag", () => {
    expect([...attackScores(SET, "count", { subtechniques: false })]).toEqual([["EXECUTION", 1], ["T1059", 4], ["T1003", 1]]);
  });

  it("counts a rule without level as informational and without status as unsupported", () => {
    expect(attackScores(SET, "count", { minLevel: "low" }).get("T1059.001")).toBe(1);
    expect(attackScores(SET, "count", { minLevel: "informational" }).get("T1059.001")).toBe(2);
    expect([...attackScores(SET, "count", { minStatus: "stable" }).keys()]).toEqual(["EXECUTION", "T1059.001", "T1059"]);
    expect(attackScores(SET, "count", { minStatus: "deprecated" }).get("T1059.001")).toBe(1);
  });

  it("folding sub-techniques adds up their counts (any tags)", () => {
    const tag = fc.tuple(fc.integer({ min: 1000, max: 1003 }), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }));
    fc.assert(
      fc.property(fc.array(fc.array(tag, { maxLength: 4 }), { minLength: 1, maxLength: 5 }), (ruleTags) => {
        const set = rules(
          ruleTags
            .map((tags, i) => doc(`R${i}`, "low", "test", tags.map(([t, sub]) => `attack.t${t}${sub === undefined ? "" : `.00${sub}`}`)))
            .join("---\n"),
        );
        const unfolded = attackScores(set, "count");
        for (const [technique, n] of attackScores(set, "count", { subtechniques: false })) {
          const parts = [...unfolded].filter(([k]) => k === technique || k.startsWith(`${technique}.`));
          expect(n).toBe(parts.reduce((sum, [, c]) => sum + c, 0));
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe("navigatorLayer", () => {
  it("has one entry per Enterprise technique and tactic; tactics and unknown IDs only count for the maximum", async () => {
    const data = await loadAttackData();
    const layer = navigatorLayer(SET, { function: "count" }, data);
    expect(layer.versions).toEqual({ attack: data.attackVersion, navigator: "4.8.1", layer: "4.4" });
    expect(layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score])).toEqual([
      ["T1059.001", "execution", 2],
      ["T1059", "execution", 1],
      ["T1059.003", "execution", 1],
      ["T1003.001", "credential-access", 1],
    ]);
    expect(layer.gradient).toEqual({ colors: ["#ffffff00", "#ff0000"], minValue: 0, maxValue: 2 });
    expect(navigatorLayer(SET, { function: "count", maxScore: 0, minScore: 1 }, data).gradient).toMatchObject({ minValue: 1, maxValue: 2 });
    expect(navigatorLayer([], { function: "count" }, data).gradient.maxValue).toBe(0);
  });
});

describe("logsourceStats", () => {
  it("counts detection rules per category and level, sorted by a column (stable)", () => {
    expect(logsourceStats(SET).map((r) => [r.category, r.counts.Overall, r.counts.High, r.counts.Low, r.counts.None])).toEqual([
      ["process_creation", 1, 1, 0, 0],
      ["webserver", 1, 0, 1, 0],
      [null, 1, 0, 0, 1],
    ]);
    expect(logsourceStats(SET, "None").map((r) => r.category)).toEqual([null, "process_creation", "webserver"]);
    expect(logsourceStats(SET, "Logsource").map((r) => r.category)).toEqual(["webserver", "process_creation", null]);
  });
});

describe("ruleSetFields", () => {
  const FIELDS = rules(
    [
      "title: A\nname: a\nlogsource: {category: process_creation}\ndetection: {s: {Image: x, 'Command Line|contains': y}, k: [kw], condition: s or k}\n",
      "title: B\nlogsource: {category: process_creation}\ndetection: {s: [{User: x}, {Image: y}], condition: s}\n",
      "title: C\ncorrelation: {type: event_count, rules: [a], group-by: [host, u], aliases: {u: {a: Image}}, timespan: 5m, condition: {gte: 2}}\n",
    ].join("---\n"),
  );

  it("lists unique detection and correlation fields, aliases resolved, sorted by code point", () => {
    const found = ruleSetFields(FIELDS);
    expect(found.fields).toEqual(["Command Line", "Image", "User", "host"]);
    expect(found.byLogsource).toEqual([
      { logsource: "process_creation||", fields: ["Command Line", "Image", "User"] },
      { logsource: "||", fields: ["Image", "host"] },
    ]);
    expect(found.warnings).toEqual([]);
  });

  it("runs the pipeline first and quotes through the target", () => {
    const pipeline = definePipeline({
      name: "rename",
      priority: 10,
      transformations: [{ id: "map", type: "field_name_mapping", mapping: { Image: "process.executable" } }],
    });
    const found = ruleSetFields(FIELDS, { pipeline, quoteField: (f) => f.replace(/[^A-Za-z0-9_]/g, "_") });
    expect(found.fields).toEqual(["Command_Line", "User", "host", "process_executable"]);
  });

  it("warns about placeholders that no pipeline expanded, with the rule's file", () => {
    const r = rules("title: P\nlogsource: {product: windows}\ndetection: {s: {User|expand: '%admins%'}, condition: s}\n", "rules/p.yml");
    const found = ruleSetFields(r);
    expect(found.fields).toEqual(["User"]);
    expect(found.warnings.map((w) => [w.message, w.location?.path])).toEqual([["Cannot extract fields from Sigma rule with unexpanded placeholders.", "rules/p.yml"]]);
  });

  it("sorts by code point, as Python does (not by UTF-16 unit)", () => {
    expect(["\u{1F600}", "\uFFFF", "b", "a\u{10000}", "a"].sort(byCodePoint)).toEqual(["a", "a\u{10000}", "b", "\uFFFF", "\u{1F600}"]);
  });
});
