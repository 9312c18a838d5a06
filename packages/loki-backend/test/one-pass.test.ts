/**
 * One pass per rule (issue 14 item 5): each query is printed once, also when its length decides
 * whether it is split, and the partition warnings reach the rule's result.
 */
import { describe, expect, it, vi } from "vitest";
import { convert } from "@sigma/backend";
import { parseCollection } from "@sigma/core";
import { LokiBackend } from "../src/index.js";
import { ruleText } from "./helpers/convert.js";

const printed = vi.hoisted(() => ({ count: 0 }));
vi.mock("../src/logql/print.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/logql/print.js")>();
  return {
    ...original,
    printLogQuery: (...args: Parameters<typeof original.printLogQuery>) => {
      printed.count++;
      return original.printLogQuery(...args);
    },
  };
});

function run(detection: string) {
  return runText(ruleText(detection));
}

function runText(text: string) {
  printed.count = 0;
  const result = convert(new LokiBackend(), parseCollection(text, { path: "long.yml" }));
  return { result, prints: printed.count };
}

/** A rule of keywords (its query has no parser) and a correlation that needs its labels (group-by). */
const CORRELATED = `title: Keywords
name: keywords
status: test
logsource: {category: test_category, product: test_product}
detection: {kw: [evil], condition: kw}
---
title: Count
status: test
correlation: {type: event_count, rules: [keywords], group-by: [host], timespan: 5m, condition: {gte: 2}}
`;

describe("one pass per rule", () => {
  it("prints each query once", () => {
    const { result, prints } = run("{a: {fieldA: x}, b: {fieldB: y}, condition: [a, b]}");
    expect(result.output).toHaveLength(2);
    expect(prints).toBe(2);
  });

  it("prints a query that is split once whole (for its length) and each part once", () => {
    const values = Array.from({ length: 101 }, (_, i) => `value-${String(i).padStart(3, "0")}-${"x".repeat(60)}`);
    const { result, prints } = run(`{sel: {fieldA|contains: [${values.join(", ")}]}, condition: sel}`);
    expect(result.output).toHaveLength(3);
    expect(prints).toBe(1 + 3);
    expect(result.results[0]?.warnings).toEqual([]);
  });

  it("converts a rule a correlation reads the labels of once (the correlation reuses its trees)", () => {
    const { result, prints } = runText(CORRELATED);
    expect(result.errors).toEqual([]);
    // The parser added for the group-by shows that the correlation read the rule's trees.
    expect(result.output).toEqual(['sum by (host) (count_over_time({job=~".+"} |~ `(?i)evil` | logfmt | __error__="" [5m])) >= 2']);
    expect(prints).toBe(1);
  });

  it("reports a long query it cannot split as a warning of the rule (not dropped)", () => {
    const values = Array.from({ length: 60 }, (_, i) => `f${i}: value-${"x".repeat(80)}`);
    const { result } = run(`{sel: {${values.join(", ")}}, condition: sel}`);
    expect(result.errors).toEqual([]);
    expect(result.output).toHaveLength(1);
    expect(result.results[0]?.warnings).toEqual(["Cannot partition a rule that exceeds query length limits due to lack of ORs"]);
  });
});
