import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { encodedTextRegex, encodesAsItself, soleEncodedText } from "./line-encoding.js";

/** json-iterator's default encoding (promtail / Alloy Windows events): HTML-safe, `\u00xx` for other controls. */
function jsoniterString(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || ch === "<" || ch === ">" || ch === "&" || ch === "\u2028" || ch === "\u2029") {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out;
}

/** A quoted logfmt value's content (go-logfmt). */
function logfmtQuoted(text: string): string {
  return jsoniterString(text).replace(/\\u00(3c|3e|26)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const search = (re: string, line: string): boolean => RE2JS.compile(re).matcher(line).find();

describe("which texts an encoding leaves as they are", () => {
  it.each([
    ["abc", "json", true],
    ["C:\\x", "json", false],
    ['a"b', "json", false],
    ["a<b", "json", false],
    ["é ü", "json", true],
    ["a<b", "logfmt", true],
    ["a b=c", "logfmt", true],
    ["C:\\x", "logfmt", false],
    ["C:\\x", undefined, true],
    ["a&b", "json", false],
    ["a>b", "json", false],
    ["\u2028", "json", false],
    ["\u2029", "logfmt", true],
    ["\x1f", "json", false],
    ["\x1f", "logfmt", false],
    ["\x7f", "json", true],
    ["\u{1f600}", "json", true],
    ["\ud800", "json", true],
  ] as const)("%j in %s: %s", (text, encoding, want) => {
    expect(encodesAsItself(text, encoding)).toBe(want);
  });

  it("JSON: exactly the texts json-iterator writes as they are", () => {
    // Any character, the ones an encoder treats specially often.
    const special = fc.constantFrom("\\", '"', "<", ">", "&", "\u2028", "\u2029", "\x00", "\x1f", "\x7f", " ");
    const unit = fc.oneof(special, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (text) => {
        expect(encodesAsItself(text, "json")).toBe(jsoniterString(text) === text);
      }),
    );
  });
});

describe("soleEncodedText (plain line filters)", () => {
  it.each([
    ["C:\\Windows\\x.exe", "json", "C:\\\\Windows\\\\x.exe"],
    ['-Confirm "False"', "json", '-Confirm \\"False\\"'],
    ["a\nb", "json", "a\\nb"],
    ["plain", "logfmt", "plain"],
  ] as const)("%j in %s → %j", (text, encoding, want) => {
    expect(soleEncodedText(text, encoding)).toBe(want);
  });
  it.each([
    ["a<b", "json"],
    ["\b", "json"],
    ["C:\\x", "logfmt"],
  ] as const)("%j in %s has several forms", (text, encoding) => {
    expect(soleEncodedText(text, encoding)).toBeUndefined();
  });
});

describe("encodedTextRegex", () => {
  it.each([
    ["C:\\x", "json", "C:\\\\\\\\x"],
    ['"unsafe"', "json", '\\\\"unsafe\\\\"'],
    ["f/<script", "json", "f/(?:<|\\\\u003c)script"],
    ["a&b", "json", "a(?:\\&|\\\\u0026)b"],
    ["\b", "json", "(?:\\\\u0008|\\\\b)"],
    ["\x01", "json", "\\\\u0001"],
    ["C:\\x y", "logfmt", "(?:C:\\\\x\\ y|C:\\\\\\\\x\\ y)"],
    ["near \"", "logfmt", '(?:near\\ "|near\\ \\\\")'],
    ["plain text", "logfmt", "plain\\ text"],
  ] as const)("%j in %s → %s", (text, encoding, want) => {
    expect(encodedTextRegex(text, encoding)).toBe(want);
  });

  it("JSON: finds the text as json-iterator and as other JSON encoders write it, and nothing less", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 4 }), (text, around) => {
        const re = encodedTextRegex(text, "json");
        expect(search(re, `{"m":"${around}${jsoniterString(text)}${around}"}`)).toBe(true);
        // JSON.stringify keeps < > & and U+2028/9, writes \b \f short.
        expect(search(re, `{"m":${JSON.stringify(`${around}${text}${around}`)}}`)).toBe(true);
        const plain = soleEncodedText(text, "json");
        if (plain !== undefined) expect(plain).toBe(jsoniterString(text));
      }),
    );
  });

  it("logfmt: finds the text in an unquoted and in a quoted value", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const re = encodedTextRegex(text, "logfmt");
        expect(search(re, `a=1 msg=${text} b=2`)).toBe(true);
        expect(search(re, `a=1 msg="${logfmtQuoted(text)}" b=2`)).toBe(true);
      }),
    );
  });

  it("does not find a backslash keyword where the line has only part of its encoding", () => {
    // `\\x` in the event is `\\\\x` in the JSON line; a line holding `\\x` (one backslash) is another text.
    expect(search(encodedTextRegex("\\\\x", "json"), '{"m":"a\\\\x"}')).toBe(false);
    expect(search(encodedTextRegex("\\\\x", "json"), '{"m":"a\\\\\\\\x"}')).toBe(true);
  });
});
