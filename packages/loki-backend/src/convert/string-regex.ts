/**
 * Sigma strings as LogQL regexes: text escaped as Python's `re.escape` escapes it (the reference's
 * escaping), `*` → `.*`, `?` → `.`; label filters anchor the whole value.
 */
import { PYTHON_RE_ESCAPED_CHARS, endsWithWildcard, sigmaStringToRegex, startsWithWildcard } from "@sigma/core";
import type { SigmaStringValue } from "@sigma/core";

const PYTHON_ESCAPES = { escapedChars: PYTHON_RE_ESCAPED_CHARS } as const;

/** The regex body of a string (unanchored). Literal `*`/`?` (written `\*`, `\?`) are text, hence escaped. */
export function regexBody(v: SigmaStringValue): string {
  return sigmaStringToRegex(v, PYTHON_ESCAPES);
}

/**
 * A whole-value regex for a label filter: `^…$`, without the anchor on a side that starts/ends
 * with `*`, with `(?i)` unless case-sensitive.
 */
export function labelRegex(v: SigmaStringValue, caseInsensitive: boolean): string {
  return (caseInsensitive ? "(?i)" : "") + (startsWithWildcard(v) ? "" : "^") + regexBody(v) + (endsWithWildcard(v) ? "" : "$");
}
