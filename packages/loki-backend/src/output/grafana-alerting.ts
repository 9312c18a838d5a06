import { SigmaBackendError } from "@sigma/core";
import { isLogQLKeyword, sanitizeLabelName } from "../logql/quote.js";
import { md5Hex } from "./md5.js";
import { pyyamlDump, type YamlValue } from "./pyyaml.js";
import { present, sanitizeAlertName, type OutputEntry } from "./rule-meta.js";

/** Backend options that shape the `grafana_alerting` output. */
export interface GrafanaAlertingOptions {
  /** `grafana_datasource_uid`: uid of the Loki data source. */
  readonly datasourceUid: string;
  /** `grafana_folder`: folder of the rule group. */
  readonly folder: string;
  /** `grafana_org_id`. */
  readonly orgId: number;
  /** `grafana_interval`: evaluation interval, also used as the group name. */
  readonly interval: string;
  /** `grafana_contact_point`: `notification_settings.receiver`. */
  readonly contactPoint: string;
  /** `loki_group_by_field`: wraps plain log queries in `sum by (<field>)`; empty for none. */
  readonly groupByField: string;
}

/** The reference's defaults for {@link GrafanaAlertingOptions}. */
export const DEFAULT_GRAFANA_ALERTING_OPTIONS: GrafanaAlertingOptions = {
  datasourceUid: "loki",
  folder: "sigma",
  orgId: 1,
  interval: "1m",
  contactPoint: "default",
  groupByField: "",
};

const SEVERITY: Readonly<Record<string, string>> = {
  critical: "critical",
  high: "warning",
  medium: "info",
  low: "info",
  informational: "info",
};

/** Queries that already are metric queries (correlations) are used as they are. */
const METRIC_QUERY = /^(?:sum|count|avg|min|max)/;

/**
 * The alert expression for one query. `groupByField` (`loki_group_by_field`) becomes a label name
 * as field names do (sanitised; a LogQL keyword is refused: it would not parse).
 */
export function grafanaAlertExpr(query: string, groupByField: string): string {
  if (METRIC_QUERY.test(query)) return query;
  const label = sanitizeLabelName(groupByField);
  if (isLogQLKeyword(label)) {
    throw new SigmaBackendError(
      `Option 'loki_group_by_field' is '${groupByField}', a LogQL keyword, which cannot be a label name in 'sum by (…)'; name another label`,
    );
  }
  const by = label === "" ? "" : ` by (${label})`;
  return `sum${by}(count_over_time(${query}[1m])) > 0`;
}

function alertRule(entry: OutputEntry, options: GrafanaAlertingOptions): YamlValue {
  const labels: Record<string, YamlValue> = {};
  const severity = present(entry.level) ? SEVERITY[entry.level.toLowerCase()] : undefined;
  if (severity !== undefined) labels["severity"] = severity;
  if (present(entry.id)) labels["sigma_id"] = entry.id;
  return {
    uid: present(entry.id) ? entry.id : md5Hex(entry.title).slice(0, 14),
    title: sanitizeAlertName(entry.title),
    condition: "A",
    data: [
      {
        refId: "A",
        queryType: "instant",
        relativeTimeRange: { from: 600, to: 0 },
        datasourceUid: options.datasourceUid,
        model: {
          direction: "backward",
          editorMode: "code",
          expr: entry.metric === true ? entry.query : grafanaAlertExpr(entry.query, options.groupByField),
          instant: true,
          intervalMs: 1000,
          maxDataPoints: 43200,
          queryType: "instant",
          refId: "A",
        },
      },
    ],
    noDataState: "OK",
    execErrState: "OK",
    annotations: {
      summary: entry.title,
      description: present(entry.description) ? entry.description : entry.title,
    },
    labels,
    isPaused: false,
    notification_settings: { receiver: options.contactPoint },
  };
}

/**
 * The `grafana_alerting` output format: a Grafana alerting provisioning file with one rule per
 * query, serialised as the reference's `yaml.dump(sort_keys=False, width=1000, allow_unicode=True)`.
 */
export function grafanaAlertingOutput(
  entries: readonly OutputEntry[],
  options: Partial<GrafanaAlertingOptions> = {},
): string {
  const opts: GrafanaAlertingOptions = { ...DEFAULT_GRAFANA_ALERTING_OPTIONS, ...options };
  const document: YamlValue = {
    apiVersion: 1,
    groups: [
      {
        orgId: opts.orgId,
        name: opts.interval,
        folder: opts.folder,
        interval: opts.interval,
        rules: entries.map((entry) => alertRule(entry, opts)),
      },
    ],
  };
  return pyyamlDump(document, { sortKeys: false, width: 1000, allowUnicode: true });
}
