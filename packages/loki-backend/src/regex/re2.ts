/**
 * Checks that a regular expression compiles with RE2, the engine Loki uses. The check only
 * compiles the pattern (re2js, a pure-JS RE2 port): rule regexes are never run on a backtracking
 * engine.
 *
 * Compiling costs tens of microseconds per pattern, more than the rest of a rule's conversion, and
 * almost every pattern the backend builds is escaped text with `.*` wildcards. Those are
 * recognised by a linear scan ({@link isPlainRe2}) that accepts only what RE2 always accepts;
 * anything else is compiled (and the answer remembered).
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

/**
 * The common case of {@link isPlainRe2} (no groups) as one regular expression, which runs as
 * native code: flag groups, then characters, escaped ASCII punctuation and `.` each with at most
 * one repetition operator, and `|`, `^`, `$`.
 */
const PLAIN_WITHOUT_GROUPS =
  /^(?:\(\?[imsU]+\))*(?:(?:[^\\()[\]{}*+?|^$\uD800-\uDFFF]|\\[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|[\uD800-\uDBFF][\uDC00-\uDFFF])[*+?]?|[|^$])*$/;

/**
 * True for patterns RE2 certainly compiles: leading flag groups `(?i)` (flags i, m, s, U), then
 * literal characters, escaped ASCII punctuation, `.`, `^`, `$`, `|`, groups `(…)` and `(?:…)`, and
 * one `*`, `+` or `?` after a character, `.` or group. `false` only means "not sure" (classes,
 * counted repetition, other escapes and groups, unpaired surrogates, very long or deep patterns).
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
  // Whether the previous item can take a repetition operator (a character, `.` or a group).
  let repeatable = false;
  while (i < n) {
    const c = pattern.charCodeAt(i);
    switch (c) {
      case 0x5c /* \ */: {
        const next = pattern.charCodeAt(i + 1);
        if (!(next < 0x80) || isAlnum(next)) return false;
        i += 2;
        repeatable = true;
        continue;
      }
      case 0x2a /* * */:
      case 0x2b /* + */:
      case 0x3f /* ? */:
        if (!repeatable) return false;
        repeatable = false;
        break;
      case 0x28 /* ( */:
        if (pattern.charCodeAt(i + 1) === 0x3f /* ? */) {
          if (pattern.charCodeAt(i + 2) !== 0x3a /* : */) return false;
          i += 2;
        }
        if (++depth > MAX_PLAIN_DEPTH) return false;
        repeatable = false;
        break;
      case 0x29 /* ) */:
        if (--depth < 0) return false;
        repeatable = true;
        break;
      case 0x7c /* | */:
      case 0x5e /* ^ */:
      case 0x24 /* $ */:
        repeatable = false;
        break;
      case 0x5b /* [ */:
      case 0x5d /* ] */:
      case 0x7b /* { */:
      case 0x7d /* } */:
        return false;
      default:
        if (c >= 0xd800 && c <= 0xdfff) {
          // A surrogate pair is one character; an unpaired half is left to RE2.
          const low = pattern.charCodeAt(i + 1);
          if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
          i++;
        }
        repeatable = true;
    }
    i++;
  }
  return depth === 0;
}
