/**
 * Sigma strings as LogQL regexes: text escaped as Python's `re.escape` escapes it (the reference's
 * escaping), `*` → `.*`, `?` → `.`; label filters anchor the whole value.
 *
 * Multi-line values: in Loki's label-filter (and line-filter) regexes `.` stops at a newline, so a
 * wildcard written `.*` misses values that span lines. Where that matters, wildcards are written
 * `(?s:.*)` / `(?s:.)`, which match any character. Loki runs a label regex of the form `.*text.*`
 * (optionally `(?i)`) as a substring test — which crosses newlines — and only when its `.*` is the
 * newline-stopping one: that form (and `.*` alone) keeps `.*`.
 */
import { PYTHON_RE_ESCAPED_CHARS, containsWildcard, endsWithWildcard, sigmaStringToRegex, startsWithWildcard } from "@sigma/core";
import type { SigmaStringValue } from "@sigma/core";
import { DOTALL_MULTI, DOTALL_SINGLE } from "../regex/escape.js";
import { encodedTextRegex, encodesAsItself, soleEncodedText, type LineEncoding } from "../regex/line-encoding.js";

const PYTHON_ESCAPES = { escapedChars: PYTHON_RE_ESCAPED_CHARS } as const;

/**
 * Which wildcards of a string match newlines: `all`, or `inner` — all but a `*` at either end,
 * which a search (line filter) makes vacuous. Undefined: none (`.*`, `.`).
 */
export type DotAllWildcards = "all" | "inner";

/** Options of {@link labelRegex}. */
export interface LabelRegexOptions {
  /** Default: every wildcard, unless Loki runs the regex as a substring test. */
  readonly dotAll?: DotAllWildcards;
  /** The text is searched in lines of this encoding (keywords; ../regex/line-encoding.ts). */
  readonly encoding?: LineEncoding;
}

const PYTHON_ESCAPES_DOTALL = { ...PYTHON_ESCAPES, wildcardMulti: DOTALL_MULTI, wildcardSingle: DOTALL_SINGLE } as const;

/**
 * The regex body of a string (unanchored). Literal `*`/`?` (written `\*`, `\?`) are text, hence
 * escaped; with an `encoding`, text is searched in every form that encoding gives it.
 */
export function regexBody(v: SigmaStringValue, dotAll?: DotAllWildcards, encoding?: LineEncoding): string {
  if (encoding === undefined || v.parts.every((p) => typeof p !== "string" || encodesAsItself(p, encoding))) {
    if (dotAll === undefined || !containsWildcard(v)) return sigmaStringToRegex(v, PYTHON_ESCAPES);
    if (dotAll === "all") return sigmaStringToRegex(v, PYTHON_ESCAPES_DOTALL);
  }
  const last = v.parts.length - 1;
  let s = "";
  v.parts.forEach((p, i) => {
    if (typeof p === "string") s += encodedTextRegex(p, encoding);
    else if (p.kind === "placeholder") s += `%${p.name}%`;
    else if (p.wildcard === "?") s += dotAll === undefined ? "." : DOTALL_SINGLE;
    else s += dotAll === "all" || (dotAll === "inner" && i !== 0 && i !== last) ? DOTALL_MULTI : ".*";
  });
  return s;
}

/**
 * True for `*text*` (when the encoding writes the text one way) and `*`: label regexes Loki runs
 * as a substring test / as true, which already hold across lines.
 */
function isSubstringSearch(v: SigmaStringValue, encoding: LineEncoding | undefined): boolean {
  const parts = v.parts;
  if (parts.length === 1) return startsWithWildcard(v);
  const text = parts[1];
  return (
    parts.length === 3 &&
    typeof text === "string" &&
    startsWithWildcard(v) &&
    endsWithWildcard(v) &&
    (encoding === undefined || soleEncodedText(text, encoding) !== undefined)
  );
}

/**
 * A whole-value regex for a label filter: `^…$`, without the anchor on a side that starts/ends
 * with `*`, with `(?i)` unless case-sensitive; wildcards match newlines unless Loki runs the regex
 * as a substring test. With `dotAll: "inner"` (a line filter inferred from it), only inner ones.
 */
export function labelRegex(v: SigmaStringValue, caseInsensitive: boolean, options: LabelRegexOptions = {}): string {
  const dotAll = options.dotAll ?? (isSubstringSearch(v, options.encoding) ? undefined : "all");
  const body = regexBody(v, dotAll, options.encoding);
  return (caseInsensitive ? "(?i)" : "") + (startsWithWildcard(v) ? "" : "^") + body + (endsWithWildcard(v) ? "" : "$");
}
