/**
 * LogQL string literals and label names: the rules live in `@sigma/pipeline-loki` (stream
 * selectors need them too); these are the names the printer uses.
 */
export {
  doubleQuoteString as doubleQuote,
  quoteLabelValue as quoteValue,
  sanitizeLabelKey as sanitizeLabelName,
} from "@sigma/pipeline-loki";

/**
 * Words LogQL's grammar reserves (in any letter case): a label filter on a label of that name does
 * not parse (`on="x"` is a syntax error). Found by fuzzing with generated field names.
 */
const LOGQL_KEYWORDS = new Set([
  "on", "ignoring", "bool", "group_left", "group_right", "offset", "json", "logfmt", "line_format", "label_format",
  "unwrap", "regexp", "pattern", "unpack", "drop", "keep", "decolorize", "label_replace", "vector",
]);

/** True when `label` is a word LogQL reserves (any letter case): it cannot be a label name in a query. */
export function isLogQLKeyword(label: string): boolean {
  return LOGQL_KEYWORDS.has(label.toLowerCase());
}
