/**
 * The text base setting by setting. Each test builds a language from a few settings and checks
 * the queries it writes; expected texts follow from the settings' definitions (pySigma's
 * `TextQueryBackend` attributes), written by hand.
 */
import { describe, expect, it } from "vitest";
import { parseCollection } from "@sigma/core";
import { convert } from "../convert.js";
import type { ConvertOptions } from "../types.js";
import { createTextQueryBackend } from "./backend.js";
import type { TextQueryHooks } from "./hooks.js";
import type { TextQuerySettings } from "./settings.js";

const basic: TextQuerySettings = {
  tokens: { and: "and", or: "or", not: "not", eq: "=" },
  group: "({expr})",
  string: { quote: '"', wildcardMulti: "*", wildcardSingle: "?" },
};

function backend(settings: Partial<TextQuerySettings>, hooks?: TextQueryHooks) {
  return createTextQueryBackend(
    { name: "T", identifier: "t", formats: { default: "" }, defaultFormat: "default", options: {}, correlationMethods: { m: "" } },
    { ...basic, ...settings },
    hooks,
  );
}

function rule(detection: string): string {
  const body = detection
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return `title: Test\nlogsource:\n  category: test\ndetection:\n${body}\n`;
}

function run(settings: Partial<TextQuerySettings>, detection: string, hooks?: TextQueryHooks, options: ConvertOptions = {}) {
  return convert(backend(settings, hooks), parseCollection(rule(detection)), options);
}

/** The queries, failing on errors. */
function q(settings: Partial<TextQuerySettings>, detection: string, hooks?: TextQueryHooks): unknown[] {
  const out = run(settings, detection, hooks);
  expect(out.errors.map((e) => e.message)).toEqual([]);
  return out.output as unknown[];
}

/** The error messages. */
function e(settings: Partial<TextQuerySettings>, detection: string, hooks?: TextQueryHooks): string[] {
  return run(settings, detection, hooks).errors.map((err) => err.message);
}

describe("boolean operators and precedence", () => {
  const both = "s1:\n  a: 1\ns2:\n  b: 2\ns3:\n  c: 3";

  it("groups an operand that binds looser than its operator (NOT > AND > OR)", () => {
    expect(q({}, `${both}\ncondition: s1 and (s2 or s3)`)).toEqual(["a=1 and (b=2 or c=3)"]);
    expect(q({}, `${both}\ncondition: s1 or s2 and s3`)).toEqual(["a=1 or b=2 and c=3"]);
  });

  it("follows another precedence: SPL binds OR tighter than AND", () => {
    const spl: Partial<TextQuerySettings> = { precedence: ["not", "or", "and"] };
    expect(q(spl, `${both}\ncondition: s1 and (s2 or s3)`)).toEqual(["a=1 and b=2 or c=3"]);
    expect(q(spl, `${both}\ncondition: s1 or s2 and s3`)).toEqual(["a=1 or (b=2 and c=3)"]);
  });

  it("groups every compound operand with parenthesize", () => {
    expect(q({ parenthesize: true }, `${both}\ncondition: s1 or s2 and s3`)).toEqual(["a=1 or (b=2 and c=3)"]);
    expect(q({ parenthesize: true }, `${both}\ncondition: s1 and s2 and s3`)).toEqual(["a=1 and b=2 and c=3"]);
  });

  it("groups what NOT applies to unless it is one condition, as pySigma does", () => {
    expect(q({}, `${both}\ncondition: not s1 and not (s2 or s3)`)).toEqual(["not a=1 and not (b=2 or c=3)"]);
    expect(q({}, `${both}\ncondition: not not s1`)).toEqual(["not (not a=1)"]);
  });

  it("uses the token separator, and does not pad a token that is the separator", () => {
    expect(q({ tokens: { and: " ", or: "OR", not: "NOT", separator: " " } }, "sel:\n  a: 1\n  b: 2\ncondition: sel")).toEqual(["a=1 b=2"]);
    expect(q({ tokens: { and: "&&", or: "||", not: "!", separator: "" } }, `${both}\ncondition: s1 && !s2`.replace("&& !", "and not "))).toEqual([
      "a=1&&!b=2",
    ]);
  });

  it("fails a condition that needs grouping without a group template", () => {
    expect(e({ group: undefined }, `${both}\ncondition: s1 and (s2 or s3)`)).toEqual(["Group expressions are not supported by the backend"]);
  });
});

