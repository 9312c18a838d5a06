/**
 * One test per modifier error (issue 2, "a test per modifier and per modifier error").
 *
 * Expected messages come from reference-behaviour.md §2 and, where the spec abbreviates them
 * ("Wide modifier only allowed for ascii strings…") or only names the pattern ("Modifier <Class>
 * incompatible to value type of '<v>'"), from pySigma's `sigma/modifiers.py`, whose class names
 * and message texts are the reference. Booleans print as Python's `True`/`False` (SigmaBool.__str__).
 */
import { describe, expect, it } from "vitest";
import {
  MODIFIERS,
  SigmaError,
  SigmaModifierError,
  SigmaRegularExpressionError,
  SigmaTypeError,
  SigmaValueError,
  buildDetectionItem,
  parseCollection,
} from "../src/index.js";

type Raw = string | number | boolean | null;

/** The error `field|mods: value` raises (fails the test when nothing is thrown). */
function errorOf(mods: string[], value: Raw, field: string | null = "fieldA"): SigmaError {
  try {
    buildDetectionItem(field, mods, [{ value }]);
  } catch (e) {
    expect(e).toBeInstanceOf(SigmaError);
    return e as SigmaError;
  }
  throw new Error(`no error for ${field ?? ""}|${mods.join("|")}: ${String(value)}`);
}

/** pySigma's type error text. */
const incompatible = (cls: string, shown: string): string => `Modifier ${cls} incompatible to value type of '${shown}'`;

describe("type errors: a value kind the modifier does not accept (SigmaTypeError)", () => {
  // [modifier, pySigma class, a value of the wrong kind, how pySigma prints it]
  const cases: Array<[string, string, Raw, string]> = [
    ["contains", "SigmaContainsModifier", true, "True"],
    ["startswith", "SigmaStartswithModifier", true, "True"],
    ["endswith", "SigmaEndswithModifier", false, "False"],
    ["base64", "SigmaBase64Modifier", true, "True"],
    ["base64offset", "SigmaBase64OffsetModifier", false, "False"],
    ["wide", "SigmaWideModifier", true, "True"],
    ["utf16be", "SigmaUTF16BEModifier", true, "True"],
    ["utf16", "SigmaUTF16Modifier", true, "True"],
    ["windash", "SigmaWindowsDashModifier", true, "True"],
    ["cased", "SigmaCaseSensitiveModifier", true, "True"],
    ["cidr", "SigmaCIDRModifier", true, "True"],
    ["i", "SigmaRegularExpressionIgnoreCaseFlagModifier", "valueA", "valueA"],
    ["ignorecase", "SigmaRegularExpressionIgnoreCaseFlagModifier", "valueA", "valueA"],
    ["m", "SigmaRegularExpressionMultilineFlagModifier", "valueA", "valueA"],
    ["multiline", "SigmaRegularExpressionMultilineFlagModifier", "valueA", "valueA"],
    ["s", "SigmaRegularExpressionDotAllFlagModifier", "valueA", "valueA"],
    ["dotall", "SigmaRegularExpressionDotAllFlagModifier", "valueA", "valueA"],
    ["lt", "SigmaLessThanModifier", "abc", "abc"],
    ["lte", "SigmaLessThanEqualModifier", "abc", "abc"],
    ["gt", "SigmaGreaterThanModifier", "abc", "abc"],
    ["gte", "SigmaGreaterThanEqualModifier", true, "True"],
    ["exists", "SigmaExistsModifier", "yes please", "yes please"],
    ["fieldref", "SigmaFieldReferenceModifier", true, "True"],
    ["expand", "SigmaExpandModifier", false, "False"],
    ["minute", "SigmaTimestampMinuteModifier", "x", "x"],
    ["hour", "SigmaTimestampHourModifier", "x", "x"],
    ["day", "SigmaTimestampDayModifier", "x", "x"],
    ["week", "SigmaTimestampWeekModifier", "x", "x"],
    ["month", "SigmaTimestampMonthModifier", "x", "x"],
    ["year", "SigmaTimestampYearModifier", true, "True"],
  ];

  it.each(cases)("%s", (mod, cls, value, shown) => {
    const e = errorOf([mod], value);
    expect(e).toBeInstanceOf(SigmaTypeError);
    expect(e.message).toBe(incompatible(cls, shown));
  });

  it("every value modifier has a type-error case above (all and neq accept any list)", () => {
    // `re` reads the value as written (pySigma makes every value a string first), so its errors
    // are the value errors below.
    const covered = new Set([...cases.map((c) => c[0]), "re"]);
    const valueModifiers = [...MODIFIERS.values()].filter((m) => m.kind === "value").map((m) => m.id);
    expect(valueModifiers.filter((id) => !covered.has(id))).toEqual([]);
    expect([...MODIFIERS.values()].filter((m) => m.kind === "list").map((m) => m.id).sort()).toEqual(["all", "neq"]);
  });

  it("a modifier that receives the output of another is checked against that output", () => {
    // base64offset yields strings (the first of `value` is dmFsdW, spec §2), so a comparison after it sees a string.
    expect(errorOf(["base64offset", "gt"], "value").message).toBe(incompatible("SigmaGreaterThanModifier", "dmFsdW"));
    // exists yields an exists value, which a second exists does not accept.
    expect(errorOf(["exists", "contains"], true)).toBeInstanceOf(SigmaTypeError);
  });
});

