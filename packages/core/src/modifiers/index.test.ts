import { describe, expect, it } from "vitest";
import {
  SigmaDetectionError,
  SigmaModifierError,
  SigmaRegularExpressionError,
  SigmaTypeError,
  SigmaValueError,
} from "../errors.js";
import type { RawValue, SigmaValue } from "../model/values.js";
import { parseSigmaString, plainSigmaString, sigmaStringToString } from "../values/string.js";
import { MODIFIERS, buildDetectionItem } from "./index.js";

const raw = (...values: RawValue["value"][]): RawValue[] => values.map((value) => ({ value }));
const values = (mods: string[], ...vals: RawValue["value"][]): SigmaValue[] =>
  buildDetectionItem("fieldA", mods, raw(...vals)).values;
const one = (mods: string[], v: RawValue["value"]): SigmaValue => values(mods, v)[0] as SigmaValue;
/** Text of string values (pySigma str()), expansions flattened. */
const texts = (v: SigmaValue): string[] => {
  if (v.type === "expansion") return v.values.flatMap(texts);
  if (v.type === "string") return [sigmaStringToString(v)];
  throw new Error(`not a string: ${v.type}`);
};

describe("registry", () => {
  it("has the 33 pySigma ids and not utf16le", () => {
    expect(MODIFIERS.size).toBe(33);
    expect(MODIFIERS.has("utf16le")).toBe(false);
    for (const id of ["ignorecase", "multiline", "dotall", "neq", "week", "expand"]) expect(MODIFIERS.has(id)).toBe(true);
  });
});

describe("buildDetectionItem", () => {
  it("plain values: OR-linked, strings with wildcards, numbers, booleans", () => {
    const item = buildDetectionItem("fieldA", [], raw("a*", 100, 1.5, true));
    expect(item.linking).toBe("or");
    expect(item.negated).toBe(false);
    expect(item.values).toEqual([
      parseSigmaString("a*"),
      { type: "number", value: 100 },
      { type: "number", value: 1.5 },
      { type: "bool", value: true },
    ]);
  });

  it("empty list is a single null value", () => {
    expect(buildDetectionItem("fieldA", [], []).values).toEqual([{ type: "null" }]);
  });

  it("null bound to no field is an error", () => {
    expect(() => buildDetectionItem(null, [], raw(null))).toThrow(SigmaDetectionError);
    expect(() => buildDetectionItem(null, [], [])).toThrow("Null value must be bound to a field");
  });

  it("empty field name is a keyword item", () => {
    expect(buildDetectionItem("", [], raw("v")).field).toBeNull();
  });

  it("unknown modifier", () => {
    expect(() => buildDetectionItem("f", ["contains", "foo"], raw("x"))).toThrow(SigmaModifierError);
    expect(() => buildDetectionItem("f", ["utf16le", "base64offset", "contains"], raw("ping"))).toThrow(
      "Unknown modifier 'utf16le'",
    );
  });

  it("keeps locations of values on errors", () => {
    try {
      buildDetectionItem("f", ["gt"], [{ value: "x", location: { line: 3, column: 9 } }]);
      expect.unreachable();
    } catch (e) {
      expect((e as SigmaTypeError).location).toEqual({ line: 3, column: 9 });
    }
  });
});

describe("contains / startswith / endswith", () => {
  it("strings get wildcards where absent (E18, E20)", () => {
    expect(texts(one(["contains"], "ooba"))).toEqual(["*ooba*"]);
    expect(texts(one(["contains"], "*ooba"))).toEqual(["*ooba*"]);
    expect(texts(one(["contains"], ""))).toEqual(["*"]);
    expect(texts(one(["startswith"], "valueA"))).toEqual(["valueA*"]);
    expect(texts(one(["endswith"], "\\cmd.exe"))).toEqual(["*\\cmd.exe"]);
  });
  it("regexes get .* unless already there or anchored", () => {
    expect(one(["re", "contains"], "foo")).toMatchObject({ type: "regex", pattern: ".*foo.*" });
    expect(one(["re", "contains"], "^foo$")).toMatchObject({ pattern: "^foo$" });
    expect(one(["re", "contains"], ".*foo.*")).toMatchObject({ pattern: ".*foo.*" });
    expect(one(["re", "startswith"], "foo")).toMatchObject({ pattern: "foo.*" });
    expect(one(["re", "endswith"], "foo")).toMatchObject({ pattern: ".*foo" });
  });
  it("field references get flags", () => {
    expect(one(["fieldref", "contains"], "fieldB")).toEqual({ type: "fieldref", field: "fieldB", startsWith: true, endsWith: true });
    expect(one(["fieldref", "startswith"], "fieldB")).toMatchObject({ startsWith: true, endsWith: false });
    expect(one(["fieldref", "endswith"], "fieldB")).toMatchObject({ startsWith: false, endsWith: true });
  });
  it("numbers are used as text", () => {
    expect(texts(one(["contains"], 429))).toEqual(["*429*"]);
  });
  it("type error on booleans", () => {
    expect(() => buildDetectionItem("f", ["contains"], raw(true))).toThrow(
      new SigmaTypeError("Modifier SigmaContainsModifier incompatible to value type of 'True'"),
    );
  });
});

