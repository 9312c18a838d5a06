/** Log source statistics of a rule set: detection rules per category and level (sigma-cli's `analyze logsource`). */
import type { AnyRule } from "../rules.js";

/** The count columns, in sigma-cli's order. */
export const LOGSOURCE_COLUMNS = ["Overall", "Critical", "High", "Medium", "Low", "Informational", "None"] as const;
/** A count column. */
export type LogsourceColumn = (typeof LOGSOURCE_COLUMNS)[number];

/** The rules of one log source category. */
export interface LogsourceRow {
  /** `logsource.category`, or null for rules without one. */
  readonly category: string | null;
  readonly counts: Readonly<Record<LogsourceColumn, number>>;
}

const LEVEL_COLUMN: Readonly<Record<string, LogsourceColumn>> = {
  informational: "Informational",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

/**
 * Counts detection rules (correlations have no log source) per category, in order of first
 * appearance, then sorts by a column, highest first (ties keep their order). `Logsource` sorts by
 * the category name, with no category as `None`.
 */
export function logsourceStats(rules: Iterable<AnyRule>, sortBy: LogsourceColumn | "Logsource" = "Overall"): LogsourceRow[] {
  const rows = new Map<string | null, Record<LogsourceColumn, number>>();
  for (const rule of rules) {
    if (rule.kind !== "rule") continue;
    const category = rule.logsource.category ?? null;
    let counts = rows.get(category);
    if (!counts) {
      counts = { Overall: 0, Critical: 0, High: 0, Medium: 0, Low: 0, Informational: 0, None: 0 };
      rows.set(category, counts);
    }
    counts.Overall += 1;
    counts[rule.level === undefined ? "None" : LEVEL_COLUMN[rule.level]!] += 1;
  }
  const list = [...rows].map(([category, counts]) => ({ category, counts }));
  if (sortBy === "Logsource") {
    const name = (r: LogsourceRow): string => r.category ?? "None";
    return list.sort((a, b) => (name(a) < name(b) ? 1 : name(a) > name(b) ? -1 : 0));
  }
  return list.sort((a, b) => b.counts[sortBy] - a.counts[sortBy]);
}
