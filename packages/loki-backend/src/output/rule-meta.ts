/** What the output formats need to know about one generated query and the rule it came from. */
export interface OutputEntry {
  /** Rule title (`title:`). */
  readonly title: string;
  /** Rule description; absent/null/empty means none. */
  readonly description?: string | null | undefined;
  /** Rule author; absent/null/empty means none. */
  readonly author?: string | null | undefined;
  /** Rule level as written in the rule (`informational`, `low`, `medium`, `high`, `critical`). */
  readonly level?: string | null | undefined;
  /** Rule id (`id:`), usually a UUID. */
  readonly id?: string | null | undefined;
  /** The finished LogQL query. */
  readonly query: string;
  /**
   * True for a metric query (a correlation): it is the alert expression as it is, instead of
   * being wrapped in `count_over_time` (the reference embeds a Python repr there — a BUG).
   */
  readonly metric?: boolean | undefined;
}

/** Alert name from a rule title: runs of characters outside `[a-zA-Z0-9_:]` become `_`, outer `_` trimmed. */
export function sanitizeAlertName(title: string): string {
  return title.replace(/[^a-zA-Z0-9_:]+/g, "_").replace(/^_+|_+$/g, "");
}

/** Python-style truthiness of an optional string field. */
export function present(value: string | null | undefined): value is string {
  return value !== undefined && value !== null && value !== "";
}
