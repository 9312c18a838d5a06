/**
 * Regular-expression text helpers shared by label filters and line filters.
 */

/** Leading inline flag groups such as `(?i)` or `(?ims)`, which must stay in front of a pattern. */
const FLAG_PREFIX = /^(?:\(\?[a-zA-Z]+\))+/;

/** Splits `(?i)body` into `["(?i)", "body"]`. */
export function splitFlagPrefix(pattern: string): [string, string] {
  const m = FLAG_PREFIX.exec(pattern);
  if (!m) return ["", pattern];
  return [m[0], pattern.slice(m[0].length)];
}

/** True if the pattern ends with a `$` that is not escaped by a backslash. */
export function endsWithUnescapedDollar(pattern: string): boolean {
  if (!pattern.endsWith("$")) return false;
  let backslashes = 0;
  for (let i = pattern.length - 2; i >= 0 && pattern[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** True if the pattern has a `|` outside groups and character classes. */
export function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // `[]…]` and `[^]…]`: a `]` right after the opening is a literal.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
    } else if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

/**
 * Makes a Sigma `re` pattern search (as Sigma means) inside a Loki label filter, which matches the
 * whole label value: a wrapper that matches anything, newlines included (`(?s:.*)`), is put on
 * each side that is not anchored (`^` at the start, an unescaped `$` at the end; a pattern with a
 * top-level `|` is never anchored as a whole), replacing a
 * `.*` the pattern already has there (outside a top-level alternation, which is grouped first);
 * flag groups stay in front. The pattern's own `.` keeps its meaning (only `s` makes it match a
 * newline). Where the wrappers need no newline (the `s` flag), and where Loki runs the regex as a
 * substring test (`.*text.*`, which crosses newlines), they stay `.*` and are not doubled.
 */
export function anchorForLabelFilter(pattern: string): string {
  const [flags, body] = splitFlagPrefix(pattern);
  const grouped = hasTopLevelAlternation(body);
  // An anchor inside a top-level alternation binds one alternative only (`^a|b`: "starts with a,
  // or contains b"), so a grouped pattern is wrapped on both sides.
  const openStart = grouped || !body.startsWith("^");
  const openEnd = grouped || !endsWithUnescapedDollar(body);
  let core = body;
  if (!grouped && openStart && startsWithPlainWildcard(core)) core = core.slice(2);
  if (!grouped && openEnd && endsWithWildcard(core)) core = core.slice(0, -2);
  const substringTest = openStart && openEnd && !grouped && (core === "" || isLiteralRegex(core)) && /^(?:\(\?[im]+\))*$/.test(flags);
  if (/s/.test(flags) || substringTest) {
    const start = !openStart || (!grouped && body.startsWith(".*")) ? "" : ".*";
    const end = !openEnd || (!grouped && endsWithWildcard(body)) ? "" : ".*";
    return flags + start + (grouped ? `(?:${body})` : body) + end;
  }
  return flags + (openStart ? DOTALL_MULTI : "") + (grouped ? `(?:${body})` : core) + (openEnd ? DOTALL_MULTI : "");
}

/** Sigma's `*` and `?` as regexes that match newlines too (Loki's `.` stops at a newline). */
export const DOTALL_MULTI = "(?s:.*)";
export const DOTALL_SINGLE = "(?s:.)";

/** A regex that is one literal for Go's parser: text and escaped punctuation only. */
function isLiteralRegex(pattern: string): boolean {
  return /^(?:[^\\.*+?()[\]{}|^$]|\\[^A-Za-z0-9])+$/.test(pattern);
}

/** True if the pattern starts with a `.*` that no quantifier modifies (`.*?` is lazy, `.*+` invalid). */
function startsWithPlainWildcard(pattern: string): boolean {
  return pattern.startsWith(".*") && !/^[?+*{]/.test(pattern.slice(2));
}

/** True if the pattern ends with a `.*` whose dot is not escaped (`\.*` is a run of dots). */
function endsWithWildcard(pattern: string): boolean {
  return pattern.endsWith(".*") && !isEscapedAt(pattern, pattern.length - 2);
}

/**
 * Removes the `.*` at either end of a line-filter regex (line filters search substrings, and Loki
 * runs a leading `.*` slowly), keeping a leading flag group. Returns "" when nothing is left.
 */
export function stripOuterWildcards(pattern: string): string {
  const [flags, body] = splitFlagPrefix(pattern);
  let b = body;
  if (b.startsWith(".*")) b = b.slice(2);
  if (endsWithWildcard(b)) b = b.slice(0, -2);
  return b === "" ? "" : flags + b;
}

/** True if the character at `index` is preceded by an odd number of backslashes. */
function isEscapedAt(text: string, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i >= 0 && text[i] === "\\"; i--) n++;
  return n % 2 === 1;
}
