/**
 * Sigma strings as LogQL regexes and plain text.
 */
import { SigmaPlaceholderError, type SigmaStringValue, type SourceLocation } from "@sigma/core";
import { pythonReEscape } from "../regex/escape.js";

/**
 * Rejects a string that still holds a `%name%` placeholder: it was meant to be replaced by a
 * processing pipeline, and searching for the literal `%name%` would silently match nothing.
 */
export function assertNoPlaceholder(v: SigmaStringValue, location?: SourceLocation): void {
  for (const p of v.parts) {
    if (typeof p === "object" && p.kind === "placeholder") {
      throw new SigmaPlaceholderError(
        `Attempt to convert unhandled placeholder '${p.name}' into query. ` +
          "Add a processing pipeline that replaces it (e.g. value_placeholders).",
        location,
      );
    }
  }
}

/** True if the string has a `*` or `?` wildcard. */
export function hasWildcard(v: SigmaStringValue): boolean {
  return v.parts.some((p) => typeof p === "object" && p.kind === "wildcard");
}

/** The literal text of a string without wildcards. */
export function plainText(v: SigmaStringValue): string {
  return v.parts.map((p) => (typeof p === "string" ? p : "")).join("");
}

/**
 * The regex body of a string: text escaped like Python's `re.escape`, `*` → `.*`, `?` → `.`.
 * Literal `*`/`?` (written `\*`, `\?`) are text, hence escaped.
 */
export function regexBody(v: SigmaStringValue): string {
  let out = "";
  for (const p of v.parts) {
    if (typeof p === "string") out += pythonReEscape(p);
    else if (p.kind === "wildcard") out += p.wildcard === "*" ? ".*" : ".";
  }
  return out;
}

/** True if the first part is the `*` wildcard. */
export function startsWithStar(v: SigmaStringValue): boolean {
  const p = v.parts[0];
  return typeof p === "object" && p.kind === "wildcard" && p.wildcard === "*";
}

/** True if the last part is the `*` wildcard. */
export function endsWithStar(v: SigmaStringValue): boolean {
  const p = v.parts[v.parts.length - 1];
  return typeof p === "object" && p.kind === "wildcard" && p.wildcard === "*";
}

/**
 * A whole-value regex for a label filter: `^…$`, without the anchor on a side that starts/ends
 * with `*`, with `(?i)` unless case-sensitive.
 */
export function labelRegex(v: SigmaStringValue, caseInsensitive: boolean): string {
  return (
    (caseInsensitive ? "(?i)" : "") +
    (startsWithStar(v) ? "" : "^") +
    regexBody(v) +
    (endsWithStar(v) ? "" : "$")
  );
}
