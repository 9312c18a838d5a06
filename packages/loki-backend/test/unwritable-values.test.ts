/**
 * Values LogQL cannot hold (issue 16): non-finite numbers and durations beyond Go's time.Duration
 * are refused with an error at the rule's value; a NUL is written as an escape (Loki refuses it raw).
 * The validator flags a query that has any of them, as Loki does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SigmaValueError, convertRules } from "../src/index.js";
import { validateLogQL } from "../src/validate/index.js";
import { parseLokiDuration } from "../src/logql/duration.js";

const rule = (detection: string): string =>
  `title: t\nlogsource: {product: p}\ndetection:\n  sel:\n${detection}\n  condition: sel\n`;

function refusal(text: string) {
  const { output, errors } = convertRules(text, { path: "r.yml" });
  expect(output).toEqual([]);
  expect(errors).toHaveLength(1);
  const error = errors[0];
  expect(error).toBeInstanceOf(SigmaValueError);
  return error;
}

describe("the converter refuses values LogQL cannot hold, at the value's detection item", () => {
  it.each([
    ["    a: .inf", "+infinity"],
    ["    a: -.inf", "-infinity"],
    ["    a: .NaN", "NaN"],
    ["    a: 1.0e+400", "+infinity"],
    ["    a|gt: .inf", "+infinity"],
    ["    a|lte: .nan", "NaN"],
    ["    a: [1, 2, .inf]", "+infinity"],
    ["    a|hour: .inf", "+infinity"],
  ])("%s", (detection, shown) => {
    const error = refusal(rule(detection));
    expect(error?.message).toContain(`The number ${shown} cannot be written in LogQL`);
    expect(error?.location).toMatchObject({ path: "r.yml", line: 5, column: 5 });
  });

  it("a number keyword", () => {
    const error = refusal("title: t\nlogsource: {product: p}\ndetection:\n  kw:\n    - .inf\n  condition: kw\n");
    expect(error?.location).toMatchObject({ path: "r.yml", line: 5 });
  });

  // Loki's lexer refuses a raw NUL anywhere; in a double-quoted string the escape \x00 is fine.
  it.each([
    ['    a: "x\\0y"', 'a=~"(?i)^x\\x00y$"'],
    ['    a|cased: "x\\0y"', 'a="x\\x00y"'],
    ['    a|contains: "x\\0y"', 'a=~"(?i).*x\\x00y.*"'],
    ['    a|re: "x\\0y"', 'a=~".*x\\x00y.*"'],
    // A keyword of a logfmt rule: the text as it is, or as a quoted logfmt value writes it (`\u0000`).
    ['    "|contains": "x\\0y"', '|~ "(?i)(?:x\\x00y|x\\\\\\\\u0000y)"'],
    ['    a|wide: "ab"', 'a=~"(?i)^a\\x00b\\x00$"'],
  ])("a NUL character is written as an escape: %s", (detection, written) => {
    const { output, errors } = convertRules(rule(detection), { path: "r.yml" });
    expect(errors).toEqual([]);
    const [query = ""] = output as string[];
    expect(query).toContain(written);
    expect(query).not.toContain("\0");
    expect(validateLogQL(query)).toEqual([]);
  });

  const correlation = (timespan: string): string =>
    "title: base\nname: base\nlogsource: {product: p}\ndetection: {sel: {a: 1}, condition: sel}\n---\n" +
    `title: c\ncorrelation:\n  type: event_count\n  rules: base\n  timespan: ${timespan}\n  condition: {gte: 2}\n`;

  it.each([
    ["99999999999999999999d", "out of range"],
    ["106752d", "out of range"],
    ["293y", "out of range"],
    ["3510M", "out of range"],
  ])("a correlation timespan of %s, at the timespan", (timespan, reason) => {
    const error = refusal(correlation(timespan));
    expect(error?.message).toContain(reason);
    expect(error?.location).toMatchObject({ path: "r.yml", line: 10, column: 13 });
  });

  it("the longest timespan Loki accepts still converts", () => {
    const { output, errors } = convertRules(correlation("106751d"), { path: "r.yml" });
    expect(errors).toEqual([]);
    expect(output).toEqual(['sum(count_over_time({job=~".+"} | logfmt | a=1 [106751d])) >= 2']);
  });

});

describe("the validator flags what Loki refuses", () => {
  it.each([
    ['{job="x"} | logfmt | f=1e400', "out of range"],
    ['{job="x"} | logfmt | f>-1e309', "out of range"],
    ['count_over_time({job="x"} [5m]) > 1e999', "out of range"],
    ['{job="x"} | logfmt | f=inf', "syntax error"],
    ['{job="x"} | logfmt | f>nan', "syntax error"],
    ['count_over_time({job="x"} [5m]) > Inf', "syntax error"],
    ['{job="x"} | logfmt | f=`a\0b`', "invalid character NUL"],
    ['{job="x\0"}', "invalid character NUL"],
    ['sum(count_over_time({job="x"} [99999999999999999999d])) > 1', "out of range"],
    ['count_over_time({job="x"} [106752d])', "out of range"],
    ['count_over_time({job="x"} [2562048h])', "out of range"],
    ['count_over_time({job="x"} [1.5d])', "syntax error"],
  ])("%s", (query, message) => {
    const problems = validateLogQL(query);
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it.each([
    'count_over_time({job="x"} [106751d])',
    'count_over_time({job="x"} [1y2w3d4h5m6s7ms])',
    'count_over_time({job="x"} [1h30m])',
    'count_over_time({job="x"} [90s]) > 1e308',
    '{job="x"} | logfmt | f=1.5e-300',
  ])("accepts %s", (query) => {
    expect(validateLogQL(query)).toEqual([]);
  });
});

describe("Loki's duration reading", () => {
  it.each([
    ["5m", 300_000_000_000n],
    ["1h30m", 5_400_000_000_000n],
    ["1.5h", 5_400_000_000_000n],
    ["30m1h", 5_400_000_000_000n], // Go's reading: units in any order
    ["250ms", 250_000_000n],
    ["1y", 365n * 86_400_000_000_000n],
    ["0", 0n],
  ])("%s", (text, ns) => {
    expect(parseLokiDuration(text)).toEqual({ ok: true, nanoseconds: ns });
  });

  it.each(["1d1h1d", "1M", "", "5", "1.5d", "h", "9223372037s"])("refuses %s", (text) => {
    expect(parseLokiDuration(text).ok).toBe(false);
  });
});

describe("property: a number value converts to a query Loki accepts, or to a located SigmaValueError", () => {
  const number = fc.oneof(fc.double(), fc.constantFrom(Infinity, -Infinity, NaN, 1e308, -1e308, 5e-324));
  // YAML 1.1 floats (what the rule reader follows, as PyYAML) need a dot and a signed exponent.
  const yamlNumber = (n: number): string => {
    if (Number.isNaN(n)) return ".nan";
    if (!Number.isFinite(n)) return n > 0 ? ".inf" : "-.inf";
    const [mantissa = "", exponent = ""] = n.toExponential().split("e");
    return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}e${exponent}`;
  };

  it("field values and comparisons", () => {
    fc.assert(
      fc.property(number, fc.constantFrom("", "|gt", "|lte"), (n, modifier) => {
        const { output, errors } = convertRules(rule(`    a${modifier}: ${yamlNumber(n)}`), { path: "r.yml" });
        if (errors.length > 0) {
          expect(errors[0]).toBeInstanceOf(SigmaValueError);
          expect(Number.isFinite(n)).toBe(false);
          return;
        }
        for (const query of output as string[]) expect(validateLogQL(query)).toEqual([]);
      }),
      { seed: 16, numRuns: 300 },
    );
  });

  it("strings with any characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom("", "|contains", "|cased", "|re"), (s, modifier) => {
        const text = rule(`    a${modifier}: ${JSON.stringify(s)}`);
        const { output, errors } = convertRules(text, { path: "r.yml" });
        // A regex RE2 cannot compile is a located error; nothing else may fail.
        for (const error of errors) expect(error.location).toMatchObject({ path: "r.yml", line: 5 });
        for (const query of output as string[]) expect(validateLogQL(query)).toEqual([]);
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});
