import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCollection, ruleConditionTrees } from "@sigma/core";
import type { ConditionTree, DetectionItem, SigmaValue } from "@sigma/core";
import { isExpansionOr, isLoneExpansionLeaf } from "./expansion.js";
import { isNormalisedLeaf, pushDownNegation } from "./negation.js";
import type { NormalisedTree } from "./negation.js";

const item: DetectionItem = { kind: "item", field: "f", modifiers: [], values: [], linking: "or", negated: false };
const str = (s: string): SigmaValue => ({ type: "string", parts: [s], cased: false });
const leaf = (field: string, value: SigmaValue = str(field)): ConditionTree => ({ type: "field", field, value, item });

/** The text of a string value, used as the key of a leaf's truth value. */
function key(v: SigmaValue): string {
  return v.type === "string" ? v.parts.join("") : JSON.stringify(v);
}

/** Truth of a resolved tree; an expansion leaf is true when any alternative is. */
function evalTree(t: ConditionTree, truth: (k: string) => boolean): boolean {
  switch (t.type) {
    case "and":
      return t.args.every((a) => evalTree(a, truth));
    case "or":
      return t.args.some((a) => evalTree(a, truth));
    case "not":
      return !evalTree(t.arg, truth);
    default:
      return evalValue(t.value, truth);
  }
}

function evalValue(v: SigmaValue, truth: (k: string) => boolean): boolean {
  return v.type === "expansion" ? v.values.some((x) => evalValue(x, truth)) : truth(key(v));
}

function evalNormalised(t: NormalisedTree, truth: (k: string) => boolean): boolean {
  switch (t.type) {
    case "and":
      return t.args.every((a) => evalNormalised(a, truth));
    case "or":
      return t.args.some((a) => evalNormalised(a, truth));
    default:
      return evalValue(t.value, truth) !== t.negated;
  }
}

function hasNot(t: NormalisedTree): boolean {
  if ((t as { type: string }).type === "not") return true;
  return t.type === "and" || t.type === "or" ? t.args.some(hasNot) : false;
}

function hasExpansion(t: NormalisedTree): boolean {
  return isNormalisedLeaf(t) ? t.value.type === "expansion" : t.args.some(hasExpansion);
}

const names = ["a", "b", "c", "d", "e"];
const valueArb: fc.Arbitrary<SigmaValue> = fc.oneof(
  fc.constantFrom(...names).map(str),
  fc
    .array(fc.constantFrom(...names).map(str), { minLength: 1, maxLength: 3 })
    .map((values): SigmaValue => ({ type: "expansion", values })),
);
const treeArb: fc.Arbitrary<ConditionTree> = fc.letrec<{ tree: ConditionTree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(fc.constantFrom("x", "y"), valueArb).map(([f, v]) => leaf(f, v)),
    fc.record({ type: fc.constant("not" as const), arg: tie("tree") }),
    fc.record({
      type: fc.constantFrom("and" as const, "or" as const),
      args: fc.array(tie("tree"), { minLength: 2, maxLength: 3 }),
    }),
  ),
})).tree;
const truthArb = fc.dictionary(fc.constantFrom(...names), fc.boolean());

describe("pushDownNegation", () => {
  it("evaluates like the original tree on every assignment (property)", () => {
    fc.assert(
      fc.property(treeArb, truthArb, fc.boolean(), (tree, assignment, flatten) => {
        const truth = (k: string): boolean => assignment[k] ?? false;
        const normalised = pushDownNegation(tree, { flatten });
        expect(hasNot(normalised)).toBe(false);
        expect(hasExpansion(normalised)).toBe(false);
        expect(evalNormalised(normalised, truth)).toBe(evalTree(tree, truth));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps expansion leaves when asked and still evaluates alike (property)", () => {
    fc.assert(
      fc.property(treeArb, truthArb, (tree, assignment) => {
        const truth = (k: string): boolean => assignment[k] ?? false;
        const normalised = pushDownNegation(tree, { expandExpansions: false });
        expect(evalNormalised(normalised, truth)).toBe(evalTree(tree, truth));
      }),
      { numRuns: 300 },
    );
  });

  it("swaps AND and OR under a negation and flags the leaves (De Morgan)", () => {
    const tree: ConditionTree = { type: "not", arg: { type: "and", args: [leaf("a"), { type: "not", arg: leaf("b") }] } };
    const n = pushDownNegation(tree);
    expect(n.type).toBe("or");
    if (n.type !== "or") return;
    expect(n.args.map((a) => (a.type === "field" ? [a.field, a.negated] : a.type))).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });

  it("turns a negated expansion into an AND of negated alternatives (§5.5)", () => {
    const tree: ConditionTree = { type: "not", arg: leaf("f", { type: "expansion", values: [str("a"), str("b")] }) };
    const n = pushDownNegation(tree);
    expect(n.type).toBe("and");
    if (n.type !== "and") return;
    expect(n.expansion).toBe(true);
    expect(n.args.every((a) => a.type === "field" && a.negated)).toBe(true);
    expect(n.args.map((a) => (a.type === "field" ? key(a.value) : ""))).toEqual(["a", "b"]);
  });

  it("flattens nested nodes of the same operator only when asked", () => {
    const tree: ConditionTree = { type: "or", args: [leaf("a"), { type: "or", args: [leaf("b"), leaf("c")] }] };
    const kept = pushDownNegation(tree);
    expect(kept.type === "or" && kept.args.length).toBe(2);
    const flat = pushDownNegation(tree, { flatten: true });
    expect(flat.type === "or" && flat.args.length).toBe(3);
  });
});

describe("expansions resolved by core", () => {
  const collection = parseCollection(`title: T
logsource:
  category: c
detection:
  sel:
    f|base64offset: abc
  plain:
    g: [x, y, z]
  lone:
    h|windash: abc
  condition: not sel and plain and lone
`);

  it("marks the OR core made of an expansion (an AND once negated), not an OR of list values", () => {
    const [rule] = collection.rules;
    if (rule?.kind !== "rule") throw new Error("no rule");
    const [tree] = ruleConditionTrees(rule);
    const n = pushDownNegation(tree as ConditionTree);
    if (n.type !== "and") throw new Error("expected an AND");
    const [sel, plain, lone] = n.args;
    expect(sel?.type === "and" && sel.expansion).toBe(true);
    expect(plain?.type === "or" && plain.expansion).toBeUndefined();
    // A one-alternative expansion is a leaf (core collapses it); it is recognised as such.
    expect(lone?.type).toBe("field");
    expect(lone?.type === "field" && isLoneExpansionLeaf(lone)).toBe(true);
    expect(plain?.type === "or" && plain.args.some((a) => a.type === "field" && isLoneExpansionLeaf(a))).toBe(false);
  });

  it("recognises the expansion OR only with the expansion's own values, in order", () => {
    const [rule] = collection.rules;
    if (rule?.kind !== "rule") throw new Error("no rule");
    const [tree] = ruleConditionTrees(rule);
    const sel = tree?.type === "and" && tree.args[0]?.type === "not" ? tree.args[0].arg : undefined;
    if (sel?.type !== "or") throw new Error("expected the expansion OR");
    expect(isExpansionOr(sel.args)).toBe(true);
    expect(isExpansionOr([...sel.args].reverse())).toBe(false);
    expect(isExpansionOr(sel.args.slice(1))).toBe(false);
  });
});