describe("languages without NOT", () => {
  const noNot: Partial<TextQuerySettings> = {
    tokens: { and: "and", or: "or", eq: "=", notEq: "!=" },
    compare: { expression: "{field}{operator}{value}", operators: { lt: "<", lte: "<=", gt: ">", gte: ">=" } },
    exists: { exists: "has({field})", notExists: "missing({field})" },
    inList: { expression: "{field} {op} ({list})", orOperator: "in", notOrOperator: "notin", separator: "," },
  };

  it("pushes negation to the leaves with De Morgan and uses the negated forms", () => {
    expect(q(noNot, "s1:\n  a: x\ns2:\n  b: y\n  c: 3\ncondition: s1 and not s2")).toEqual(['a="x" and (b!="y" or c!=3)']);
    expect(q(noNot, "s1:\n  n|lt: 5\ncondition: not s1")).toEqual(["n>=5"]);
    expect(q(noNot, "s1:\n  a|exists: true\ncondition: not s1")).toEqual(["missing(a)"]);
  });

  it("writes an AND of negated equalities as a negated list", () => {
    expect(q(noNot, "s1:\n  a: [x, 2]\ncondition: not s1")).toEqual(['a notin ("x",2)']);
  });

  it("fails negated conditions whose template has no negated form", () => {
    expect(e({ ...noNot, null: { template: "{field} is null" } }, "s1:\n  a: null\ncondition: not s1")).toEqual([
      "Negated null conditions are not supported by the backend.",
    ]);
  });
});

describe("field names", () => {
  it("quotes names the pattern does not match (pySigma's negation default)", () => {
    const s = { fieldName: { quote: "'", quotePattern: /^\w+$/ } };
    expect(q(s, "sel:\n  'my field': 1\n  plain: 2\ncondition: sel")).toEqual(["'my field'=1 and plain=2"]);
  });

  it("quotes names the pattern matches with quotePatternNegation false, and always without a pattern", () => {
    expect(q({ fieldName: { quote: "`", quotePattern: /^a/, quotePatternNegation: false } }, "sel:\n  ab: 1\n  b: 2\ncondition: sel")).toEqual([
      "`ab`=1 and b=2",
    ]);
    expect(q({ fieldName: { quote: "`" } }, "sel:\n  b: 2\ncondition: sel")).toEqual(["`b`=2"]);
  });

  it("escapes pattern matches and the quote before quoting", () => {
    const s = { fieldName: { quote: "'", escape: "\\", escapePattern: /\s/g } };
    expect(q(s, "sel:\n  \"it's a\": 1\ncondition: sel")).toEqual(["'it\\'s\\ a'=1"]);
    expect(q({ fieldName: { ...s.fieldName, escapeQuote: false } }, "sel:\n  \"it's\": 1\ncondition: sel")).toEqual(["'it's'=1"]);
  });

  it("uses the quoteField hook everywhere names are written", () => {
    const hooks: TextQueryHooks = { quoteField: (name, standard) => standard(name.toUpperCase()) };
    expect(q({}, "sel:\n  a: 1\n  b: [x, y]\ncondition: sel", hooks)).toEqual(['A=1 and (B="x" or B="y")']);
  });
});

