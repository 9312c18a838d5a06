import { describe, expect, it } from "vitest";
import {
  anchorForLabelFilter,
  endsWithUnescapedDollar,
  hasTopLevelAlternation,
  pythonReEscape,
  stripOuterWildcards,
} from "./escape.js";

describe("pythonReEscape (CPython re.escape)", () => {
  it.each([
    ["a.b(c)", "a\\.b\\(c\\)"],
    ["Failed login", "Failed\\ login"],
    ["x*y\t-#&~", "x\\*y\\\t\\-\\#\\&\\~"],
    ["C:\\Windows", "C:\\\\Windows"],
    ["é_ü", "é_ü"],
  ])("%s", (input, want) => {
    expect(pythonReEscape(input)).toBe(want);
  });
});

describe("regex structure", () => {
  it("top-level alternation ignores groups, classes and escapes", () => {
    expect(hasTopLevelAlternation("a|b")).toBe(true);
    expect(hasTopLevelAlternation("(a|b)")).toBe(false);
    expect(hasTopLevelAlternation("[|]")).toBe(false);
    expect(hasTopLevelAlternation("[]|]")).toBe(false);
    expect(hasTopLevelAlternation("a\\|b")).toBe(false);
    expect(hasTopLevelAlternation("(a)|b")).toBe(true);
  });
  it("a `$` is an anchor unless escaped", () => {
    expect(endsWithUnescapedDollar("a$")).toBe(true);
    expect(endsWithUnescapedDollar("a\\$")).toBe(false);
    expect(endsWithUnescapedDollar("a\\\\$")).toBe(true);
  });
});

describe("anchorForLabelFilter (issue 9, conformance README)", () => {
  it.each([
    ["R", ".*R.*"],
    ["^R", "^R.*"],
    ["R$", ".*R$"],
    ["^R$", "^R$"],
    ["a|b", ".*(?:a|b).*"],
    ["(?i)a|b", "(?i).*(?:a|b).*"],
    ["(?s)^a", "(?s)^a.*"],
    // Issue 16: no second `.*` on a side that already has one (`.*.*\\AppData`).
    [".*\\\\AppData", ".*\\\\AppData.*"],
    ["(?i).*R", "(?i).*R.*"],
    ["R.*", ".*R.*"],
    [".*R.*", ".*R.*"],
    [".*", ".*"],
    [".*?R", ".*?R.*"],
    ["R\\.*", ".*R\\.*.*"],
    ["R\\\\.*", ".*R\\\\.*"],
    [".*a|b", ".*(?:.*a|b).*"],
  ])("%s → %s", (input, want) => {
    expect(anchorForLabelFilter(input)).toBe(want);
  });
});

describe("stripOuterWildcards (keyword line filters, §5.5)", () => {
  it.each([
    ["(?i).*valueA.*", "(?i)valueA"],
    ["(?i).*valueB", "(?i)valueB"],
    ["(?i)va.ue.*", "(?i)va.ue"],
    ["(?i).*.*", ""],
    [".*", ""],
    ["(?i)a\\.*", "(?i)a\\.*"],
    ["^a.+", "^a.+"],
  ])("%s → %s", (input, want) => {
    expect(stripOuterWildcards(input)).toBe(want);
  });
});
