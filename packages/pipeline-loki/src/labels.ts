/**
 * Loki label names and LogQL string literals, as stream selectors and label filters need them.
 * The Loki backend prints its queries with these too, so there is one rule for both.
 */

const VALID_LABEL_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Loki's label-name rule: surrounding whitespace removed (as Python's `str.strip()`), `_` put
 * before a leading digit, and every character outside `[A-Za-z0-9_]` replaced by `_` (one `_` per
 * code point, as in Python, so an emoji gives one `_`). An empty or blank name gives `""`.
 *
 * @example sanitizeLabelKey("field.name@A-Z") === "field_name_A_Z"; sanitizeLabelKey("0field") === "_0field"
 */
export function sanitizeLabelKey(key: string): string {
  // Most field names are already valid label names (called for every label filter printed).
  if (VALID_LABEL_KEY.test(key)) return key;
  const stripped = pythonStrip(key);
  if (stripped === "") return "";
  const prefixed = /^[0-9]/.test(stripped) ? `_${stripped}` : stripped;
  return prefixed.replace(/[^A-Za-z0-9_]/gu, "_");
}

/** Python's `str.strip()` without arguments: Unicode whitespace plus the separators \x1c-\x1f and \x85. */
export function pythonStrip(text: string): string {
  return text.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, "");
}

/**
 * Quotes a label value or regex as a LogQL string: a raw backtick string when possible, else a
 * double-quoted (Go interpreted) string, since a raw string cannot hold a backtick, nor a NUL
 * (Loki's lexer refuses a raw NUL anywhere in a query; the escape `\x00` is fine).
 */
export function quoteLabelValue(text: string): string {
  if (!/[`\0]/.test(text)) return `\`${text}\``;
  return doubleQuoteString(text);
}

/** Quotes a text as a double-quoted (Go interpreted) string: `\`, `"`, newlines and NUL escaped. */
export function doubleQuoteString(text: string): string {
  if (!/[\\"\n\0]/.test(text)) return `"${text}"`;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, "\\n").replace(/\0/g, "\\x00")}"`;
}
