/**
 * Options of the Loki backend (§5.2), as given with sigma-cli `-O key=value`.
 */
import type { BackendOptionSpecs } from "@sigma/backend";
import { MAX_REGEX_LENGTH } from "./convert/regex-limit.js";

/** Option values of the Loki backend. */
export type LokiBackendOptions = {
  /** Infer one line filter from the label filters when the query has none (§5.7). */
  add_line_filters: boolean;
  /** Match plain strings exactly (`=`, `|=`) instead of with `(?i)` regexes. */
  case_sensitive: boolean;
  /** `grafana_alerting`: uid of the Loki data source. */
  grafana_datasource_uid: string;
  /** `grafana_alerting`: folder of the rule group. */
  grafana_folder: string;
  /** `grafana_alerting`: organisation id. */
  grafana_org_id: number;
  /** `grafana_alerting`: evaluation interval (also the group name). */
  grafana_interval: string;
  /** `grafana_alerting`: contact point (`notification_settings.receiver`). */
  grafana_contact_point: string;
  /** `grafana_alerting`: wrap log queries in `sum by (<field>)`. */
  loki_group_by_field: string;
  /** Longest regular expression (characters) a query may contain; longer ones are a rule error. */
  max_regex_length: number;
};

/** Declarations with the reference's defaults. */
export const LOKI_BACKEND_OPTIONS: BackendOptionSpecs<LokiBackendOptions> = {
  add_line_filters: {
    type: "boolean",
    default: false,
    description: "Add one line filter inferred from the label filters when the query has none",
  },
  case_sensitive: {
    type: "boolean",
    default: false,
    description: "Match strings without wildcards case-sensitively (faster in Loki, not Sigma's default)",
  },
  grafana_datasource_uid: { type: "string", default: "loki", description: "grafana_alerting: Loki data source uid" },
  grafana_folder: { type: "string", default: "sigma", description: "grafana_alerting: rule folder" },
  grafana_org_id: { type: "number", default: 1, description: "grafana_alerting: organisation id" },
  grafana_interval: { type: "string", default: "1m", description: "grafana_alerting: evaluation interval and group name" },
  grafana_contact_point: { type: "string", default: "default", description: "grafana_alerting: contact point" },
  loki_group_by_field: { type: "string", default: "", description: "grafana_alerting: group alert counts by this label" },
  max_regex_length: {
    type: "number",
    default: MAX_REGEX_LENGTH,
    description: "Longest regular expression (characters) a query may contain; longer ones are a rule error",
  },
};

/** The defaults as values. */
export const DEFAULT_LOKI_OPTIONS: LokiBackendOptions = Object.fromEntries(
  Object.entries(LOKI_BACKEND_OPTIONS).map(([k, spec]) => [k, spec.default]),
) as LokiBackendOptions;
