/**
 * LogQL string literals and label names.
 */

/**
 * Quotes a value as a LogQL string: a raw backtick string when possible, else a double-quoted
 * string with `\` and `"` escaped (a raw string cannot hold a backtick).
 */
export function quoteValue(text: string): string {
  if (!text.includes("`")) return "`" + text + "`";
  return doubleQuote(text);
}

/** Quotes a value as a double-quoted (Go interpreted) string. */
export function doubleQuote(text: string): string {
  return '"' + text.replace(/[\\"]/g, (c) => "\\" + c).replace(/\n/g, "\\n") + '"';
}

/**
 * Turns a Sigma field name into a Loki label name (Loki's own rule): surrounding whitespace is
 * removed, a leading digit gets a `_` prefix and every character outside `[A-Za-z0-9_]` becomes `_`.
 * Blank names give the empty string (callers reject those before printing).
 */
export function sanitizeLabelName(name: string): string {
  const trimmed = pythonStrip(name);
  if (trimmed === "") return "";
  const prefixed = /^[0-9]/.test(trimmed) ? "_" + trimmed : trimmed;
  let out = "";
  // Iterate by code point so that a non-BMP character becomes a single `_`, as in Python.
  for (const c of prefixed) out += /[A-Za-z0-9_]/.test(c) ? c : "_";
  return out;
}

/** Python's `str.strip()` without arguments (Unicode whitespace). */
export function pythonStrip(s: string): string {
  return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, "");
}
