/**
 * Every condition error, raised from a whole rule so that each one is checked with its place
 * (issue 2: "condition parser tests for … every error message").
 *
 * pySigma's own texts are used where the spec gives them (§1.3: undefined detection, pipe syntax).
 * Parse errors are pyparsing's in the reference, so ours are checked for what they must say: the
 * condition, the offending token and its 1-based position, and the column of that token in the file.
 */
import { describe, expect, it } from "vitest";
import {
  MAX_CONDITION_DEPTH,
  SigmaConditionError,
  parseCollection,
  parseCondition,
  parseDetections,
  resolveCondition,
  ruleConditionTrees,
} from "../src/index.js";
import type { SigmaError } from "../src/index.js";

const CONDITION_LINE = 7;
/** A rule whose only condition is `condition` (on line 7, value at column 16). */
const rule = (condition: string): string =>
  [
    "title: t",
    "logsource: {product: p}",
    "detection:",
    "  sel: {a: 1}",
    "  filter_1: {b: 2}",
    "  _priv: {c: 3}",
    `  condition: ${condition}`,
    "",
  ].join("\n");
const VALUE_COLUMN = "  condition: ".length + 1;

function conditionError(text: string): SigmaError {
  try {
    parseCollection(text, { path: "r.yml" });
  } catch (e) {
    expect(e).toBeInstanceOf(SigmaConditionError);
    return e as SigmaError;
  }
  throw new Error("no error");
}

describe("condition errors from a rule: message, line and column of the offending token", () => {
  it.each([
    // [condition, message (exact or pattern), 0-based offset of the offending token]
    ["sel and missing", "Detection 'missing' not defined in detections", 8],
    ["missing", "Detection 'missing' not defined in detections", 0],
    [
      "sel | count() > 5",
      "The pipe syntax in Sigma conditions has been deprecated and replaced by Sigma correlations. pySigma doesn't supports this syntax.",
      4,
    ],
    ["sel and", /^Error parsing condition 'sel and': expected .*found end of condition$/, 7],
    ["sel sel", /^Error parsing condition 'sel sel': .*found 'sel' at position 5$/, 4],
    ["(sel", /^Error parsing condition '\(sel': expected '\)' to close '\(' at position 1, found end of condition$/, 4],
    ["sel)", /^Error parsing condition 'sel\)': .*found '\)' at position 4$/, 3],
    ["sel*", /^Error parsing condition 'sel\*': 'sel\*' at position 1 is not a valid identifier/, 0],
    ["all of", /^Error parsing condition 'all of': expected a detection name pattern or 'them' after 'all of', found end of condition$/, 6],
    ["sel = 1", /^Error parsing condition 'sel = 1': unexpected character '=' at position 5$/, 4],
    ["or sel", /^Error parsing condition 'or sel': expected an identifier.*found 'or' at position 1$/, 0],
    ["not", /^Error parsing condition 'not': expected an identifier.*found end of condition$/, 3],
    ["()", /^Error parsing condition '\(\)': expected an identifier.*found '\)' at position 2$/, 1],
  ] as const)("%j", (condition, message, offset) => {
    const e = conditionError(rule(condition));
    if (typeof message === "string") expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(e.location).toEqual({ path: "r.yml", line: CONDITION_LINE, column: VALUE_COLUMN + offset });
    expect(String(e)).toBe(`r.yml:${CONDITION_LINE}:${VALUE_COLUMN + offset}: ${e.message}`);
  });

  it("a quoted empty condition is an error", () => {
    const e = conditionError(rule("''"));
    expect(e.message).toMatch(/condition is empty/);
    expect(e.location?.line).toBe(CONDITION_LINE);
  });

  it("a selector whose pattern matches no detection is an error when the condition is resolved", () => {
    // pySigma does not resolve conditions while reading rules either; the rule loads and its
    // condition trees (what a backend converts) fail, naming the pattern.
    for (const [condition, pattern] of [["1 of nothing*", "nothing*"], ["all of x", "x"], ["1 of priv*", "priv*"]] as const) {
      const collection = parseCollection(rule(condition), { path: "r.yml" });
      const r = collection.rules[0];
      if (r?.kind !== "rule") throw new Error("not a rule");
      try {
        ruleConditionTrees(r);
        expect.unreachable("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(SigmaConditionError);
        expect((e as SigmaError).message).toContain(`'${pattern}'`);
        expect((e as SigmaError).location).toMatchObject({ path: "r.yml", line: CONDITION_LINE, column: VALUE_COLUMN });
      }
    }
  });

  it("an error in the second entry of a condition list is located at that entry", () => {
    const text = rule("\n    - sel\n    - sel and nope");
    const e = conditionError(text);
    expect(e.message).toBe("Detection 'nope' not defined in detections");
    expect(e.location).toEqual({ path: "r.yml", line: CONDITION_LINE + 2, column: 7 + "sel and ".length });
  });

  it(`nesting deeper than MAX_CONDITION_DEPTH (${MAX_CONDITION_DEPTH}) is an error, not a stack overflow`, () => {
    const ok = `${"(".repeat(MAX_CONDITION_DEPTH - 1)}sel${")".repeat(MAX_CONDITION_DEPTH - 1)}`;
    expect(() => parseCondition(ok)).not.toThrow();
    for (const deep of [
      `${"(".repeat(MAX_CONDITION_DEPTH + 1)}sel${")".repeat(MAX_CONDITION_DEPTH + 1)}`,
      `${"not ".repeat(MAX_CONDITION_DEPTH + 1)}sel`,
      `${"(".repeat(50_000)}sel`,
    ]) {
      const e = conditionError(rule(deep));
      expect(e.message).toMatch(new RegExp(`deeper than ${MAX_CONDITION_DEPTH} levels`));
      expect(e.location?.line).toBe(CONDITION_LINE);
    }
  });

  it("a condition that leaves nothing to match is an error", () => {
    const detections = parseDetections({ sel: { a: 1 } });
    const emptied = { ...detections, definitions: new Map([["sel", { kind: "detection" as const, linking: "and" as const, items: [] }]]) };
    expect(() => resolveCondition(parseCondition("sel"), emptied, { path: "r.yml", line: 3, column: 5 })).toThrow(SigmaConditionError);
    try {
      resolveCondition(parseCondition("not sel"), emptied, { path: "r.yml", line: 3, column: 5 });
      expect.unreachable();
    } catch (e) {
      expect((e as SigmaError).location).toMatchObject({ path: "r.yml", line: 3 });
    }
  });
});

describe("valid conditions the errors above must not catch", () => {
  it.each([
    "sel",
    "sel and not filter_1",
    "1 of filter_*",
    "any of filter_*",
    "all of them",
    "1 of _*",
    "sel and _priv",
    "(sel or filter_1) and not _priv",
    "not not sel",
    "filter_1 or sel",
  ])("%s", (condition) => {
    expect(() => parseCollection(rule(condition), { path: "r.yml" })).not.toThrow();
  });
});
