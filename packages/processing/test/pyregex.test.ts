/**
 * Pipeline regexes (issue 16): Python `re` syntax run on RE2. Expected values were taken from
 * Python 3.11's `re` (search / match / fullmatch); patterns RE2 cannot run are refused with the
 * parameter's location and the item's id; catastrophic patterns finish in linear time.
 */
import { SigmaConfigurationError, parseCollection } from "@sigma/core";
import type { SigmaRule } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { UnsupportedRegexError, applyPipeline, compilePythonRegex, loadPipelineYaml, postprocessQuery } from "../src/index.js";
import { rule } from "./helpers.js";

/** [pattern, text, re.search, re.match, re.fullmatch] as Python 3.11 answers them. */
const PYTHON: Array<[string, string, boolean, boolean, boolean]> = [
  ["abc\\Z", "abc", true, true, true], ["abc\\Z", "abc\n", false, false, false], ["\\Aab", "xab", false, false, false],
  ["\\d+", "x\u06634", true, false, false], ["(?a)\\d", "\u0663", false, false, false], ["\\w+", "\u00e9_1", true, true, true],
  ["(?a)\\w", "\u00e9", false, false, false], ["\\s", "\u00a0", true, true, true], ["\\s", "\u000b", true, true, true],
  ["(?a)\\s", "\u000b", true, true, true], ["(?a)\\s", "\u00a0", false, false, false], ["\\S", "\u3000", false, false, false],
  ["[\\W_]", "a", false, false, false], ["[\\W_]", "-", true, true, true], ["[\\W_]", "_", true, true, true],
  ["[\\s\\d]", "\u2028", true, true, true], ["[[:alpha:]]", "a]", true, true, true], ["[[:alpha:]]", "a", false, false, false],
  ["(?x) a b # comment\n c", "abc", true, true, true], ["a(?#note)b", "ab", true, true, true], ["^a{,2}$", "aa", true, true, true],
  ["^a{,2}$", "aaa", false, false, false], ["^x{,}$", "xxxx", true, true, true], ["a{", "a{", true, true, true],
  ["[\\b]", "\b", true, true, true], ["\\u00e9", "\u00e9", true, true, true], ["\\U0001F600", "\ud83d\ude00", true, true, true],
  ["\\x41", "A", true, true, true], ["\\101", "A", true, true, true], ["\\0", "\u0000", true, true, true],
  ["(?i)ABC", "xabcx", true, false, false], ["(?i:a)B", "AB", true, true, true], ["(?i:a)B", "Ab", false, false, false],
  ["(?s).", "\n", true, true, true], ["(?m)^b", "a\nb", true, false, false], ["\\-\\/\\ \\%", "-/ %", true, true, true],
  ["\\\u00e9", "\u00e9", true, true, true], ["[]a]", "]", true, true, true], ["[^]a]", "b", true, true, true],
  ["a.c", "a\nc", false, false, false], ["(?P<x>a)|b", "b", true, true, true],
];

