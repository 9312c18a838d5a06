import { describe, expect, it } from "vitest";
import { SigmaConditionError } from "../errors.js";
import type { ConditionTree } from "../model/condition.js";
import type { Detection, Detections } from "../model/detection.js";
import type { SigmaRule } from "../model/rule.js";
import type { RawValue } from "../model/values.js";
import { buildDetectionItem } from "../modifiers/index.js";
import { sigmaValueToString } from "../values/values.js";
import { parseCondition } from "./parser.js";
import { resolveCondition, ruleConditionTrees } from "./resolve.js";

type Scalar = RawValue["value"];
/** A YAML map search identifier: `{ "field|mods": value(s) }`. */
function map(entries: Record<string, Scalar | Scalar[]>): Detection {
  return {
    kind: "detection",
    linking: "and",
    items: Object.entries(entries).map(([key, v]) => {
      const [field, ...mods] = key.split("|");
      const vals = Array.isArray(v) ? v : [v];
      return buildDetectionItem(field || null, mods, vals.map((value) => ({ value })));
    }),
  };
}
/** A YAML list of scalars: keywords. */
function keywords(...vals: Scalar[]): Detection {
  return { kind: "detection", linking: "and", items: [buildDetectionItem(null, [], vals.map((value) => ({ value })))] };
}
/** A YAML list of maps. */
function anyOf(...ds: Detection[]): Detection {
  return { kind: "detection", linking: "or", items: ds };
}
function detections(defs: Record<string, Detection>, conditions: string[] = []): Detections {
  return { definitions: new Map(Object.entries(defs)), conditions };
}
/** Compact shape: leaves as `field=value` / `"keyword"`. */
function shape(t: ConditionTree): unknown {
  switch (t.type) {
    case "field":
      return `${t.field}=${sigmaValueToString(t.value)}`;
    case "keyword":
      return `"${sigmaValueToString(t.value)}"`;
    case "not":
      return { not: shape(t.arg) };
    default:
      return { [t.type]: t.args.map(shape) };
  }
}
const resolve = (cond: string, defs: Record<string, Detection>): unknown =>
  shape(resolveCondition(parseCondition(cond), detections(defs)));

describe("resolveCondition: tree shapes", () => {
  it("E01 single item collapses to the leaf", () => {
    expect(resolve("sel", { sel: map({ fieldA: "valueA" }) })).toBe("fieldA=valueA");
  });
  it("E07 map = AND", () => {
    expect(resolve("sel", { sel: map({ fieldA: "valueA", fieldB: "valueB" }) })).toEqual({ and: ["fieldA=valueA", "fieldB=valueB"] });
  });
  it("E09 AND of ORs", () => {
    expect(resolve("sel", { sel: map({ fieldA: ["a1", "a2"], fieldB: ["b1", "b2"] }) })).toEqual({
      and: [{ or: ["fieldA=a1", "fieldA=a2"] }, { or: ["fieldB=b1", "fieldB=b2"] }],
    });
  });
  it("E10 value list = OR, E11 all = AND", () => {
    expect(resolve("sel", { sel: map({ fieldA: ["a", "b", "c"] }) })).toEqual({ or: ["fieldA=a", "fieldA=b", "fieldA=c"] });
    expect(resolve("sel", { sel: map({ "fieldA|all": ["a", "b"] }) })).toEqual({ and: ["fieldA=a", "fieldA=b"] });
  });
  it("E08 1 of = OR in definition order", () => {
    expect(resolve("1 of sel*", { sel1: map({ fieldA: "valueA" }), sel2: map({ fieldB: "valueB" }) })).toEqual({
      or: ["fieldA=valueA", "fieldB=valueB"],
    });
  });
  it("E41/E42 negations keep the detection shapes", () => {
    expect(resolve("not sel", { sel: map({ fieldA: "valueA", fieldB: "valueB" }) })).toEqual({ not: { and: ["fieldA=valueA", "fieldB=valueB"] } });
    expect(
      resolve("not 1 of sel*", {
        sel1: map({ fieldA: "valueA1", fieldB: "valueB1" }),
        sel2: map({ fieldA: "valueA2", fieldB: "valueB2" }),
      }),
    ).toEqual({ not: { or: [{ and: ["fieldA=valueA1", "fieldB=valueB1"] }, { and: ["fieldA=valueA2", "fieldB=valueB2"] }] } });
  });
  it("E43 sel and not filter with all", () => {
    expect(resolve("sel and not filter", { sel: map({ fieldA: ["valueA", "valueB"] }), filter: map({ "fieldB|all": ["valueC", "valueD"] }) })).toEqual({
      and: [{ or: ["fieldA=valueA", "fieldA=valueB"] }, { not: { and: ["fieldB=valueC", "fieldB=valueD"] } }],
    });
  });
  it("E52/E54 keywords: list = OR of keywords, all of = AND", () => {
    expect(resolve("keywords", { keywords: keywords("valueA", "valueB") })).toEqual({ or: ['"valueA"', '"valueB"'] });
    expect(resolve("all of keyword*", { keywordA: keywords("*valueA*"), keywordB: keywords("*valueB") })).toEqual({
      and: ['"*valueA*"', '"*valueB"'],
    });
    expect(resolve("keywords", { keywords: map({ "|cased": ["Foo", "Bar"] }) })).toEqual({ or: ['"Foo"', '"Bar"'] });
  });
  it("E65 not (kw1 and kw2)", () => {
    expect(resolve("not (k1 and k2)", { k1: keywords("valueA"), k2: keywords("valueB") })).toEqual({ not: { and: ['"valueA"', '"valueB"'] } });
  });
  it("list of maps = OR; one element collapses", () => {
    expect(resolve("sel", { sel: anyOf(map({ a: "1" }), map({ b: "2", c: "3" })) })).toEqual({ or: ["a=1", { and: ["b=2", "c=3"] }] });
    expect(resolve("sel", { sel: anyOf(map({ a: "1" })) })).toBe("a=1");
  });
  it("expansions are ORs (E29, E30), also under all", () => {
    expect(resolve("sel", { sel: map({ "fieldA|base64offset|contains": "value" }) })).toEqual({
      or: ["fieldA=*dmFsdW*", "fieldA=*ZhbHVl*", "fieldA=*2YWx1Z*"],
    });
    const t = resolve("sel", { sel: map({ "fieldA|windash|all": ["-a", "b"] }) }) as { and: unknown[] };
    expect(t.and).toHaveLength(2);
    expect(t.and[0]).toEqual({ or: ["fieldA=-a", "fieldA=/a", "fieldA=–a", "fieldA=—a", "fieldA=―a"] });
    expect(t.and[1]).toBe("fieldA=b");
  });
  it("neq wraps the item in NOT", () => {
    expect(resolve("sel", { sel: map({ "fieldA|neq": ["a", "b"] }) })).toEqual({ not: { or: ["fieldA=a", "fieldA=b"] } });
    expect(resolve("sel", { sel: map({ "fieldA|neq": 42 }) })).toEqual({ not: "fieldA=42" });
  });
  it("null and empty list", () => {
    expect(resolve("sel", { sel: map({ fieldA: null }) })).toBe("fieldA=None");
    expect(resolve("sel", { sel: map({ fieldA: [] }) })).toBe("fieldA=None");
  });
  it("leaves reference their items", () => {
    const sel = map({ fieldA: "x" });
    const tree = resolveCondition(parseCondition("sel"), detections({ sel }));
    expect(tree.type === "field" && tree.item).toBe(sel.items[0]);
  });
});

