import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  PYTHON_RE_ESCAPED_CHARS,
  containsWildcard,
  convertSigmaString,
  endsWithWildcard,
  isPlainSigmaString,
  parseSigmaString,
  plainSigmaString,
  pythonReEscape,
  sigmaStringToRegex,
  sigmaStringToString,
  startsWithWildcard,
} from "./string.js";

const star = { kind: "wildcard", wildcard: "*" } as const;
const qmark = { kind: "wildcard", wildcard: "?" } as const;

describe("parseSigmaString (spec §2.1 escaping table)", () => {
  it.each([
    ["value*", ["value", star]],
    ["va?ue", ["va", qmark, "ue"]],
    ["C:\\Windows", ["C:\\Windows"]],
    ["foo\\*bar", ["foo*bar"]],
    ["foo\\?bar", ["foo?bar"]],
    ["a\\\\b", ["a\\b"]],
    ["\\\\*", ["\\", star]],
    ["\\\\\\*", ["\\*"]],
    ["\\\\\\\\", ["\\\\"]],
    ["trailing\\", ["trailing\\"]],
    ["", []],
    ["**", [star, star]],
  ])("%j", (text, parts) => {
    expect(parseSigmaString(text).parts).toEqual(parts);
    expect(parseSigmaString(text).cased).toBe(false);
  });

  it("plainSigmaString takes wildcards literally", () => {
    expect(plainSigmaString("a*b?").parts).toEqual(["a*b?"]);
    expect(plainSigmaString("x", true).cased).toBe(true);
  });

  it("answers wildcard questions", () => {
    const v = parseSigmaString("*foo?");
    expect(containsWildcard(v)).toBe(true);
    expect(startsWithWildcard(v)).toBe(true);
    expect(endsWithWildcard(v)).toBe(false);
    expect(endsWithWildcard(v, "?")).toBe(true);
    expect(isPlainSigmaString(parseSigmaString("foo\\*"))).toBe(true);
  });
});

describe("str() and convert", () => {
  it("re-escapes literal wildcards but not backslashes (Loki BUG input `foo\\*bar`)", () => {
    expect(sigmaStringToString(parseSigmaString("foo\\*bar"))).toBe("foo\\*bar");
    expect(sigmaStringToString(parseSigmaString("*\\cmd.exe"))).toBe("*\\cmd.exe");
    expect(sigmaStringToString(parseSigmaString("a?b\\?"))).toBe("a?b\\?");
  });

  it("renders placeholders as %name%", () => {
    const v = { type: "string", cased: false, parts: ["x", { kind: "placeholder", name: "Admins" }] } as const;
    expect(sigmaStringToString(v)).toBe("x%Admins%");
  });

  it("convert with custom wildcards, escaping and filtering", () => {
    const v = parseSigmaString("a*b?c\\*d\"e");
    expect(convertSigmaString(v, { wildcardMulti: "%", wildcardSingle: "_", addEscaped: '"', filterChars: "e" })).toBe(
      'a%b_c*d\\"',
    );
  });

  it("to_regex escapes .*+?^$[](){}\\| and maps wildcards", () => {
    expect(sigmaStringToRegex(parseSigmaString("a.b+c^$[](){}|\\x*y?"))).toBe(
      "a\\.b\\+c\\^\\$\\[\\]\\(\\)\\{\\}\\|\\\\x.*y.",
    );
  });
});

describe("pythonReEscape (§5.4)", () => {
  it("sigmaStringToRegex with Python's escape set (E17, E20)", () => {
    const opts = { escapedChars: PYTHON_RE_ESCAPED_CHARS };
    expect(sigmaStringToRegex(parseSigmaString("^v)+[al]u(e*$"), opts)).toBe("\\^v\\)\\+\\[al\\]u\\(e.*\\$");
    expect(sigmaStringToRegex(parseSigmaString("*\\cmd.exe"), opts)).toBe(".*\\\\cmd\\.exe");
  });

  it("escapes Python's set", () => {
    expect(pythonReEscape("Failed login to Okta")).toBe("Failed\\ login\\ to\\ Okta");
    expect(pythonReEscape("^v)+[al]u(e")).toBe("\\^v\\)\\+\\[al\\]u\\(e");
    expect(pythonReEscape("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")).toBe(
      "\\(\\)\\[\\]\\{\\}\\?\\*\\+\\-\\|\\^\\$\\\\\\.\\&\\~\\#\\ \\\t\\\n\\\r\\\v\\\f",
    );
    expect(pythonReEscape("a_b/c`d\"e%=@,:;'")).toBe("a_b/c`d\"e%=@,:;'");
    // every code unit of the BMP: escaped exactly when it is in Python's set
    const escaped = new Set(PYTHON_RE_ESCAPED_CHARS);
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (pythonReEscape(`a${ch}b`) !== `a${escaped.has(ch) ? "\\" : ""}${ch}b`) expect.fail(`code unit ${c}`);
    }
    // characters outside the BMP and unpaired surrogates are never escaped
    expect(pythonReEscape("😀.\uD800 ü")).toBe("😀\\.\uD800\\ ü");
  });
});

describe("regex escaping (property: the run-copying scan equals a per-character escape)", () => {
  const naive = (text: string, chars: string): string => [...text].map((c) => ([...chars].includes(c) ? `\\${c}` : c)).join("");
  const charsArb = fc.constantFrom(PYTHON_RE_ESCAPED_CHARS, ".*+?^$[](){}\\|", ".*+?^$[](){}\\|:é😀", "");

  it("sigmaStringToRegex and pythonReEscape", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), charsArb, (text, chars) => {
        expect(sigmaStringToRegex(plainSigmaString(text), { escapedChars: chars })).toBe(naive(text, chars));
        expect(pythonReEscape(text)).toBe(naive(text, PYTHON_RE_ESCAPED_CHARS));
      }),
      { numRuns: 500 },
    );
  });
});