describe("Python regex syntax on RE2", () => {
  it.each(PYTHON)("%j on %j: search %s, match %s, fullmatch %s", (pattern, text, search, match, full) => {
    const re = compilePythonRegex(pattern);
    expect(re.search(text)).toBe(search);
    expect(re.match(text)).toBe(match);
    expect(re.fullmatch(text) !== undefined).toBe(full);
  });

  it("named groups of a full match", () => {
    expect(compilePythonRegex("user=(?P<user>[^;]+);(?P<host>x)?").fullmatch("user=bob;")).toEqual({ user: "bob" });
  });

  it("replacements use Python's template syntax (and Python 3.7+ empty-match rules)", () => {
    expect(compilePythonRegex("(?P<w>\\w+)=(\\w+)").replacer("\\2=\\g<w>\\g<0>\\n")("a=b")).toBe("b=aa=b\n");
    expect(compilePythonRegex("x*").replacer("-")("abxd")).toBe("-a-b--d-");
    expect(compilePythonRegex("\\\\").replacer("\\\\\\\\")("a\\b")).toBe("a\\\\b");
    expect(compilePythonRegex("(a)|b").replacer("[\\1]")("ab")).toBe("[a][]");
    expect(compilePythonRegex("a").replacer("$1 \\- $")("a")).toBe("$1 \\- $");
    expect(() => compilePythonRegex("(a)").replacer("\\2")).toThrow(/invalid group reference \\2/);
    expect(() => compilePythonRegex("(a)").replacer("\\g<nope>")).toThrow(/unknown group name 'nope'/);
  });

  it.each([
    ["(?=x)", /lookahead '\(\?='/],
    ["a(?!x)", /lookahead '\(\?!'/],
    ["(?<=x)a", /lookbehind '\(\?<='/],
    ["(?<!x)a", /lookbehind '\(\?<!'/],
    ["(a)\\1", /backreference '\\1'/],
    ["(?P<n>a)(?P=n)", /backreference '\(\?P=n\)'/],
    ["(a)?(?(1)b|c)", /conditional group/],
    ["(?>a+)", /atomic group/],
    ["a++", /nested repetition/],
    ["a{1001}", /repeat count/],
    ["\\N{DIGIT ONE}", /named Unicode escapes/],
    ["\\q", /bad escape \\q/],
    ["[^\\W]", /negated character class with \\W/],
    ["a(?i)b", /global flags '\(\?i\)' must be at the start/],
    ["(unclosed", /missing closing \)/],
  ])("%j is refused: %s", (pattern, reason) => {
    expect(() => compilePythonRegex(pattern)).toThrow(UnsupportedRegexError);
    expect(() => compilePythonRegex(pattern)).toThrow(reason);
  });

  it("catastrophic patterns run in linear time", () => {
    const long = `${"a".repeat(50_000)}!`;
    const start = performance.now();
    expect(compilePythonRegex("(a+)+$").search(long)).toBe(false);
    expect(compilePythonRegex("(a|aa)+$").match(long)).toBe(false);
    expect(compilePythonRegex("(x+x+)+y").fullmatch("x".repeat(5_000))).toBeUndefined();
    expect(compilePythonRegex("(a+)+$").replacer("b")(long)).toBe(long);
    expect(compilePythonRegex("(a+)+!$").replacer("b")(long)).toBe("b");
    // Backtracking engines take exponential time on these; RE2 takes milliseconds.
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

const pipelineRule = `
title: t
logsource: {product: windows}
detection:
  sel:
    CommandLine: ${"a".repeat(5_000)}!
  condition: sel
`;

function loadError(yaml: string): SigmaConfigurationError {
  try {
    loadPipelineYaml(yaml, { path: "p.yml" });
  } catch (e) {
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    return e as SigmaConfigurationError;
  }
  throw new Error("the pipeline loaded");
}

describe("pipeline regexes (issue 16)", () => {
  it.each([
    ["replace_string", "transformations:\n  - id: fix_paths\n    type: replace_string\n    regex: '(?<=C:)x'\n    replacement: y\n", 4, "regex"],
    ["match_string", "transformations:\n  - id: fix_paths\n    type: drop_detection_item\n    detection_item_conditions:\n      - type: match_string\n        cond: any\n        pattern: '(a)\\1'\n", 7, "pattern"],
    ["include_fields", "transformations:\n  - id: fix_paths\n    type: field_name_prefix\n    prefix: x\n    field_name_conditions:\n      - type: include_fields\n        mode: re\n        fields: [Image, '(?!Command).*']\n", 8, "fields"],
    ["extract_fields", "transformations:\n  - id: fix_paths\n    type: extract_fields\n    regex: '(?P<a>x)(?P=a)'\n", 4, "regex"],
    ["postprocessing replace", "postprocessing:\n  - id: fix_paths\n    type: replace\n    pattern: '(?=x)'\n    replacement: y\n", 4, "pattern"],
  ])("%s: a pattern RE2 cannot run is refused where it is written, naming the item", (_name, yaml, line, key) => {
    const error = loadError(yaml);
    expect(error.message).toContain(`Parameter '${key}'`);
    expect(error.message).toContain("(processing item 'fix_paths')");
    expect(error.message).toContain("needs a backtracking engine");
    expect(error.location).toMatchObject({ path: "p.yml", line });
  });

  it("replace_string with a catastrophic pattern finishes (it hung on the JavaScript engine)", () => {
    const start = performance.now();
    const { rule: r } = applyPipeline(
      loadPipelineYaml("transformations:\n  - {type: replace_string, regex: '(a+)+$', replacement: b}\n"),
      rule(pipelineRule),
    );
    const item = r.detection.definitions.get("sel")?.items[0];
    expect(item?.kind === "item" && item.values[0]).toMatchObject({ parts: [`${"a".repeat(5_000)}!`] });
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("match_string and include_fields with catastrophic patterns finish", () => {
    const start = performance.now();
    const pipeline = loadPipelineYaml(
      [
        "transformations:",
        "  - type: field_name_prefix",
        "    prefix: x_",
        "    field_name_conditions: [{type: include_fields, mode: re, fields: ['(C+o*)+mmandLine$']}]",
        "    detection_item_conditions: [{type: match_string, cond: any, pattern: '(a|aa)+$'}]",
      ].join("\n"),
    );
    const { rule: r } = applyPipeline(pipeline, rule(pipelineRule));
    expect([...r.detection.definitions.values()][0]?.items[0]).toMatchObject({ field: "CommandLine" });
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it("postprocessing replace with Python group references", () => {
    const pipeline = loadPipelineYaml("postprocessing:\n  - {type: replace, pattern: '(?P<k>\\w+)=(\\w+)', replacement: '\\2=\\g<k>'}\n");
    const r = parseCollection("title: t\nlogsource: {product: p}\ndetection: {sel: {a: b}, condition: sel}\n").rules[0] as SigmaRule;
    expect(postprocessQuery(pipeline, r, "key=value")).toBe("value=key");
  });
});
