/**
 * Output formats (§5.10): the default list of queries, and the YAML formats written by
 * `./output/` (ruler, grafana_alerting).
 */
import type { ConvertibleRule } from "@sigma/backend";
import { grafanaAlertingOutput, rulerOutput, type OutputEntry } from "./output/index.js";
import type { LokiBackendOptions } from "./options.js";

/** A finalised query of a YAML format: what the emitters need; `metric` marks a correlation's query. */
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
    return grafanaAlertingOutput(entries, {
      datasourceUid: options.grafana_datasource_uid,
      folder: options.grafana_folder,
      orgId: options.grafana_org_id,
      interval: options.grafana_interval,
      contactPoint: options.grafana_contact_point,
      groupByField: options.loki_group_by_field,
    });
  }
  return rulerOutput(entries);
}

function isEntry(q: unknown): q is LokiOutputEntry {
  return typeof q === "object" && q !== null && "query" in q && "metric" in q;
}
