import { describe, expect, it } from "vitest";
import { SequenceMatcher, longestCommonSubstring } from "./difflib.js";

// Expected values are what CPython 3's difflib returns for the same calls.
describe("SequenceMatcher.findLongestMatch (CPython difflib)", () => {
  const cases: [string, string, { a: number; b: number; size: number }][] = [
    ["4730", "634", { a: 0, b: 2, size: 1 }],
    ["abcd", "xbcy", { a: 1, b: 1, size: 2 }],
    ["fieldA=valueA", "fieldB=valueB", { a: 6, b: 6, size: 6 }],
    ["a".repeat(250) + "xyz", "b".repeat(10) + "xyz" + "a".repeat(240), { a: 250, b: 10, size: 3 }],
    // autojunk: in a b of 200+ characters, 'a' and 'b' are popular and start no match …
    ["xab", "ab".repeat(150), { a: 0, b: 0, size: 0 }],
    // … but a match started elsewhere extends over them.
    ["zab", "z" + "ab".repeat(150), { a: 0, b: 0, size: 3 }],
  ];
  for (const [a, b, want] of cases) {
    it(`${a.slice(0, 12)} / ${b.slice(0, 12)}`, () => {
      expect(new SequenceMatcher(a, b).findLongestMatch()).toEqual(want);
    });
  }
  it("without autojunk the popular characters match", () => {
    expect(new SequenceMatcher("xab", "ab".repeat(150), false).findLongestMatch()).toEqual({ a: 1, b: 0, size: 2 });
  });
});

describe("longestCommonSubstring (reference order of operands)", () => {
  it("E76: fieldA=valueA / fieldB=valueB", () => {
    expect(longestCommonSubstring(["fieldA=valueA", "fieldB=valueB"])).toBe("=value");
  });
  it("E77: a value list", () => {
    expect(longestCommonSubstring(["fieldA=valueA", "fieldA=valueB", "fieldA=valueC"])).toBe("fieldA=value");
  });
  it("ties go to the earliest match in the later value (corpus: 4730 / 634 → 3)", () => {
    expect(longestCommonSubstring(["4730", "634"])).toBe("3");
  });
  it("nothing in common", () => {
    expect(longestCommonSubstring(["abc", "xyz"])).toBe("");
  });
});