describe("resolveCondition: selectors", () => {
  const defs = { sel1: map({ a: "1" }), sel2: map({ b: "2" }), _priv: map({ c: "3" }), other: map({ d: "4" }) };
  it("them excludes _-prefixed detections", () => {
    expect(resolve("all of them", defs)).toEqual({ and: ["a=1", "b=2", "d=4"] });
    expect(resolve("1 of them", defs)).toEqual({ or: ["a=1", "b=2", "d=4"] });
  });
  it("patterns match fully and exclude _ names unless the pattern starts with _", () => {
    expect(resolve("1 of *", defs)).toEqual({ or: ["a=1", "b=2", "d=4"] });
    expect(resolve("1 of _*", defs)).toBe("c=3");
    expect(resolve("all of sel1", defs)).toBe("a=1");
    expect(() => resolve("1 of el*", defs)).toThrow(SigmaConditionError);
    expect(resolve("1 of *1", defs)).toBe("a=1");
  });
  it("the _ detection can still be named directly", () => {
    expect(resolve("sel1 and not _priv", defs)).toEqual({ and: ["a=1", { not: "c=3" }] });
  });
});

describe("resolveCondition: errors", () => {
  it("undefined detection", () => {
    expect(() => resolve("sel and missing", { sel: map({ a: "1" }) })).toThrow(
      new SigmaConditionError("Detection 'missing' not defined in detections"),
    );
  });
  it("error location points at the identifier", () => {
    try {
      resolveCondition(parseCondition("sel or nope"), detections({ sel: map({ a: "1" }) }), { line: 9, column: 16 });
      expect.unreachable();
    } catch (e) {
      expect((e as SigmaConditionError).location).toEqual({ line: 9, column: 23 });
    }
  });
  it("detections whose items were all dropped disappear; nothing left is an error", () => {
    const empty: Detection = { kind: "detection", linking: "and", items: [] };
    expect(resolve("sel and gone", { sel: map({ a: "1" }), gone: empty })).toBe("a=1");
    expect(() => resolve("gone", { gone: empty })).toThrow(SigmaConditionError);
  });
});

describe("ruleConditionTrees", () => {
  it("E68 one tree per condition", () => {
    const rule = {
      kind: "rule",
      detection: detections({ sel1: keywords("Word1"), sel2: keywords("Word2", "Word3") }, ["sel1", "sel2"]),
    } as unknown as SigmaRule;
    expect(ruleConditionTrees(rule).map(shape)).toEqual(['"Word1"', { or: ['"Word2"', '"Word3"'] }]);
  });
});
