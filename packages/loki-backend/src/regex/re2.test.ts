import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { pythonReEscape } from "@sigma/core";
import { isPlainRe2, re2Problem } from "./re2.js";

function re2Accepts(pattern: string): boolean {
  try {
    RE2JS.compile(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Every sequence of up to `length` tokens. */
function* sequences(tokens: readonly string[], length: number): Generator<string> {
  if (length === 0) {
    yield "";
    return;
  }
  yield* sequences(tokens, length - 1);
  const walk = function* (prefix: string, left: number): Generator<string> {
    if (left === 0) {
      yield prefix;
      return;
    }
    for (const t of tokens) yield* walk(prefix + t, left - 1);
  };
  yield* walk("", length);
}

/** Of the token sequences, how many the scan accepts and which of those RE2 rejects. */
function scanVersusRe2(sets: readonly (readonly [readonly string[], number])[]): { accepted: number; wrong: string[] } {
  const wrong: string[] = [];
  let accepted = 0;
  for (const [tokens, length] of sets) {
    for (const p of sequences(tokens, length)) {
      if (!isPlainRe2(p)) continue;
      accepted++;
      if (!re2Accepts(p)) wrong.push(p);
    }
  }
  return { accepted, wrong };
}

describe("isPlainRe2", () => {
  it("accepts only patterns RE2 compiles (all short token sequences)", () => {
    const wide = ["a", "\\.", "\\", ".", "*", "+", "?", "(", ")", "(?:", "(?i)", "|", "^", "$", "\\d", "é", "[", "{", "}", "\uD800", "(?=", "(?P<n>"];
    const core = ["a", "\\*", ".", "*", "+", "?", "(", ")", "(?:", "|", "^", "(?is)", "(?s:", "(?-s:", "(?x:"];
    const { accepted, wrong } = scanVersusRe2([[wide, 3], [core, 4]]);
    expect(wrong).toEqual([]);
    // The scan must recognise a real share of the valid patterns, or it saves nothing.
    expect(accepted).toBeGreaterThan(1000);
  });

  it("recognises the patterns the backend builds from strings and wildcards", () => {
    const text = "C:\\Windows\\System32\\cmd.exe /c {x} [y] (z) $HOME ^a|b 100% ümlaut 😀\t";
    for (const p of [
      `(?i)^${pythonReEscape(text)}$`,
      `(?i).*${pythonReEscape("\\rundll32.exe")}`,
      `^${pythonReEscape("a")}.*${pythonReEscape("b")}.$`,
      `(?i)${pythonReEscape("mimikatz")}|${pythonReEscape("sekurlsa::")}`,
      ".*(?:a|b).*",
      // Issue 15: dot-all wildcards and encoded keywords.
      `(?i)^${pythonReEscape("foo")}(?s:.*)`,
      `(?i)(?s:.*)${pythonReEscape("\\cmd.exe")}$`,
      "(?i)va(?s:.)ue(?s:.*)",
      "(?i)http://f/(?:<|\\\\u003c)script",
    ]) {
      expect(isPlainRe2(p), p).toBe(true);
      expect(re2Accepts(p), p).toBe(true);
    }
  });

  it("accepts only patterns RE2 compiles (classes, counts and lazy operators)", () => {
    const tokens = ["a", "[a-z]", "[^\\d-]", "[", "]", "-", "{2}", "{1,3}", "{", "}", "\\s", "*", "?", "(", ")", "|", "[z-a]", "{3,2}", "{1001}", "{01}"];
    const { accepted, wrong } = scanVersusRe2([[tokens, 3]]);
    expect(wrong).toEqual([]);
    expect(accepted).toBeGreaterThan(500);
  });

  it("accepts only patterns RE2 compiles (random patterns over regex syntax)", () => {
    const pieces = ["a", "Z", "0", "-", "^", "$", ".", "|", "*", "+", "?", "(", ")", "(?:", "[", "]", "{", "}", ",", "1", "2", "\\", "\\d", "\\W", "\\.", "\\-", "\\]", "é", "😀", "\uD800", ":", "P", "<", "="];
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const p = parts.join("");
        if (!isPlainRe2(p)) return true;
        accepted++;
        return re2Accepts(p);
      }),
      { numRuns: 20_000 },
    );
    // Random patterns are mostly invalid; the property is only worth something if some pass the scan.
    expect(accepted).toBeGreaterThan(200);
  });

  it("recognises the regular expressions of the corpus's rules", () => {
    for (const p of [
      ".*https://[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}.*",
      ".*\\\\[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.txt$",
      "(?i).*(ipfs\\.io/|ipfs\\.io\\s).+\\..+@.+\\.[a-z]+.*",
      ".*cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$?\\{?input\\}?|noexit).+\".*",
      ".*[-/–][Ee^]{1,2}[ncodema^]*\\s[A-Za-z0-9+/=]{15,}.*",
      ".*\\s+?-f(?:.*\\)){1,}.*",
      ".*.{1000,}.*",
    ]) {
      expect(re2Accepts(p), p).toBe(true);
      // `(?:…){1,}` counts a group: left to RE2 on purpose.
      expect(isPlainRe2(p), p).toBe(!p.includes("){"));
    }
  });

  it("leaves back-references, lookaround, odd classes and counts to RE2", () => {
    for (const p of [
      "(a)\\1", "(?=a)", "a**", "*a", "(a", "a)", "\\", "\uDC00", "(?x)a", "[]a]", "[[:alpha:]]", "[z-a]",
      "a{1001}", "(ab){2}", "a{2}{3}", "\\pL", "[a-\\d]", "a{,5}", "a{01}", "a{3,2}", "[a", "a}", "{2}",
    ]) {
      expect(isPlainRe2(p), p).toBe(false);
    }
  });
});

describe("re2Problem", () => {
  it("agrees with RE2 on patterns outside the fast path", () => {
    expect(re2Problem("[a-z]+\\d{2,3}")).toBeUndefined();
    expect(re2Problem("(?<!a)b") === undefined).toBe(re2Accepts("(?<!a)b"));
    expect(re2Problem("(a)\\1")).toMatch(/escape/);
    // answered from the cache the second time, with the same complaint
    expect(re2Problem("(a)\\1")).toBe(re2Problem("(a)\\1"));
    expect(re2Problem("a**")).toMatch(/repetition/);
  });
});
