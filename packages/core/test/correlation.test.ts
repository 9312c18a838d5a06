/** Correlation rules (spec §1.4): types, references, group-by, timespans, conditions, aliases. */
import { describe, expect, it } from "vitest";
import {
  SigmaCorrelationConditionError,
  SigmaCorrelationRuleError,
  SigmaCorrelationTypeError,
  SigmaError,
  SigmaTimespanError,
  parseCorrelationRule,
  parseTimespan,
} from "../src/index.js";
import type { SigmaCorrelationRule } from "../src/index.js";
import { loadYaml } from "../src/yaml/index.js";

function correlation(body: string, extra = ""): SigmaCorrelationRule {
  const source = loadYaml(`title: c\n${extra}correlation:\n${body}`, { path: "c.yml" });
  const doc = source.documents[0]!;
  return parseCorrelationRule(doc.data, { locations: source.locations, path: "c.yml", location: doc.location });
}

function error(body: string): SigmaError {
  try {
    correlation(body);
  } catch (e) {
    if (e instanceof SigmaError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("correlation rules", () => {
  it("reads an event_count rule", () => {
    const c = correlation("    type: event_count\n    rules:\n        - a\n        - b\n    group-by:\n        - User\n        - Host\n    timespan: 1h\n    condition:\n        gte: 10\n    generate: true\n", "level: high\n");
    expect(c).toMatchObject({
      kind: "correlation",
      type: "event_count",
      ruleReferences: ["a", "b"],
      groupBy: ["User", "Host"],
      timespan: { text: "1h", count: 1, unit: "h", seconds: 3600 },
      condition: { kind: "threshold", op: "gte", count: 10 },
      generate: true,
      level: "high",
    });
  });

  it("accepts a single rule reference and group-by string", () => {
    const c = correlation("    type: value_count\n    rules: a\n    group-by: User\n    timespan: 5m\n    condition:\n        lt: 3\n        field: Host\n");
    expect(c).toMatchObject({ ruleReferences: ["a"], groupBy: ["User"], condition: { op: "lt", count: 3, fields: ["Host"] } });
  });

  it.each(["event_count", "value_count", "temporal", "temporal_ordered", "value_sum", "value_avg", "value_percentile", "value_median"])(
    "knows type %s",
    (type) => {
      const condition = type.startsWith("value") ? "    condition:\n        gt: 1\n        field: x\n        percentile: 95\n" : "    condition:\n        gt: 1\n";
      expect(correlation(`    type: ${type}\n    rules: a\n    timespan: 1d\n${condition}`).type).toBe(type);
    },
  );

  it("temporal without condition defaults to gte the number of rules", () => {
    const c = correlation("    type: temporal\n    rules: [a, b, c]\n    timespan: 10s\n");
    expect(c.condition).toEqual({ kind: "threshold", op: "gte", count: 3 });
  });

  it("extended temporal condition: a boolean expression; rules default to its names", () => {
    const c = correlation("    type: temporal\n    condition: (a or b) and not c\n    timespan: 5m\n");
    expect(c.condition).toEqual({ kind: "expression", expression: "(a or b) and not c" });
    expect(c.ruleReferences).toEqual(["a", "b", "c"]);
  });

  it("reads aliases", () => {
    const c = correlation("    type: temporal\n    rules: [a, b]\n    timespan: 5m\n    group-by: ip\n    aliases:\n        ip:\n            a: SourceIp\n            b: DestIp\n");
    expect(c.aliases.get("ip")).toEqual(new Map([["a", "SourceIp"], ["b", "DestIp"]]));
  });

  it.each([
    ["    rules: a\n    timespan: 1m\n    condition:\n        gt: 1\n", SigmaCorrelationTypeError, "Sigma correlation rule without type"],
    ["    type: counting\n    rules: a\n    timespan: 1m\n", SigmaCorrelationTypeError, /'counting' is not a valid Sigma correlation type/],
    ["    type: event_count\n    rules: {a: b}\n    timespan: 1m\n    condition:\n        gt: 1\n", SigmaCorrelationRuleError, "Rule reference must be plain string or list."],
    ["    type: event_count\n    timespan: 1m\n    condition:\n        gt: 1\n", SigmaCorrelationRuleError, /without rule references/],
    ["    type: event_count\n    rules: a\n    group-by: {a: b}\n    timespan: 1m\n    condition:\n        gt: 1\n", SigmaCorrelationRuleError, "Sigma correlation group-by definition must be string or list"],
    ["    type: event_count\n    rules: a\n    timespan: 5 minutes\n    condition:\n        gt: 1\n", SigmaTimespanError, "Timespan '5 minutes' is invalid."],
    ["    type: event_count\n    rules: a\n    condition:\n        gt: 1\n", SigmaTimespanError, /without timespan/],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition:\n        - gt\n", SigmaCorrelationRuleError, "Sigma correlation condition definition must be a dict or string"],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition:\n        gt: 1\n        lt: 5\n", SigmaCorrelationConditionError, "Sigma correlation condition must have exactly one condition item"],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition:\n        more: 1\n", SigmaCorrelationConditionError, /operator 'more' is invalid/],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n", SigmaCorrelationConditionError, "Sigma correlation rule without condition"],
    ["    type: value_count\n    rules: a\n    timespan: 1m\n    condition:\n        gt: 1\n", SigmaCorrelationConditionError, "Value count correlation rule without field reference"],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition: a and b\n", SigmaCorrelationConditionError, /only allowed in temporal/],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition:\n        gt: 1\n    aliases: x\n", SigmaCorrelationRuleError, "Sigma correlation aliases definition must be a dict"],
    ["    type: event_count\n    rules: a\n    timespan: 1m\n    condition:\n        gt: 1\n    generate: sometimes\n", SigmaCorrelationRuleError, "Sigma correlation generate definition must be a boolean"],
  ] as const)("error: %j", (body, cls, message) => {
    const e = error(body);
    expect(e).toBeInstanceOf(cls);
    if (typeof message === "string") expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(e.location?.path).toBe("c.yml");
    expect(e.location?.line).toBeGreaterThanOrEqual(2);
  });

  it("timespans: every unit", () => {
    expect(["10s", "2m", "3h", "1d", "1w", "1M", "1y"].map((t) => parseTimespan(t).seconds)).toEqual([
      10, 120, 10800, 86400, 604800, 2629746, 31556952,
    ]);
    expect(() => parseTimespan("1x")).toThrow(SigmaTimespanError);
    expect(() => parseTimespan(5)).toThrow("Timespan '5' is invalid.");
  });
});