describe("strings", () => {
  it("escapes the quote, wildcard characters that are text and addEscaped; drops filterChars", () => {
    const s = { string: { quote: '"', escape: "\\", wildcardMulti: "%", wildcardSingle: "_", addEscaped: ":", filterChars: "&" } };
    expect(q(s, String.raw`sel:` + "\n" + String.raw`  a: 'x"y:%_&z\*?'` + "\ncondition: sel")).toEqual([String.raw`a="x\"y\:\%\_z*_"`]);
  });

  it("quotes strings as the quote pattern says", () => {
    const s = { string: { quote: "'", quotePattern: /^\d+$/, wildcardMulti: "*" } };
    expect(q(s, "sel:\n  a: '42'\n  b: x\ncondition: sel")).toEqual(["a=42 and b='x'"]);
  });

  it("fails a wildcard the language has no rendering for", () => {
    expect(e({ string: { quote: '"', wildcardMulti: "*" } }, "sel:\n  a: 'x?'\ncondition: sel")).toEqual([
      "Single-character wildcard not specified for conversion",
    ]);
  });

  it("picks startswith, endswith, contains, wildcard match, else equality", () => {
    const s: Partial<TextQuerySettings> = {
      stringMatch: {
        startsWith: { template: "{field} sw {value}" },
        endsWith: { template: "{field} ew {value}" },
        contains: { template: "{field} ct {value}" },
        wildcard: { template: "{field} like {value}" },
      },
    };
    expect(q(s, "sel:\n  a|startswith: x\n  b|endswith: y\n  c|contains: z\n  d: 'p*q'\n  e: plain\ncondition: sel")).toEqual([
      'a sw "x" and b ew "y" and c ct "z" and d like "p*q" and e="plain"',
    ]);
    // A wildcard left inside the value: not startswith unless allowSpecial.
    expect(q(s, "sel:\n  a: 'x?y*'\ncondition: sel")).toEqual(['a like "x?y*"']);
    const special = { stringMatch: { startsWith: { template: "{field} sw {value}", allowSpecial: true } } };
    expect(q(special, "sel:\n  a: 'x?y*'\ncondition: sel")).toEqual(['a sw "x?y"']);
  });

  it("offers the value as a regex in {regex}", () => {
    const s = { stringMatch: { wildcard: { template: "{field} =~ /{regex}/" } }, regex: { escaped: ["/"] } };
    expect(q(s, "sel:\n  a: 'x.y/*'\ncondition: sel")).toEqual(["a =~ /x\\\\.y\\/.*/"]);
  });

  it("writes case-sensitive strings with the cased forms, and fails without them", () => {
    const s = { casedMatch: { match: { template: "{field} == {value}" }, endsWith: { template: "{field} ends {value}" } } };
    expect(q(s, "sel:\n  a|cased: Xy\n  b|cased|endswith: Z\ncondition: sel")).toEqual(['a == "Xy" and b ends "Z"']);
    expect(e({}, "sel:\n  a|cased: Xy\ncondition: sel")).toEqual(["Case-sensitive string matching is not supported by backend."]);
  });

  it("reports placeholders that no pipeline resolved", () => {
    expect(e({}, "sel:\n  a|expand: '%admins%'\ncondition: sel")[0]).toMatch(/^Attempt to convert unhandled placeholder 'admins' into query\./);
  });
});

describe("other values", () => {
  it("writes numbers and booleans after the eq token", () => {
    expect(q({ bool: { true: "T", false: "F" } }, "sel:\n  a: 1.5\n  b: true\n  c: false\ncondition: sel")).toEqual(["a=1.5 and b=T and c=F"]);
    expect(e({}, "sel:\n  b: true\ncondition: sel")).toEqual(["Boolean value True not supported by the backend."]);
  });

  it("writes regexes escaped, with flags as a prefix or as {flag_x}", () => {
    const s = { regex: { expression: { template: "{field}=/{regex}/{flag_i}" }, escaped: ["/"], flagPrefix: false } };
    expect(q(s, String.raw`sel:` + "\n" + String.raw`  a|re|i: 'a/b\d'` + "\ncondition: sel")).toEqual([String.raw`a=/a\/b\\d/i`]);
    const prefixed = { regex: { expression: { template: "{field}~{regex}" }, escapeEscapeChar: false } };
    expect(q(prefixed, String.raw`sel:` + "\n" + String.raw`  a|re|s|i: 'x\d'` + "\ncondition: sel")).toEqual([String.raw`a~(?is)x\d`]);
    const noFlags = { regex: { expression: { template: "{field}~{regex}" }, flags: { i: "i" } } };
    expect(e(noFlags, "sel:\n  a|re|m: x\ncondition: sel")).toEqual(["Regular expression flag m not supported by the backend."]);
  });

  it("writes CIDR with its template, or expands it to wildcard prefixes (a list where there are lists)", () => {
    const cidr = { cidr: { template: "cidr({field}, {value}, {network}, {prefixlen}, {netmask})" } };
    expect(q(cidr, "sel:\n  ip|cidr: 10.0.0.0/8\ncondition: sel")).toEqual(["cidr(ip, 10.0.0.0/8, 10.0.0.0, 8, 255.0.0.0)"]);
    expect(q({}, "sel:\n  ip|cidr: 192.168.0.0/23\n  x: 1\ncondition: sel")).toEqual(['(ip="192.168.0.*" or ip="192.168.1.*") and x=1']);
    const lists = { inList: { expression: "{field} in [{list}]", orOperator: "in", separator: ",", allowWildcards: true } };
    expect(q(lists, "sel:\n  ip|cidr: 192.168.0.0/23\ncondition: sel")).toEqual(['ip in ["192.168.0.*","192.168.1.*"]']);
  });

  it("writes comparisons, null, exists, field references, timestamp parts and query expressions", () => {
    const s: Partial<TextQuerySettings> = {
      compare: { expression: "{field}{operator}{value}", operators: { lt: "<", lte: "<=", gt: ">", gte: ">=" } },
      null: { template: "isnull({field})" },
      exists: { exists: "has({field})" },
      fieldReference: { equals: { template: "{field1}=={field2}" }, startsWith: { template: "sw({field1}, {field2})" } },
      timestampPart: { expression: "part({field}, {timestamp_part})", parts: { hour: "%H" } },
    };
    expect(
      q(s, "sel:\n  n|gte: 5\n  a: null\n  b|exists: false\n  c|fieldref: d\n  e|fieldref|startswith: f\n  t|hour: 3\ncondition: sel"),
    ).toEqual(["n>=5 and isnull(a) and not has(b) and c==d and sw(e, f) and part(t, %H)=3"]);
    expect(e(s, "sel:\n  t|week: 3\ncondition: sel")).toEqual(["Field equals timestamp part value expressions are not supported by the backend."]);
    expect(e(s, "sel:\n  c|fieldref|endswith: d\ncondition: sel")).toEqual(["Field reference endswith expression is not supported by backend."]);
    expect(e({}, "sel:\n  n|gte: 5\ncondition: sel")).toEqual(["Comparison operations are not supported by the backend."]);
  });
});

