import fc from "fast-check";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadExpected } from "../../test/helpers/conformance.js";
import { pyyamlDump, resolvesToNonString, type YamlValue } from "./pyyaml.js";


// Rebuilding every YAML text the reference printed from its parsed data must give the same bytes.
describe.each([
  ["ruler", {}],
  ["grafana_alerting", { sortKeys: false, width: 1000, allowUnicode: true }],
] as const)("pyyamlDump reproduces every %s text of the reference", (config, options) => {
  const texts = [...loadExpected(config).values()].flatMap((line) => line.queries ?? []);

  it("has data to check", () => {
    expect(texts.length).toBeGreaterThan(3000);
  });

  it("is byte-identical after a parse/dump round trip", () => {
    const mismatches: string[] = [];
    for (const text of texts) {
      const out = pyyamlDump(yaml.load(text) as YamlValue, options);
      if (out !== text) mismatches.push(`expected:\n${text}\nactual:\n${out}`);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});

describe("pyyamlDump scalar styles (PyYAML behaviour)", () => {
  it("quotes strings that YAML 1.1 would read as other types", () => {
    expect(pyyamlDump({ a: "yes", b: "1.5", c: "0x1F", d: "2020-01-01", e: "~", f: "", g: "null" })).toBe(
      "a: 'yes'\nb: '1.5'\nc: '0x1F'\nd: '2020-01-01'\ne: '~'\nf: ''\ng: 'null'\n",
    );
  });

  it("writes integers, booleans and null plainly and empty collections in flow style", () => {
    expect(pyyamlDump({ n: 600, t: true, f: false, z: null, m: {}, l: [] })).toBe(
      "f: false\nl: []\nm: {}\nn: 600\nt: true\nz: null\n",
    );
  });

  it("does not indent sequences under a mapping key and keeps insertion order without sortKeys", () => {
    expect(pyyamlDump({ b: [{ y: 1, x: 2 }], a: 1 }, { sortKeys: false })).toBe("b:\n- y: 1\n  x: 2\na: 1\n");
  });

  it("escapes non-ASCII in double quotes unless allowUnicode", () => {
    expect(pyyamlDump({ a: "café" })).toBe('a: "caf\\xE9"\n');
    expect(pyyamlDump({ a: "café" }, { allowUnicode: true })).toBe("a: café\n");
    expect(pyyamlDump({ a: "tab\there" })).toBe('a: "tab\\there"\n');
  });

  it("single-quotes indicators and doubles inner quotes", () => {
    expect(pyyamlDump({ a: "- x", b: "it's: here", c: "#c", d: "`x`" })).toBe(
      "a: '- x'\nb: 'it''s: here'\nc: '#c'\nd: '`x`'\n",
    );
  });

  it("folds long plain scalars after the word that passes column 80 (spec §5.13 ruler example)", () => {
    const expr = 'sum(count_over_time({job=~".+"} |~ `(?i)anything` [1m])) or vector(0) > 0';
    expect(pyyamlDump({ groups: [{ rules: [{ expr }] }] })).toBe(
      `groups:\n- rules:\n  - expr: ${expr.slice(0, -2)}\n      0\n`,
    );
  });

  // Issue 16: PyYAML writes 'a\x85  b', which PyYAML itself reads back as 'a b'.
  it("writes NEL, LS and PS as escapes in double quotes, so that they read back", () => {
    expect(pyyamlDump({ title: "a\u0085b" }, { allowUnicode: true })).toBe('title: "a\\Nb"\n');
    expect(pyyamlDump({ title: "a\u2028b\u2029c" }, { allowUnicode: true })).toBe('title: "a\\Lb\\Pc"\n');
    expect(pyyamlDump({ title: "a\u0085b" })).toBe('title: "a\\Nb"\n');
    // A line feed alone keeps PyYAML's single-quoted form.
    expect(pyyamlDump({ title: "a\nb" }, { allowUnicode: true })).toBe("title: 'a\n\n  b'\n");
  });

  it("every string reads back as itself (property, js-yaml)", () => {
    const piece = fc.constantFrom("a", " ", "  ", "\n", "\u0085", "\u2028", "\u2029", "'", '"', "\\", "#", ": ", "- ", "é", "\t", "\r", "😀", "\u00a0");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, allowUnicode) => {
        const title = pieces.join("");
        const text = pyyamlDump({ title, list: [title] }, { allowUnicode, sortKeys: false, width: allowUnicode ? 1000 : 80 });
        expect(yaml.load(text)).toEqual({ title, list: [title] });
      }),
      { numRuns: 2000, seed: 16 },
    );
  });

  it("knows which strings resolve to non-strings", () => {
    expect(resolvesToNonString("On")).toBe(true);
    expect(resolvesToNonString("1:20")).toBe(true);
    expect(resolvesToNonString("1m")).toBe(false);
    expect(resolvesToNonString("valueA")).toBe(false);
  });
});

describe("pyyamlDump: text with and without surrogates is written alike", () => {
  // Text with surrogate pairs goes through the code-point path, other text through the UTF-16 fast
  // path (plain scalars run by run). An astral character in place of a letter must change nothing
  // else: not the style, not the folding (it counts as one column, as in Python).
  it("folds and quotes the same (property)", () => {
    const piece = fc.constantFrom("a", "bc", " ", "  ", ":", ": ", " #", "#", "-", "- ", "?", ",", "'", "[", "{", "é", "word ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), fc.boolean(), (pieces, astralFirst) => {
        const body = pieces.join("");
        const [withLetter, withAstral] = astralFirst ? [`x${body}`, `😀${body}`] : [`${body}x`, `${body}😀`];
        const letter = pyyamlDump({ key: withLetter, list: [withLetter] }, { allowUnicode: true });
        const astral = pyyamlDump({ key: withAstral, list: [withAstral] }, { allowUnicode: true });
        // "x" is only the marker (the pieces have none): both copies of the value carry it.
        expect(astral).toBe(letter.split("x").join("😀"));
      }),
      { numRuns: 3000 },
    );
  });
});
