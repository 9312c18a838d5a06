/**
 * The text base through the test backend. Expected queries follow from the test language's
 * definition in testing/test-backend.ts (`field="value"`, AND/OR/NOT, `IN (…)` lists …), written by
 * hand from that definition.
 */
import { describe, expect, it } from "vitest";
import { parseCollection } from "@sigma/core";
import { convert } from "./convert.js";
import { createTextQueryBackend } from "./text.js";
import { createTestBackend } from "./testing/test-backend.js";
import type { ConvertOptions } from "./types.js";

const backend = createTestBackend();

function rule(detection: string, extra = ""): string {
  return `title: Test
logsource:
  category: test
detection:
${detection
  .trim()
  .split("\n")
  .map((l) => `  ${l}`)
  .join("\n")}
${extra}`;
}

function queries(yaml: string, options: ConvertOptions = {}): unknown[] {
  const out = convert(backend, parseCollection(yaml), options);
  expect(out.errors.map((e) => e.toString())).toEqual([]);
  return out.results.flatMap((r) => r.queries);
}

function errors(yaml: string, options: ConvertOptions = {}): string[] {
  return convert(backend, parseCollection(yaml), options).errors.map((e) => e.message);
}

const noNot: ConvertOptions = { options: { no_not: "true" } };

describe("text base: boolean structure", () => {
  it("joins a map with AND and a list with OR", () => {
    expect(queries(rule("sel:\n  a: x\n  b: 1\ncondition: sel"))).toEqual(['a="x" AND b=1']);
    expect(queries(rule("sel:\n  - a: x\n  - b: y\ncondition: sel"))).toEqual(['a="x" OR b="y"']);
  });

  it("groups an OR inside an AND, not an AND inside an OR", () => {
    expect(queries(rule("sel:\n  a: [x, 'y*']\n  b: z\ncondition: sel"))).toEqual(['(a="x" OR a="y*") AND b="z"']);
    expect(queries(rule("s1:\n  a: x\n  b: y\ns2:\n  c: z\ncondition: s1 or s2"))).toEqual([
      'a="x" AND b="y" OR c="z"',
    ]);
  });

  it("writes NOT with grouping when the language has NOT", () => {
    expect(queries(rule("s1:\n  a: x\ns2:\n  b: y\n  c: z\ncondition: s1 and not s2"))).toEqual([
      'a="x" AND NOT (b="y" AND c="z")',
    ]);
  });

  it("pushes negation to the leaves when the language has no NOT (De Morgan)", () => {
    expect(queries(rule("s1:\n  a: x\ns2:\n  b: y\n  c: z\ncondition: s1 and not s2"), noNot)).toEqual([
      'a="x" AND (b!="y" OR c!="z")',
    ]);
    expect(queries(rule("s1:\n  a: x\ns2:\n  b: [y, 5]\ncondition: not (s1 or s2)"), noNot)).toEqual([
      'a!="x" AND b NOT IN ("y", 5)',
    ]);
  });

  it("gives one query per condition of a condition list", () => {
    expect(queries(rule("s1:\n  a: x\ns2:\n  b: y\ncondition:\n  - s1\n  - s2"))).toEqual(['a="x"', 'b="y"']);
  });
});

describe("text base: values", () => {
  it("quotes and escapes strings and renders wildcards", () => {
    expect(queries(rule(`sel:\n  a: 'say "hi" \\*now*'\ncondition: sel`))).toEqual([String.raw`a="say \"hi\" \*now*"`]);
  });

  it("uses the field quote for names that need it", () => {
    expect(queries(rule("sel:\n  'my field': x\ncondition: sel"))).toEqual([`'my field'="x"`]);
  });

  it("converts regexes with flags, CIDR, comparisons, null, exists, booleans and field references", () => {
    expect(queries(rule(`sel:\n  a|re|i: 'x"y.*'\ncondition: sel`))).toEqual([String.raw`a=~"(?i)x\"y.*"`]);
    expect(queries(rule("sel:\n  ip|cidr: 10.0.0.0/8\ncondition: sel"))).toEqual(['cidrmatch("10.0.0.0/8", ip)']);
    expect(queries(rule("sel:\n  n|gte: 5\ncondition: sel"))).toEqual(["n>=5"]);
    expect(queries(rule("sel:\n  n|lt: 5\ncondition: not sel"), noNot)).toEqual(["n>=5"]);
    expect(queries(rule("sel:\n  a: null\ncondition: sel"))).toEqual(["a=null"]);
    expect(queries(rule("sel:\n  a|exists: true\ncondition: sel"))).toEqual(["a=*"]);
    expect(queries(rule("sel:\n  a|exists: true\ncondition: not sel"), noNot)).toEqual(["isnull(a)"]);
    expect(queries(rule("sel:\n  a: true\ncondition: sel"))).toEqual(["a=true"]);
    expect(queries(rule("sel:\n  a|fieldref: b\ncondition: sel"))).toEqual(["a==field(b)"]);
    expect(queries(rule("sel:\n  a|cased: Xy\ncondition: sel"))).toEqual(['a==="Xy"']);
  });

  it("writes an OR of plain values on one field as an IN list, and a negated one as NOT IN", () => {
    expect(queries(rule("sel:\n  a: [x, y, 3]\ncondition: sel"))).toEqual(['a IN ("x", "y", 3)']);
    expect(queries(rule("sel:\n  a: [x, y]\ncondition: not sel"), noNot)).toEqual(['a NOT IN ("x", "y")']);
    expect(queries(rule("sel:\n  a: [x, 'y*']\ncondition: sel"))).toEqual(['a="x" OR a="y*"']);
  });

  it("expands expansion values into an OR, an AND of negated alternatives when negated", () => {
    expect(queries(rule("sel:\n  a|windash|contains: -x\ncondition: sel"))[0]).toBe(
      'a="*-x*" OR a="*/x*" OR a="*–x*" OR a="*—x*" OR a="*―x*"',
    );
    expect(queries(rule("sel:\n  a|windash|contains: -x\ncondition: not sel"), noNot)[0]).toBe(
      'a!="*-x*" AND a!="*/x*" AND a!="*–x*" AND a!="*—x*" AND a!="*―x*"',
    );
  });
});

