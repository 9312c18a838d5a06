/**
 * Output formats (§5.10): the default list of queries, and the YAML formats written by
 * `./output/` (ruler, grafana_alerting).
 */
import type { ConvertibleRule } from "@sigma/backend";
import {
  grafanaAlertingOutput,
  pyyamlDump,
  rulerOutput,
  sanitizeAlertName,
  type OutputEntry,
  type YamlValue,
} from "./output/index.js";
import type { LokiBackendOptions } from "./options.js";

/** A finalised query of a YAML format: what the emitters need, plus whether it is a metric query. */
export interface LokiOutputEntry extends OutputEntry {
  /** A correlation's metric query, used as the alert expression as it is. */
  readonly metric: boolean;
}

/** `finalize_query_<format>`: the query itself, or an entry for the YAML formats. */
export function finalizeEntry(rule: ConvertibleRule, query: string, format: string): string | LokiOutputEntry {
  if (format === "default") return query;
  return {
    title: rule.title,
    description: rule.description,
    author: rule.author,
    level: rule.level,
    id: rule.id,
    query,
    metric: rule.kind === "correlation",
  };
}

/** `finalize_output_<format>`. */
export function finalizeOutput(
  queries: readonly unknown[],
  format: string,
  options: Readonly<LokiBackendOptions>,
): unknown {
  if (format === "default") return [...queries];
  const entries = queries.filter(isEntry);
  if (format === "grafana_alerting") {
    // Metric queries (correlations) are used as they are by grafanaAlertExpr.
    return grafanaAlertingOutput(entries, {
      datasourceUid: options.grafana_datasource_uid,
      folder: options.grafana_folder,
      orgId: options.grafana_org_id,
      interval: options.grafana_interval,
      contactPoint: options.grafana_contact_point,
      groupByField: options.loki_group_by_field,
    });
  }
  if (!entries.some((e) => e.metric)) return rulerOutput(entries);
  return rulerOutputWithMetrics(entries);
}

function isEntry(q: unknown): q is LokiOutputEntry {
  return typeof q === "object" && q !== null && "query" in q && "metric" in q;
}

/**
 * The ruler document when correlations are present: a correlation's metric query is the alert
 * expression itself (wrapping it in `count_over_time` again would not be valid LogQL). Same
 * layout as `rulerOutput` otherwise.
 * NOTE: `rulerOutput` (./output) always wraps; this keeps correlations working until it can take
 * metric queries itself.
 */
function rulerOutputWithMetrics(entries: readonly LokiOutputEntry[]): string {
  const present = (v: string | null | undefined): v is string => v !== undefined && v !== null && v !== "";
  const rules = entries.map((entry): YamlValue => {
    const annotations: Record<string, YamlValue> = {
      description: present(entry.description) ? entry.description : null,
      summary: entry.title,
    };
    if (present(entry.author)) annotations["author"] = entry.author;
    return {
      alert: sanitizeAlertName(entry.title),
      annotations,
      expr: entry.metric ? entry.query : `sum(count_over_time(${entry.query} [1m])) or vector(0) > 0`,
      labels: present(entry.level) ? { severity: entry.level.toLowerCase() } : {},
    };
  });
  return pyyamlDump({ groups: [{ name: "Sigma rules", rules }] });
}
