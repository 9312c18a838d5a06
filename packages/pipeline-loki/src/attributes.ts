/** The custom rule attributes the Loki backend reads (rule top-level keys or set by pipelines). */

/**
 * Names of Loki's custom attributes (strings; the Loki backend parses each in its place in the
 * query and refuses, with a located error, a value that is not what it must be):
 * - `loki_parser` replaces the parser stage with LogQL pipeline stages (e.g. `json | logfmt`,
 *   `pattern "<_> <ip>"`), not a comment or anything that would end the log query;
 * - `logsource_loki_selection` replaces the stream selector: a stream selector `{a="b", c=~"d"}`.
 */
export const LokiCustomAttributes = {
  PARSER: "loki_parser",
  LOGSOURCE_SELECTION: "logsource_loki_selection",
} as const;

/** One of the {@link LokiCustomAttributes} names. */
export type LokiCustomAttribute = (typeof LokiCustomAttributes)[keyof typeof LokiCustomAttributes];
