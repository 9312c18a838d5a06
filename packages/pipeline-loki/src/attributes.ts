/** The custom rule attributes the Loki backend reads (rule top-level keys or set by pipelines). */

/**
 * Names of Loki's custom attributes:
 * - `loki_parser` replaces the parser stage with any LogQL pipeline text (e.g. `json | logfmt`);
 * - `logsource_loki_selection` replaces the stream selector verbatim.
 */
export const LokiCustomAttributes = {
  PARSER: "loki_parser",
  LOGSOURCE_SELECTION: "logsource_loki_selection",
} as const;

/** One of the {@link LokiCustomAttributes} names. */
export type LokiCustomAttribute = (typeof LokiCustomAttributes)[keyof typeof LokiCustomAttributes];