describe("all / neq", () => {
  it("all links with AND (E11)", () => {
    const item = buildDetectionItem("fieldA", ["all"], raw("valueA", "valueB"));
    expect(item.linking).toBe("and");
    expect(item.values.map(texts).flat()).toEqual(["valueA", "valueB"]);
  });
  it("contains|all (E12)", () => {
    const item = buildDetectionItem("fieldA", ["contains", "all"], raw("valueA", "valueB"));
    expect(item.linking).toBe("and");
    expect(item.values.map(texts).flat()).toEqual(["*valueA*", "*valueB*"]);
  });
  it("neq negates the item", () => {
    const item = buildDetectionItem("fieldA", ["neq"], raw("valueA", "valueB"));
    expect(item.negated).toBe(true);
    expect(item.linking).toBe("or");
    expect(buildDetectionItem("fieldA", ["neq"], raw(42)).values).toEqual([{ type: "number", value: 42 }]);
  });
});

describe("encodings", () => {
  it("base64 (E28)", () => {
    expect(texts(one(["base64"], "value"))).toEqual(["dmFsdWU="]);
    expect(texts(one(["base64"], "valueA"))).toEqual(["dmFsdWVB"]);
  });
  it("base64 with wildcards is an error", () => {
    expect(() => one(["base64"], "val*")).toThrow(new SigmaValueError("Base64 encoding of strings with wildcards is not allowed"));
    expect(() => one(["base64offset"], "val?")).toThrow("Base64 encoding of strings with wildcards is not allowed");
  });
  it("base64offset (E29 and conformance)", () => {
    expect(texts(one(["base64offset", "contains"], "value"))).toEqual(["*dmFsdW*", "*ZhbHVl*", "*2YWx1Z*"]);
    expect(texts(one(["base64offset"], "valueA"))).toEqual(["dmFsdWVB", "ZhbHVlQ", "2YWx1ZU"]);
    expect(texts(one(["base64offset", "contains"], "http://"))).toEqual(["*aHR0cDovL*", "*h0dHA6Ly*", "*odHRwOi8v*"]);
  });
  it("wide", () => {
    expect(texts(one(["wide"], "valueA"))).toEqual(["v\0a\0l\0u\0e\0A\0"]);
    expect(texts(one(["wide", "base64offset", "contains"], "ping"))).toEqual(["*cABpAG4AZw*", "*AAaQBuAGcA*", "*wAGkAbgBnA*"]);
    expect(() => one(["wide"], "é")).toThrow(SigmaValueError);
  });
  it("utf16be", () => {
    expect(texts(one(["utf16be"], "valueA"))).toEqual(["\0v\0a\0l\0u\0e\0A"]);
    expect(texts(one(["utf16be", "base64", "contains"], "ping"))).toEqual(["*AHAAaQBuAGc=*"]);
  });
  it("utf16 keeps the BOM as a character (QUIRK)", () => {
    expect(texts(one(["utf16"], "valueA"))).toEqual(["\uFEFFv\0a\0l\0u\0e\0A\0"]);
    expect(texts(one(["utf16", "base64"], "ab"))).toEqual(["77u/YQBiAA=="]);
    expect(texts(one(["utf16", "base64offset", "contains"], "ping"))).toEqual([
      "*77u/cABpAG4AZwA=*",
      "*+7v3AAaQBuA*",
      "*vu79wAGkAbgBnAA*",
    ]);
  });
});