describe("text base: keywords and deferred parts", () => {
  it("writes keywords in place", () => {
    expect(queries(rule("kw:\n  - foo\n  - 42\ncondition: kw"))).toEqual(['"foo" OR 42']);
  });

  it("appends deferred keyword parts after the main expression, negated by NOT", () => {
    const options: ConvertOptions = { options: { deferred_keywords: true } };
    expect(queries(rule("sel:\n  a: x\nkw:\n  - foo\ncondition: sel and not kw"), options)).toEqual([
      'a="x" | search NOT "foo"',
    ]);
    expect(queries(rule("kw:\n  - foo\nkw2:\n  - bar\ncondition: kw and kw2"), options)).toEqual([
      '* | search "foo" | search "bar"',
    ]);
  });

  it("rejects an OR between a deferred part and something else", () => {
    const options: ConvertOptions = { options: { deferred_keywords: true } };
    expect(errors(rule("sel:\n  a: x\nkw:\n  - foo\ncondition: sel or kw"), options)).toEqual([
      "Operator 'or' not supported by the backend for conditions that become deferred query parts.",
    ]);
  });

  it("rejects unbound booleans and CIDR values with the reference's messages (§4.2)", () => {
    expect(errors(rule("kw:\n  - true\ncondition: kw"))).toEqual([
      "Boolean values can't appear as standalone value without a field name.",
    ]);
  });
});

describe("text base: options and templates", () => {
  it("applies a string option through the configuration function", () => {
    expect(queries(rule("sel:\n  a: x\ncondition: sel"), { options: { prefix: "index=main " } })).toEqual([
      'index=main a="x"',
    ]);
  });

  it("reports placeholders that no pipeline resolved", () => {
    expect(errors(rule("sel:\n  a|expand: '%admins%'\ncondition: sel"))).toEqual([
      "Attempt to convert unhandled placeholder 'admins' into query.",
    ]);
  });

  it("reports timestamp parts as not supported", () => {
    expect(errors(rule("sel:\n  t|week: 3\ncondition: sel"))).toEqual([
      "Field equals week value expressions are not supported by the backend",
    ]);
  });
});

describe("text base: a minimal configuration", () => {
  const mini = createTextQueryBackend<Record<string, never>>(
    { name: "Mini", identifier: "mini", formats: { default: "" }, defaultFormat: "default", options: {}, correlationMethods: {} },
    {
      tokens: { and: "AND", or: "OR", not: "NOT" },
      group: "({expr})",
      string: { quote: '"', escapeChar: "\\", wildcardMulti: "*", wildcardSingle: "?" },
      eq: { template: "{field}={value}" },
      exists: { exists: "{field}=*" },
    },
  );
  const run = (detection: string) => convert(mini, parseCollection(rule(detection)));

  it("converts what it has templates for", () => {
    expect(run("sel:\n  a: x\n  b: [1, 2]\ncondition: sel").output).toEqual(['a="x" AND (b=1 OR b=2)']);
  });

  it("writes exists: false as NOT exists when there is no dedicated template", () => {
    expect(run("sel:\n  a|exists: false\ncondition: sel").output).toEqual(["NOT a=*"]);
  });

  it("fails conditions without a template with a collectable error naming the feature", () => {
    const out = run("sel:\n  a|re: x.*\ns2:\n  b|gt: 3\ncondition: sel or s2");
    expect(out.errors.map((e) => e.message)).toEqual(["Regular expressions are not supported by the backend."]);
    expect(run("sel:\n  b|gt: 3\ncondition: sel").errors.map((e) => e.message)).toEqual([
      "Comparison operations are not supported by the backend.",
    ]);
    expect(run("sel:\n  - foo\ncondition: sel").errors.map((e) => e.message)).toEqual([
      "Keyword (unbound value) searches are not supported by the backend.",
    ]);
  });
});
