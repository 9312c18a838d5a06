/**
 * Checks that a regular expression compiles with RE2, the engine Loki uses. The check only
 * compiles the pattern (re2js, a pure-JS RE2 port): rule regexes are never run on a backtracking
 * engine.
 *
 * Compiling costs tens of microseconds per pattern (about a millisecond in a cold process), more
 * than the rest of a rule's conversion, and almost every pattern the backend builds is escaped text
 * with `.*` wildcards, or a rule's own regex with simple classes and counts. Those are recognised by
 * a linear scan ({@link isPlainRe2}) that accepts only what RE2 always accepts; anything else is
 * compiled (and the answer remembered).
 */
import { RE2JS } from "re2js";

/** Longest pattern the scan accepts (far below RE2's size limits). */
const MAX_PLAIN_LENGTH = 10_000;
/** Deepest group nesting the scan accepts (far below RE2's nesting limit). */
const MAX_PLAIN_DEPTH = 100;
const CACHE_LIMIT = 2_000;
const cache = new Map<string, string | undefined>();

/** Returns RE2's complaint about the pattern, or `undefined` when RE2 accepts it. */
export function re2Problem(pattern: string): string | undefined {
  if (isPlainRe2(pattern)) return undefined;
  if (cache.has(pattern)) return cache.get(pattern);
  let problem: string | undefined;
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    problem = e instanceof Error ? e.message : String(e);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, problem);
  return problem;
}

/** ASCII letters and digits: escaping them means a class, a back-reference or an error in RE2. */
function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** `d`, `D`, `s`, `S`, `w`, `W`: the Perl classes RE2 knows (`\d` …), inside and outside `[…]`. */
function isPerlClassLetter(c: number): boolean {
  return c === 0x64 || c === 0x44 || c === 0x73 || c === 0x53 || c === 0x77 || c === 0x57;
}

/** Largest count RE2 allows in `{n,m}`. */
const MAX_REPEAT = 1000;
/** Sum of the counts of `{n,m}` the scan accepts in one pattern (keeps RE2's program small). */
const MAX_REPEAT_TOTAL = 100_000;

/**
 * The common case of {@link isPlainRe2} (no groups, classes or counts) as one regular expression,
 * which runs as native code: flag groups, then characters, escaped ASCII punctuation and `.` each
 * with at most one repetition operator, the dot-all wildcards `(?s:.*)` and `(?s:.)`, and `|`,
 * `^`, `$`.
 */
const PLAIN_WITHOUT_GROUPS =
  /^(?:\(\?[imsU]+\))*(?:(?:[^\\()[\]{}*+?|^$\uD800-\uDFFF]|\\[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|[\uD800-\uDBFF][\uDC00-\uDFFF])[*+?]?|\(\?s:\.\*?\)|[|^$])*$/;

/** `{n}`, `{n,}` or `{n,m}` (no leading zeros) where `lastIndex` points: n in group 1, m in group 2. */
const COUNTED = /\{(0|[1-9]\d{0,3})(?:,(0|[1-9]\d{0,3})?)?\}/y;

/**
 * Where a character class that starts at `start` (its `[`) ends (the index after its `]`), or -1
 * when the scan cannot vouch for it. Accepted: an optional `^`, then literal characters, escaped
 * ASCII punctuation and `\d`-style classes, and ranges `a-z` of two characters in order; `-` only
 * first, last or between the ends of a range. Left to RE2: `[]…]`, `[[:alpha:]]`, `\p{…}` and any
 * other escape, unpaired surrogates.
 */
function classEnd(pattern: string, start: number): number {
  const n = pattern.length;
  let i = start + 1;
  if (pattern.charCodeAt(i) === 0x5e /* ^ */) i++;
  const first = i;
  // The code point of one class character at i (and where it ends), -2 for a `\d`-style class, -1 when unsure.
  let next = 0;
  const item = (at: number): number => {
    const c = pattern.charCodeAt(at);
    if (c === 0x5c /* \ */) {
      const e = pattern.charCodeAt(at + 1);
      next = at + 2;
      if (isPerlClassLetter(e)) return -2;
      return e < 0x80 && !isAlnum(e) ? e : -1;
    }
    if (c === 0x5b /* [ */ || c === 0x5d /* ] */ || Number.isNaN(c)) return -1;
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = pattern.charCodeAt(at + 1);
      if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return -1;
      next = at + 2;
      return 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
    }
    next = at + 1;
    return c;
  };
  while (i < n) {
    const c = pattern.charCodeAt(i);
    if (c === 0x5d /* ] */) return i === first ? -1 : i + 1;
    if (c === 0x2d /* - */ && i !== first && pattern.charCodeAt(i + 1) !== 0x5d) return -1;
    const lo = item(i);
    if (lo === -1) return -1;
    i = next;
    if (pattern.charCodeAt(i) === 0x2d /* - */ && pattern.charCodeAt(i + 1) !== 0x5d /* ] */ && i + 1 < n) {
      if (lo === -2) return -1;
      const hi = item(i + 1);
      if (hi < 0 || hi < lo) return -1;
      i = next;
    }
  }
  return -1;
}