describe("windash", () => {
  const dashes = ["-", "/", "–", "—", "―"];
  it("-foo gives 5 variants (E30)", () => {
    expect(texts(one(["windash"], "-foo"))).toEqual(dashes.map((d) => `${d}foo`));
  });
  it("with contains (conformance chain_windash_contains)", () => {
    expect(texts(one(["windash", "contains"], " -enc "))).toEqual(dashes.map((d) => `* ${d}enc *`));
  });
  it("all combinations for several dashes, first dash varies slowest", () => {
    const out = texts(one(["windash"], "-a /b"));
    expect(out).toHaveLength(25);
    expect(out.slice(0, 6)).toEqual(["-a -b", "-a /b", "-a –b", "-a —b", "-a ―b", "/a -b"]);
  });
  it("only dashes matching \\B[-/]\\b", () => {
    expect(texts(one(["windash"], "a-b"))).toEqual(["a-b"]);
    expect(texts(one(["windash"], "- x"))).toEqual(["- x"]);
    expect(texts(one(["windash"], "--foo"))).toEqual(dashes.map((d) => `-${d}foo`));
    expect(texts(one(["windash"], "*-foo"))).toEqual(dashes.map((d) => `*${d}foo`));
  });
});

describe("re and flags", () => {
  it("keeps the original text (E23, conformance chain_re_escapes)", () => {
    expect(one(["re"], "foo.*bar")).toEqual({ type: "regex", pattern: "foo.*bar", flags: [] });
    expect(one(["re"], "\\\\d+\\\\.\\\\d+`x")).toEqual({ type: "regex", pattern: "\\\\d+\\\\.\\\\d+`x", flags: [] });
    expect(one(["re"], "a\\*b")).toMatchObject({ pattern: "a\\*b" });
  });
  it("flags sorted and de-duplicated", () => {
    expect(one(["re", "s", "m", "i"], "valueA")).toEqual({ type: "regex", pattern: "valueA", flags: ["i", "m", "s"] });
    expect(one(["re", "ignorecase", "i"], "x")).toMatchObject({ flags: ["i"] });
    expect(one(["re", "multiline"], "^x$")).toMatchObject({ flags: ["m"] });
    expect(one(["re", "dotall"], "a.*b")).toMatchObject({ flags: ["s"] });
  });
  it("flags without re are type errors (conformance m/s/dotall)", () => {
    expect(() => one(["m"], "valueA")).toThrow(
      new SigmaTypeError("Modifier SigmaRegularExpressionMultilineFlagModifier incompatible to value type of 'valueA'"),
    );
    expect(() => one(["multiline"], "valueA")).toThrow("Modifier SigmaRegularExpressionMultilineFlagModifier incompatible to value type of 'valueA'");
    expect(() => one(["s"], "valueA")).toThrow("Modifier SigmaRegularExpressionDotAllFlagModifier incompatible to value type of 'valueA'");
    expect(() => one(["dotall"], "valueA")).toThrow("Modifier SigmaRegularExpressionDotAllFlagModifier incompatible to value type of 'valueA'");
    expect(() => one(["i"], "valueA")).toThrow("Modifier SigmaRegularExpressionIgnoreCaseFlagModifier incompatible to value type of 'valueA'");
  });
  it("must be first", () => {
    expect(() => one(["contains", "re"], "foo")).toThrow(
      new SigmaValueError("Regular expression modifier only applicable to unmodified values"),
    );
  });
  it("invalid regexes", () => {
    expect(() => one(["re"], "(abc")).toThrow(SigmaRegularExpressionError);
    expect(() => one(["re"], "a{2,1}")).toThrow(SigmaRegularExpressionError);
  });
  it("accepts Python syntax", () => {
    expect(one(["re"], "(?i)foo(?P<n>bar)(?P=n)\\Z")).toMatchObject({ type: "regex" });
    expect(one(["re"], "[]a]")).toMatchObject({ type: "regex" });
    expect(one(["re"], "(?i:abc)(?-i:d)x(?#comment)")).toMatchObject({ pattern: "(?i:abc)(?-i:d)x(?#comment)" });
    expect(() => one(["re"], "(?i:abc")).toThrow(SigmaRegularExpressionError);
  });
});

