/** Loki label names and label values as they appear in stream selectors and label filters. */

/**
 * Loki's label-name rule: surrounding whitespace removed, `_` put before a leading digit, and
 * every character outside `[A-Za-z0-9_]` replaced by `_`. An empty or blank name gives `""`.
 *
 * @example sanitizeLabelKey("field.name@A-Z") === "field_name_A_Z"; sanitizeLabelKey("0field") === "_0field"
 */
export function sanitizeLabelKey(key: string): string {
  // Python's str.strip() removes whitespace only.
  const stripped = key.replace(/^\s+|\s+$/g, "");
  if (stripped === "") return "";
  const prefixed = /^[0-9]/.test(stripped) ? `_${stripped}` : stripped;
  return prefixed.replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * Quotes a label value or regex: backticks (raw strings in LogQL), or double quotes with `\` and
 * `"` escaped when the text itself contains a backtick.
 */
export function quoteLabelValue(text: string): string {
  if (!text.includes("`")) return `\`${text}\``;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
