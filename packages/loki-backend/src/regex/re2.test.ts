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

describe("isPlainRe2", () => {
  it("accepts only patterns RE2 compiles (all short token sequences)", () => {
    const wide = ["a", "\\.", "\\", ".", "*", "+", "?", "(", ")", "(?:", "(?i)", "|", "^", "$", "\\d", "é", "[", "{", "}", "\uD800", "(?=", "(?P<n>"];
    const core = ["a", "\\*", ".", "*", "+", "?", "(", ")", "(?:", "|", "^", "(?is)"];
    const wrong: string[] = [];
    let accepted = 0;
    for (const [tokens, length] of [[wide, 3], [core, 4]] as const) {
      for (const p of sequences(tokens, length)) {
        if (!isPlainRe2(p)) continue;
        accepted++;
        if (!re2Accepts(p)) wrong.push(p);
      }
    }
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
    ]) {
      expect(isPlainRe2(p), p).toBe(true);
      expect(re2Accepts(p), p).toBe(true);
    }
  });

  it("leaves classes, counted repetition, back-references and lookaround to RE2", () => {
    for (const p of ["[a-z]+", "a{2}", "(a)\\1", "(?=a)", "\\d", "a**", "*a", "(a", "a)", "\\", "\uDC00", "(?x)a"]) {
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
