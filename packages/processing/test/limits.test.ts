/**
 * Expansions made by pipelines are bounded by `limits.maxValues` per rule, counted before they
 * are built (issue 16: six placeholders of ten values each took 13.5 s and 1.2 GB).
 */
import { SigmaLimitError, parseCollection } from "@sigma/core";
import type { SigmaRule } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { applyPipeline, createRegistry, detectionItems, loadPipelineYaml, valueTransformation } from "../src/index.js";
import type { ApplyOptions, ProcessingRegistry } from "../src/index.js";

function ruleOf(selection: string, limits?: { maxValues: number }): SigmaRule {
  const text = `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n${selection}\n  condition: sel\n`;
  return parseCollection(text, { path: "rule.yml", ...(limits ? { limits } : {}) }).rules[0] as SigmaRule;
}

function apply(pipeline: string, r: SigmaRule, options: ApplyOptions = {}, registry?: ProcessingRegistry) {
  return applyPipeline(loadPipelineYaml(pipeline, { path: "p.yml", ...(registry ? { registry } : {}) }), r, options);
}

function limitError(run: () => unknown): SigmaLimitError {
  const start = performance.now();
  try {
    run();
  } catch (e) {
    // A hang bound, not a timing check: the unbounded expansion took 13.5 s.
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(e).toBeInstanceOf(SigmaLimitError);
    return e as SigmaLimitError;
  }
  throw new Error("no limit error");
}

function valueCount(r: SigmaRule): number {
  return [...detectionItems(r)].reduce((n, item) => n + item.values.length, 0);
}

const TEN = "[a, b, c, d, e, f, g, h, i, j]";
const SIX_PLACEHOLDERS = `    CommandLine|expand: '%p1% %p2% %p3% %p4% %p5% %p6%'`;
const VARS = `vars: {${[1, 2, 3, 4, 5, 6].map((i) => `p${i}: ${TEN}`).join(", ")}}\n`;

describe("placeholder expansion", () => {
  it("six placeholders of ten values each are a located limit error, before the million values are built", () => {
    const error = limitError(() => apply(`${VARS}transformations:\n  - type: value_placeholders\n`, ruleOf(SIX_PLACEHOLDERS)));
    expect(error.message).toContain("Transformation 'value_placeholders' expands this value to 1,000,000 values");
    expect(error.message).toContain("this rule would have 1,000,000 values, more than the limit of 50,000 (limits.maxValues)");
    expect(error.message).toContain("--limit maxValues=N");
    expect(error.location).toMatchObject({ path: "rule.yml", line: 5, column: 5 });
  });

  it("the limit the rule was read with applies, and the apply options win over it", () => {
    const three = `    CommandLine|expand: '%p1% %p2%'`;
    const pipeline = `${VARS}transformations:\n  - type: value_placeholders\n`;
    expect(valueCount(apply(pipeline, ruleOf(three)).rule)).toBe(100);
    expect(limitError(() => apply(pipeline, ruleOf(three, { maxValues: 99 }))).message).toContain("100 values");
    expect(valueCount(apply(pipeline, ruleOf(three, { maxValues: 99 }), { limits: { maxValues: 100 } }).rule)).toBe(100);
  });

  it("the rule's other values count too", () => {
    const selection = `    CommandLine|expand: '%p1%'\n    User: [x, y, z]`;
    const pipeline = `${VARS}transformations:\n  - type: value_placeholders\n`;
    const error = limitError(() => apply(pipeline, ruleOf(selection), { limits: { maxValues: 12 } }));
    expect(error.message).toContain("this rule would have 13 values, more than the limit of 12");
  });
});

describe("other transformations that multiply values", () => {
  it("map_string to lists, applied again and again", () => {
    const item = "  - {type: map_string, mapping: {x: [x, x, x, x, x, x, x, x, x, x]}}\n";
    const r = ruleOf("    CommandLine: x");
    expect(valueCount(apply(`transformations:\n${item.repeat(3)}`, r).rule)).toBe(1_000);
    const error = limitError(() => apply(`transformations:\n${item.repeat(4)}`, r, { limits: { maxValues: 9_999 } }));
    expect(error.message).toContain("Transformation 'map_string' maps this value to 10 values");
  });

  it("a plugin's value transformation that returns lists, applied again and again", () => {
    const registry = createRegistry({
      name: "tenfold",
      transformations: {
        tenfold: { params: [], create: () => valueTransformation("tenfold", (v) => (v.type === "string" ? Array.from({ length: 10 }, () => v) : undefined)) },
      },
    });
    const item = "  - {type: tenfold}\n";
    const r = ruleOf("    CommandLine: x");
    expect(valueCount(apply(`transformations:\n${item.repeat(3)}`, r, {}, registry).rule)).toBe(1_000);
    const error = limitError(() => apply(`transformations:\n${item.repeat(4)}`, r, { limits: { maxValues: 9_999 } }, registry));
    expect(error.message).toContain("Transformation 'tenfold' maps this value to 10 values");
    expect(error.message).toContain("this rule would have 10,000 values, more than the limit of 9,999 (limits.maxValues)");
  });

  it("a field mapped to several fields copies its values", () => {
    const item = "  - {type: field_name_mapping, mapping: {a: [a, b], b: [a, b]}}\n";
    const r = ruleOf("    a: [1, 2, 3]");
    expect(valueCount(apply(`transformations:\n${item.repeat(3)}`, r).rule)).toBe(24);
    const error = limitError(() => apply(`transformations:\n${item.repeat(30)}`, r, { limits: { maxValues: 5_000 } }));
    expect(error.message).toMatch(/Transformation 'field_name_mapping' maps field '[ab]' to 2 fields, copying its 3 values to each/);
  });
});