describe("cased, cidr, compare, exists, fieldref, expand, timestamp parts", () => {
  it("cased (E21)", () => {
    expect(one(["cased"], "fooBAR")).toEqual(plainSigmaString("fooBAR", true));
    const v = one(["cased", "startswith"], "foo");
    expect(v).toMatchObject({ cased: true });
    expect(texts(v)).toEqual(["foo*"]);
    expect(one(["contains", "cased"], "ValueA")).toMatchObject({ cased: true, parts: [{ kind: "wildcard" }, "ValueA", { kind: "wildcard" }] });
  });
  it("cidr", () => {
    expect(one(["cidr"], "192.0.0.0/8")).toMatchObject({ type: "cidr", cidr: "192.0.0.0/8", version: 4, prefixLength: 8 });
    expect(one(["cidr"], "2001:db8::/32")).toMatchObject({ type: "cidr", version: 6 });
    expect(() => one(["cidr"], "not-a-net")).toThrow(/^Invalid CIDR expression: /);
    expect(() => one(["cidr"], "10.1.2.3/8")).toThrow("Invalid CIDR expression: 10.1.2.3/8 has host bits set");
    expect(() => one(["cased", "cidr"], "10.0.0.0/8")).toThrow(SigmaValueError);
  });
  it("lt/lte/gt/gte (E31)", () => {
    expect(one(["gt"], 1)).toEqual({ type: "compare", op: "gt", value: 1 });
    expect(one(["lte"], 2.5)).toEqual({ type: "compare", op: "lte", value: 2.5 });
    expect(one(["lte"], -10)).toEqual({ type: "compare", op: "lte", value: -10 });
    expect(one(["lt"], 1)).toMatchObject({ op: "lt" });
    expect(one(["gte"], 1)).toMatchObject({ op: "gte" });
    expect(() => one(["gt"], "abc")).toThrow(new SigmaTypeError("Modifier SigmaGreaterThanModifier incompatible to value type of 'abc'"));
  });
  it("exists (E32)", () => {
    expect(one(["exists"], true)).toEqual({ type: "exists", exists: true });
    expect(one(["exists"], false)).toEqual({ type: "exists", exists: false });
    expect(() => buildDetectionItem(null, ["exists"], raw(true))).toThrow(new SigmaValueError("Exists modifier must be applied to field"));
    expect(() => one(["exists"], "yes please")).toThrow(SigmaTypeError);
  });
  it("fieldref (E34)", () => {
    expect(one(["fieldref"], "fieldA")).toEqual({ type: "fieldref", field: "fieldA", startsWith: false, endsWith: false });
    expect(() => one(["fieldref"], "field*")).toThrow(new SigmaValueError("Field references must not contain wildcards"));
  });
  it("expand", () => {
    const v = one(["expand"], "%test%");
    expect(v).toEqual({ type: "string", cased: false, parts: [{ kind: "placeholder", name: "test" }] });
    expect(texts(v)).toEqual(["%test%"]);
    expect(one(["expand"], "a%Admins%b*")).toMatchObject({
      parts: ["a", { kind: "placeholder", name: "Admins" }, "b", { kind: "wildcard" }],
    });
    // Issue 16: pySigma drops the backslash of an escaped `%` (`CORP\%admins%` → `CORP%admins%`).
    expect(one(["expand"], "\\%x%")).toMatchObject({ parts: ["%x%"] });
    expect(one(["expand"], "CORP\\%admins%")).toMatchObject({ parts: ["CORP%admins%"] });
    expect(one(["expand"], "%a%\\%b%")).toMatchObject({ parts: [{ kind: "placeholder", name: "a" }, "%b%"] });
    // A name is word characters (Python's `\w+`): `%DC-NAME%` is text.
    expect(one(["expand"], "%DC-NAME%")).toMatchObject({ parts: ["%DC-NAME%"] });
    expect(one(["expand"], "%Ä_1%")).toMatchObject({ parts: [{ kind: "placeholder", name: "Ä_1" }] });
  });
  it.each(["minute", "hour", "day", "week", "month", "year"] as const)("%s (E33)", (part) => {
    expect(one([part], 3)).toEqual({ type: "timestamp_part", part, value: { type: "number", value: 3 } });
  });
  it("hour|gt", () => {
    expect(one(["hour", "gt"], 3)).toEqual({ type: "timestamp_part", part: "hour", value: { type: "compare", op: "gt", value: 3 } });
    expect(() => one(["hour"], "x")).toThrow("Modifier SigmaTimestampHourModifier incompatible to value type of 'x'");
  });
});