describe("value errors (SigmaValueError)", () => {
  it("base64 / base64offset: wildcards", () => {
    const msg = "Base64 encoding of strings with wildcards is not allowed";
    for (const mod of ["base64", "base64offset"]) {
      for (const v of ["val*", "val?", "*"]) {
        const e = errorOf([mod], v);
        expect(e).toBeInstanceOf(SigmaValueError);
        expect(e.message).toBe(msg);
      }
    }
    // an escaped wildcard is a literal character and may be encoded
    expect(() => buildDetectionItem("f", ["base64"], [{ value: "a\\*b" }])).not.toThrow();
  });

  it("wide: non-ASCII text, with the whole value in the message", () => {
    const e = errorOf(["wide"], "é");
    expect(e).toBeInstanceOf(SigmaValueError);
    expect(e.message).toBe("Wide modifier only allowed for ascii strings, input string 'é' isn't one");
    expect(errorOf(["wide"], "caf\u00e9*").message).toBe(
      "Wide modifier only allowed for ascii strings, input string 'caf\u00e9*' isn't one",
    );
  });

  it("utf16be / utf16: non-ASCII text is a value error", () => {
    expect(errorOf(["utf16be"], "é")).toBeInstanceOf(SigmaValueError);
    expect(errorOf(["utf16"], "é")).toBeInstanceOf(SigmaValueError);
  });

  it("re: must be the first modifier, list modifiers included", () => {
    const msg = "Regular expression modifier only applicable to unmodified values";
    for (const mods of [["contains", "re"], ["base64", "re"], ["all", "re"], ["cased", "re"]]) {
      const e = errorOf(mods, "foo");
      expect(e).toBeInstanceOf(SigmaValueError);
      expect(e.message).toBe(msg);
    }
  });

  it("re: an invalid expression is a SigmaRegularExpressionError naming the expression", () => {
    for (const v of ["(abc", "[a-", "a{2,1}", "*a"]) {
      const e = errorOf(["re"], v);
      expect(e).toBeInstanceOf(SigmaRegularExpressionError);
      expect(e.message.startsWith(`Regular expression '${v}' is invalid`)).toBe(true);
    }
  });

  it("cidr: must be applied to an unmodified value", () => {
    for (const mods of [["cased", "cidr"], ["all", "cidr"]]) {
      const e = errorOf(mods, "10.0.0.0/8");
      expect(e).toBeInstanceOf(SigmaValueError);
      expect(e.message).toBe("CIDR expression modifier only applicable to unmodified values");
    }
  });

  it("cidr: invalid networks, IPv4 and IPv6 (a SigmaTypeError in pySigma's SigmaCIDRExpression)", () => {
    for (const v of ["not-a-net", "10.0.0.0/33", "256.0.0.0/8", "2001:db8::/129", "2001:db8:::/32", "1/132"]) {
      const e = errorOf(["cidr"], v);
      expect(e).toBeInstanceOf(SigmaTypeError);
      expect(e.message.startsWith(`Invalid CIDR expression: `)).toBe(true);
    }
  });

  it("exists: needs a field", () => {
    const e = errorOf(["exists"], true, null);
    expect(e).toBeInstanceOf(SigmaValueError);
    expect(e.message).toBe("Exists modifier must be applied to field");
  });

  it("exists: only on unmodified boolean values (spec: 'field required, unmodified')", () => {
    for (const mods of [["all", "exists"], ["neq", "exists"]]) {
      const e = errorOf(mods, true);
      expect(e).toBeInstanceOf(SigmaValueError);
      expect(e.message).toBe("Exists modifier only applicable to unmodified boolean values");
    }
  });

  it("fieldref: no wildcards", () => {
    for (const v of ["field*", "fi?ld"]) {
      const e = errorOf(["fieldref"], v);
      expect(e).toBeInstanceOf(SigmaValueError);
      expect(e.message).toBe("Field references must not contain wildcards");
    }
  });
});

describe("modifier names (SigmaModifierError)", () => {
  it.each(["utf16le", "Contains", "contain", "base64_offset", ""])("unknown modifier %j", (name) => {
    const e = errorOf(["contains", name], "x");
    expect(e).toBeInstanceOf(SigmaModifierError);
    expect(e.message).toBe(`Unknown modifier '${name}'`);
  });
});

describe("errors from a rule keep the value's place", () => {
  const rule = (key: string, value: string): string =>
    `title: t\nlogsource: {product: p}\ndetection:\n  sel:\n    ${key}: ${value}\n  condition: sel\n`;

  it.each([
    ["fieldA|gt", "abc", SigmaTypeError],
    ["fieldA|wide", "é", SigmaValueError],
    ["fieldA|base64", "'a*'", SigmaValueError],
    ["fieldA|cased|cidr", "10.0.0.0/8", SigmaValueError],
    ["fieldA|all|exists", "true", SigmaValueError],
    ["fieldA|re", "'(abc'", SigmaRegularExpressionError],
    ["fieldA|nope", "x", SigmaModifierError],
  ] as const)("%s: %s", (key, value, cls) => {
    try {
      parseCollection(rule(key, value), { path: "r.yml" });
      expect.unreachable("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(cls);
      const err = e as SigmaError;
      expect(err.location?.path).toBe("r.yml");
      expect(err.location?.line).toBe(5);
      expect(err.location?.column).toBeGreaterThan(0);
    }
  });
});
