import { describe, expect, it } from "vitest";
import { pythonReEscape } from "@sigma/core";
import { anchorForLabelFilter, endsWithUnescapedDollar, hasTopLevelAlternation, stripOuterWildcards } from "./escape.js";

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

describe("anchorForLabelFilter (issue 9, conformance README; issue 15: multi-line values)", () => {
  it.each([
    // Loki runs `.*text.*` as a substring test, which crosses newlines: kept as it was.
    ["R", ".*R.*"],
    ["(?i)R", "(?i).*R.*"],
    ["(?m)R", "(?m).*R.*"],
    // Issue 16: no second `.*` on a side that already has one (`.*.*\\AppData`).
    [".*\\\\AppData", ".*\\\\AppData.*"],
    ["(?i).*R", "(?i).*R.*"],
    ["R.*", ".*R.*"],
    [".*R.*", ".*R.*"],
    [".*", ".*"],
    ["R\\\\.*", ".*R\\\\.*"],
    // With `s` every `.` already matches a newline.
    ["(?s)^a", "(?s)^a.*"],
    ["(?is)a.b", "(?is).*a.b.*"],
    // Anything else is a regex for Loki, whose `.` stops at a newline: the wrappers match newlines,
    // replacing a `.*` the pattern has on that side; the pattern's own `.` keeps its meaning.
    ["^R", "^R(?s:.*)"],
    ["R$", "(?s:.*)R$"],
    ["^R$", "^R$"],
    ["^R.*", "^R(?s:.*)"],
    [".*R$", "(?s:.*)R$"],
    ["a.b", "(?s:.*)a.b(?s:.*)"],
    ["\\s-H\\s", "(?s:.*)\\s-H\\s(?s:.*)"],
    ["a|b", "(?s:.*)(?:a|b)(?s:.*)"],
    ["(?i)a|b", "(?i)(?s:.*)(?:a|b)(?s:.*)"],
    [".*a|b", "(?s:.*)(?:.*a|b)(?s:.*)"],
    // An anchor in one alternative anchors only that one: `^a|b` is "starts with a, or contains b".
    ["^a|b", "(?s:.*)(?:^a|b)(?s:.*)"],
    ["a|b$", "(?s:.*)(?:a|b$)(?s:.*)"],
    ["^a$|b", "(?s:.*)(?:^a$|b)(?s:.*)"],
    ["(?s)^a|b", "(?s).*(?:^a|b).*"],
    // A `.*` modified by a quantifier is the pattern's own; an escaped dot is a literal.
    [".*?R", "(?s:.*).*?R(?s:.*)"],
    ["R\\.*", "(?s:.*)R\\.*(?s:.*)"],
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
