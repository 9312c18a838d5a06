import { pyyamlDump, type YamlValue } from "./pyyaml.js";
import { present, sanitizeAlertName, type OutputEntry } from "./rule-meta.js";

/**
 * The `ruler` output format: one Loki ruler alerting rule per query, in a single group
 * "Sigma rules", serialised exactly as the reference's `yaml.dump` (sorted keys, width 80).
 * Metric queries (`metric: true`, correlations) are the alert expression as they are.
 */
export function rulerOutput(entries: readonly OutputEntry[]): string {
  const rules = entries.map((entry): YamlValue => {
    const annotations: Record<string, YamlValue> = {
      description: present(entry.description) ? entry.description : null,
      summary: entry.title,
    };
    if (present(entry.author)) annotations["author"] = entry.author;
    return {
      alert: sanitizeAlertName(entry.title),
      annotations,
      expr: entry.metric === true ? entry.query : `sum(count_over_time(${entry.query} [1m])) or vector(0) > 0`,
      labels: present(entry.level) ? { severity: entry.level.toLowerCase() } : {},
    };
  });
  return pyyamlDump({ groups: [{ name: "Sigma rules", rules }] });
}
