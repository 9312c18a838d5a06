import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SigmaConditionError } from "../errors.js";
import type { ConditionAst } from "../model/condition.js";
import { PIPE_SYNTAX_MESSAGE, parseCondition } from "./parser.js";
import { conditionShape, printCondition } from "./print.js";

const p = (s: string): unknown => conditionShape(parseCondition(s));

describe("parseCondition", () => {
  it("identifiers", () => {
    expect(parseCondition("sel")).toEqual({ type: "identifier", name: "sel", start: 0, end: 3 });
    expect(p("sel-1_x")).toBe("sel-1_x");
    expect(p(" ( sel ) ")).toBe("sel");
  });

  it("precedence: not > and > or", () => {
    expect(p("a or b and c")).toEqual({ or: ["a", { and: ["b", "c"] }] });
    expect(p("a and b or c")).toEqual({ or: [{ and: ["a", "b"] }, "c"] });
    expect(p("not a and b")).toEqual({ and: [{ not: "a" }, "b"] });
    expect(p("not a or not b")).toEqual({ or: [{ not: "a" }, { not: "b" }] });
    expect(p("not not a")).toEqual({ not: { not: "a" } });
    expect(p("not 1 of sel*")).toEqual({ not: "any of sel*" });
  });

  it("parentheses override precedence and keep nesting", () => {
    expect(p("(a or b) and c")).toEqual({ and: [{ or: ["a", "b"] }, "c"] });
    expect(p("a and (b and c)")).toEqual({ and: ["a", { and: ["b", "c"] }] });
    expect(p("not (a and b)")).toEqual({ not: { and: ["a", "b"] } });
  });

  it("chains of one operator are one node (left-assoc n-ary)", () => {
    expect(p("a and b and c")).toEqual({ and: ["a", "b", "c"] });
    expect(p("a or b or c or d")).toEqual({ or: ["a", "b", "c", "d"] });
  });

  it("selectors", () => {
    expect(parseCondition("1 of sel*")).toEqual({ type: "selector", quantifier: "any", pattern: "sel*", start: 0, end: 9 });
    expect(p("any of sel*")).toBe("any of sel*");
    expect(p("all of them")).toBe("all of them");
    expect(p("1 of them")).toBe("any of them");
    expect(p("all of *")).toBe("all of *");
    expect(p("all of sel_*_x")).toBe("all of sel_*_x");
    expect(p("sel and not 1 of filter*")).toEqual({ and: ["sel", { not: "any of filter*" }] });
  });

  it("the pipe syntax is rejected with pySigma's message", () => {
    expect(() => parseCondition("sel | count() > 5")).toThrow(new SigmaConditionError(PIPE_SYNTAX_MESSAGE));
    expect(PIPE_SYNTAX_MESSAGE).toBe(
      "The pipe syntax in Sigma conditions has been deprecated and replaced by Sigma correlations. pySigma doesn't supports this syntax.",
    );
  });

  it.each([
    ["", /condition is empty/],
    ["sel and", /expected an identifier.*found end of condition/],
    ["sel sel2", /expected 'and', 'or' or end of condition, found 'sel2' at position 5/],
    ["(sel", /expected '\)' to close '\(' at position 1, found end of condition/],
    ["sel)", /found '\)' at position 4/],
    ["sel*", /'sel\*' at position 1 is not a valid identifier/],
    ["1 of", /expected a detection name pattern or 'them' after '1 of', found end of condition/],
    ["all of sel-1", /expected a detection name pattern or 'them'/],
    ["sel = 1", /unexpected character '=' at position 5/],
    ["and", /expected an identifier.*found 'and' at position 1/],
  ])("error for %j", (source, message) => {
    expect(() => parseCondition(source)).toThrow(SigmaConditionError);
    expect(() => parseCondition(source)).toThrow(message);
  });

  it("errors point at the offending token when the condition's location is known", () => {
    try {
      parseCondition("sel and and", { path: "r.yml", line: 7, column: 16 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SigmaConditionError);
      expect((e as SigmaConditionError).location).toEqual({ path: "r.yml", line: 7, column: 24 });
    }
    try {
      parseCondition("sel | count()", { line: 2, column: 3 });
      expect.unreachable();
    } catch (e) {
      expect((e as SigmaConditionError).location).toEqual({ line: 2, column: 7 });
    }
  });
});

describe("printCondition", () => {
  it("prints parseable text", () => {
    expect(printCondition(parseCondition("a or b and not (c or d)"))).toBe("a or (b and not (c or d))");
    expect(printCondition(parseCondition("any of sel* and all of them"))).toBe("1 of sel* and all of them");
  });

  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/).filter((n) => !["and", "or", "not", "of"].includes(n));
  const pattern = fc.oneof(fc.constant("them"), fc.stringMatching(/^[A-Za-z0-9_*]{1,6}$/).filter((n) => !["and", "or", "not", "of"].includes(n)));
  const ast: fc.Arbitrary<ConditionAst> = fc.letrec<{ node: ConditionAst }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      name.map((n): ConditionAst => ({ type: "identifier", name: n, start: 0, end: 0 })),
      fc
        .record({ q: fc.constantFrom("any" as const, "all" as const), pattern })
        .map(({ q, pattern: pat }): ConditionAst => ({ type: "selector", quantifier: q, pattern: pat, start: 0, end: 0 })),
      tie("node").map((arg): ConditionAst => ({ type: "not", arg })),
      fc
        .record({ op: fc.constantFrom("and" as const, "or" as const), args: fc.array(tie("node"), { minLength: 2, maxLength: 4 }) })
        .map(({ op, args }): ConditionAst => ({ type: op, args })),
    ),
  })).node;

  it("generated ASTs print and re-parse to the same tree", () => {
    fc.assert(
      fc.property(ast, (tree) => {
        expect(conditionShape(parseCondition(printCondition(tree)))).toEqual(conditionShape(tree));
      }),
      { numRuns: 500 },
    );
  });
});