describe("lists", () => {
  const lists: Partial<TextQuerySettings> = {
    inList: { expression: "{field} {op} ({list})", orOperator: "in", andOperator: "all", separator: ", " },
  };

  it("writes an OR (AND) of equalities of one field with plain strings or numbers as a list", () => {
    expect(q(lists, "sel:\n  a: [x, 2]\ncondition: sel")).toEqual(['a in ("x", 2)']);
    expect(q(lists, "sel:\n  a|all: [x, y]\ncondition: sel")).toEqual(['a all ("x", "y")']);
  });

  it("keeps the operators for wildcards (unless allowed), mixed fields and other values", () => {
    expect(q(lists, "sel:\n  a: [x, 'y*']\ncondition: sel")).toEqual(['a="x" or a="y*"']);
    expect(q({ inList: { ...lists.inList!, allowWildcards: true } }, "sel:\n  a: [x, 'y*']\ncondition: sel")).toEqual(['a in ("x", "y*")']);
    expect(q(lists, "sel:\n  - a: x\n  - b: y\ncondition: sel")).toEqual(['a="x" or b="y"']);
  });

  it("never writes the alternatives of an expansion as a list (the reference sees one value)", () => {
    expect(q(lists, "sel:\n  a|base64offset: abc\ncondition: sel")).toEqual(['a="YWJj" or a="FiY" or a="hYm"']);
  });

  it("groups a list like the operator it replaces", () => {
    expect(q(lists, "sel:\n  a: [x, y]\n  b: 1\ncondition: sel")).toEqual(['(a in ("x", "y")) and b=1']);
    expect(q(lists, "sel:\n  a: [x, y]\ncondition: not sel")).toEqual(['not (a in ("x", "y"))']);
  });
});

describe("expansions", () => {
  it("groups an expansion like an OR", () => {
    expect(q({}, "sel:\n  a|base64offset: abc\n  b: 1\ncondition: sel")).toEqual(['(a="YWJj" or a="FiY" or a="hYm") and b=1']);
    expect(q({}, "sel:\n  a|base64offset: abc\ncondition: not sel")).toEqual(['not (a="YWJj" or a="FiY" or a="hYm")']);
  });

  it("writes a negated expansion as pySigma does when asked (the reference's text, which means something else)", () => {
    expect(q({ quirks: { ungroupedNegatedExpansions: true } }, "sel:\n  a|base64offset: abc\ncondition: not sel")).toEqual([
      'not a="YWJj" or a="FiY" or a="hYm"',
    ]);
  });
});

