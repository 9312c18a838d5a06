/**
 * Fixed-seed property tests (the quick mode of `pnpm fuzz`, generators in tooling/src/reliability):
 * generated rules round-trip through the model; mutated rules and random conditions load or give
 * located SigmaErrors, never another exception.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conditionTree,
  mutatedRule,
  printTree,
  randomCondition,
  toYaml,
  validRule,
} from "../../../tooling/src/reliability/arbitraries.js";
import {
  MAX_CONDITION_DEPTH,
  SigmaConditionError,
  SigmaError,
  collectionErrors,
  parseCollection,
  parseCondition,
  conditionShape,
  printCondition,
  selectorMatches,
} from "../src/index.js";
import { corpusFiles, read } from "./corpus-files.js";

const SEED = 424242;

/** A thrown value must be a SigmaError with path, line and column. */
function expectLocated(error: unknown): void {
  expect(error).toBeInstanceOf(SigmaError);
  const location = (error as SigmaError).location;
  expect(location?.path, String(error)).toBe("f.yml");
  expect(location?.line, String(error)).toBeGreaterThan(0);
  expect(location?.column, String(error)).toBeGreaterThan(0);
}

describe("generated rules", () => {
  it("load without errors and the model holds what was generated", () => {
    fc.assert(
      fc.property(validRule, (data) => {
        const collection = parseCollection(toYaml(data), { path: "f.yml", collectErrors: true });
        expect(collectionErrors(collection).map(String)).toEqual([]);
        const rule = collection.rules[0];
        if (rule?.kind !== "rule") throw new Error("not a detection rule");
        expect(rule.title).toBe(data["title"]);
        expect(rule.id).toBe(data["id"]);
        expect(rule.logsource.product).toBe((data["logsource"] as Record<string, unknown>)["product"]);
        const { condition, ...selections } = data["detection"] as Record<string, unknown>;
        expect(rule.detection.conditions).toEqual([condition]);
        expect([...rule.detection.definitions.keys()]).toEqual(Object.keys(selections));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe("mutated rules", () => {
  const corpus = corpusFiles().filter((_, i) => i % 100 === 0).map((f) => read(f.file));

  it("load, or give located SigmaErrors only", () => {
    fc.assert(
      fc.property(mutatedRule(corpus), ({ input }) => {
        for (const collectErrors of [false, true]) {
          try {
            const collection = parseCollection(input, { path: "f.yml", collectErrors });
            for (const error of collectionErrors(collection)) expectLocated(error);
          } catch (error) {
            expectLocated(error);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("conditions", () => {
  it("generated trees print and re-parse to the same tree", () => {
    fc.assert(
      fc.property(conditionTree(), (tree) => {
        const ast = parseCondition(printTree(tree));
        expect(conditionShape(parseCondition(printCondition(ast)))).toEqual(conditionShape(ast));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("random strings parse or give located condition errors", () => {
    fc.assert(
      fc.property(randomCondition, (text) => {
        try {
          const ast = parseCondition(text, { path: "f.yml", line: 3, column: 16 });
          expect(conditionShape(parseCondition(printCondition(ast)))).toEqual(conditionShape(ast));
        } catch (error) {
          expect(error).toBeInstanceOf(SigmaConditionError);
          expectLocated(error);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  // Found by fuzzing: 50,000 nested parentheses or `not`s overflowed the stack (RangeError).
  it.each([
    ["parentheses", `${"(".repeat(50_000)}sel${")".repeat(50_000)}`],
    ["not", `${"not ".repeat(50_000)}sel`],
  ])("deep nesting of %s is a located condition error", (_, text) => {
    expect(() => parseCondition(text, { path: "f.yml", line: 1, column: 1 })).toThrow(SigmaConditionError);
    expect(() => parseCondition(text)).toThrow(`deeper than ${MAX_CONDITION_DEPTH}`);
    const nested = `${"(".repeat(MAX_CONDITION_DEPTH)}sel${")".repeat(MAX_CONDITION_DEPTH)}`;
    expect(conditionShape(parseCondition(nested))).toBe("sel");
  });

  it("deep nesting in a rule is a located rule error, not a crash", () => {
    const rule = `title: t\nlogsource: {product: x}\ndetection:\n  sel: {a: b}\n  condition: ${"(".repeat(3000)}sel${")".repeat(3000)}\n`;
    const collection = parseCollection(rule, { path: "f.yml", collectErrors: true });
    const errors = collectionErrors(collection);
    expect(errors).toHaveLength(1);
    expectLocated(errors[0]);
  });

  // Found by fuzzing: selectors became backtracking regexes; this one took minutes.
  it("selector patterns match names in linear time", () => {
    const names = ["a".repeat(5_000), "ab", "xab", "b"];
    const start = performance.now();
    expect(selectorMatches(`*${"a*".repeat(40)}b`, names)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(selectorMatches("a*b", names)).toEqual(["ab"]);
    expect(selectorMatches("*a*b", names)).toEqual(["ab", "xab"]);
    expect(selectorMatches("*", names)).toEqual(names);
    expect(selectorMatches("b", names)).toEqual(["b"]);
  });

  it("selector matching agrees with a regular expression on small inputs", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "*"), maxLength: 6 });
    fc.assert(
      fc.property(text.filter((p) => p.length > 0), fc.string({ unit: fc.constantFrom("a", "b"), maxLength: 6 }), (pattern, name) => {
        const re = new RegExp(`^${pattern.split("*").join(".*")}$`);
        expect(selectorMatches(pattern, [name]).length === 1).toBe(re.test(name));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