/**
 * True for patterns RE2 certainly compiles: leading flag groups `(?i)` (flags i, m, s, U), then
 * literal characters, escaped ASCII punctuation, `\d \D \s \S \w \W`, `.`, simple classes (see
 * {@link classEnd}), `^`, `$`, `|`, groups `(…)`, `(?:…)` and `(?ims:…)`; one `*`, `+`, `?` or `{n,m}` (counts up
 * to 1000, `{n,m}` on a single character, class or `.` only), optionally made lazy with `?`.
 * `false` only means "not sure" (other escapes and groups, unpaired surrogates, very long, deep or
 * count-heavy patterns).
 */
export function isPlainRe2(pattern: string): boolean {
  const n = pattern.length;
  if (n > MAX_PLAIN_LENGTH) return false;
  if (PLAIN_WITHOUT_GROUPS.test(pattern)) return true;
  let i = 0;
  // Leading flag groups.
  while (pattern.startsWith("(?", i)) {
    let j = i + 2;
    while (j < n && "imsU".includes(pattern.charAt(j))) j++;
    if (j === i + 2 || pattern.charCodeAt(j) !== 0x29 /* ) */) break;
    i = j + 1;
  }
  let depth = 0;
  let repeatTotal = 0;
  // What the previous item allows: 0 nothing, 1 a repetition operator (after a group), 2 also a
  // count (after a single character, class or `.`), 3 only the lazy `?` (after an operator).
  let after = 0;
  while (i < n) {
    const c = pattern.charCodeAt(i);
    switch (c) {
      case 0x5c /* \ */: {
        const next = pattern.charCodeAt(i + 1);
        if (!(next < 0x80) || (isAlnum(next) && !isPerlClassLetter(next))) return false;
        i += 2;
        after = 2;
        continue;
      }
      case 0x2a /* * */:
      case 0x2b /* + */:
        if (after !== 1 && after !== 2) return false;
        after = 3;
        break;
      case 0x3f /* ? */:
        if (after === 0) return false;
        // `a??` is the lazy `?`; a second lazy mark is an error.
        after = after === 3 ? 0 : 3;
        break;
      case 0x7b /* { */: {
        if (after !== 2) return false;
        COUNTED.lastIndex = i;
        const m = COUNTED.exec(pattern);
        if (m === null) return false;
        const low = Number(m[1]);
        // `{n,}` repeats at least n times: its program holds n copies, as `{n}` does.
        const high = m[2] === undefined ? low : Number(m[2]);
        if (low > MAX_REPEAT || high > MAX_REPEAT || high < low) return false;
        repeatTotal += high;
        if (repeatTotal > MAX_REPEAT_TOTAL) return false;
        i += m[0].length;
        after = 3;
        continue;
      }
      case 0x5b /* [ */: {
        const end = classEnd(pattern, i);
        if (end < 0) return false;
        i = end;
        after = 2;
        continue;
      }
      case 0x28 /* ( */:
        if (pattern.charCodeAt(i + 1) === 0x3f /* ? */) {
          // `(?:…)`, or with flags `(?s:…)` (the backend's dot-all wildcards).
          let j = i + 2;
          while (j < n && "imsU".includes(pattern.charAt(j))) j++;
          if (pattern.charCodeAt(j) !== 0x3a /* : */) return false;
          i = j;
        }
        if (++depth > MAX_PLAIN_DEPTH) return false;
        after = 0;
        break;
      case 0x29 /* ) */:
        if (--depth < 0) return false;
        after = 1;
        break;
      case 0x7c /* | */:
      case 0x5e /* ^ */:
      case 0x24 /* $ */:
        after = 0;
        break;
      case 0x5d /* ] */:
      case 0x7d /* } */:
        return false;
      default:
        if (c >= 0xd800 && c <= 0xdfff) {
          // A surrogate pair is one character; an unpaired half is left to RE2.
          const low = pattern.charCodeAt(i + 1);
          if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
          i++;
        }
        after = 2;
    }
    i++;
  }
  return depth === 0;
}