describe("keywords", () => {
  const kw: Partial<TextQuerySettings> = {
    unbound: { string: { template: "search {value}" }, number: { template: "{value}" }, regex: { template: "regex({value})" } },
  };

  it("writes strings, numbers and regexes without a field", () => {
    expect(q(kw, "kw:\n  - foo\n  - 42\nre:\n  '|re': 'a.b'\ncondition: kw and re")).toEqual(['(search "foo" or 42) and regex(a.b)']);
  });

  it("rejects booleans and CIDR values without a field (pySigma's messages) and missing templates", () => {
    expect(e(kw, "kw:\n  - true\ncondition: kw")).toEqual(["Boolean values can't appear as standalone value without a field name."]);
    expect(e({}, "kw:\n  - foo\ncondition: kw")).toEqual(["String value expressions are not supported by the backend."]);
  });
});

describe("deferred parts and hooks", () => {
  const spl: Partial<TextQuerySettings> = {
    deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
    regex: { escaped: ['"'] },
  };
  const deferRegex: TextQueryHooks = {
    field: {
      regex: (c, tools) =>
        tools.defer({
          text: `regex ${tools.field(c.field)}="${tools.regex(c.value)}"`,
          negatedText: `regex ${tools.field(c.field)}!="${tools.regex(c.value)}"`,
        }),
    },
  };

  it("writes a hook's deferred part after the main expression, negated by NOT", () => {
    expect(q(spl, "sel:\n  a: 1\nre:\n  b|re: 'x\"y'\ncondition: sel and not re", deferRegex)).toEqual(['a=1 | regex b!="x\\"y"']);
    expect(q(spl, "re:\n  b|re: x\nre2:\n  c|re: y\ncondition: re and re2", deferRegex)).toEqual(['* | regex b="x" | regex c="y"']);
  });

  it("rejects a deferred part as an OR alternative", () => {
    expect(e(spl, "sel:\n  a: 1\nre:\n  b|re: x\ncondition: sel or re", deferRegex)).toEqual([
      "Operator 'or' not supported by the backend for conditions that become deferred query parts.",
    ]);
  });

  it("uses emptyAnd for an AND of deferred parts only, when given", () => {
    expect(q({ ...spl, emptyAnd: "true" }, "re:\n  b|re: x\nre2:\n  c|re: y\nn:\n  d: 1\ncondition: (re and re2) or n", deferRegex)).toEqual([
      "true or d=1 | regex b=\"x\" | regex c=\"y\"",
    ]);
  });

  it("lets a hook wrap the standard conversion", () => {
    const hooks: TextQueryHooks = { field: { number: (c, tools) => `int(${String(tools.standard())})` } };
    expect(q({}, "sel:\n  a: 1\n  b: x\ncondition: sel", hooks)).toEqual(['int(a=1) and b="x"']);
  });

  it("fails deferred parts in a language without deferred settings", () => {
    expect(e({}, "re:\n  b|re: x\ncondition: re", deferRegex)).toEqual(["Deferred query parts are not supported by the backend."]);
  });
});

describe("query template", () => {
  it("wraps the main expression; {state.x} reads the pipeline state, else the defaults", () => {
    const s = { query: "index={state.index} ({query})", stateDefaults: { index: "main" } };
    expect(q(s, "sel:\n  a: 1\ncondition: sel")).toEqual(["index=main (a=1)"]);
  });
});

describe("deferred parts in languages without NOT", () => {
  const noNot: Partial<TextQuerySettings> = {
    tokens: { and: "and", or: "or", eq: "=", notEq: "!=" },
    deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
  };
  const hook = (negatedText?: string): TextQueryHooks => ({
    field: { regex: (c, tools) => tools.defer({ text: `re ${c.field}`, ...(negatedText !== undefined ? { negatedText } : {}) }) },
  });

  it("registers a negated condition's part as negated", () => {
    expect(q(noNot, "sel:\n  a: 1\nre:\n  b|re: x\ncondition: sel and not re", hook("nre b"))).toEqual(["a=1 | nre b"]);
  });

  it("fails a negated condition whose part has no negated text", () => {
    expect(e(noNot, "sel:\n  a: 1\nre:\n  b|re: x\ncondition: sel and not re", hook())).toEqual([
      "Negated deferred query parts are not supported by the backend.",
    ]);
  });
});

describe("the backend's quoteField", () => {
  it("writes field names as the settings do (sigma analyze fields)", () => {
    const b = backend({ fieldName: { quote: "'", quotePattern: /^\w+$/ } });
    expect([b.quoteField?.("plain"), b.quoteField?.("a b")]).toEqual(["plain", "'a b'"]);
  });
});
