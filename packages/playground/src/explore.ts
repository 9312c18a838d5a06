/**
 * Links into Grafana Explore for a LogQL query, and the Grafana base URL setting (kept in this
 * browser's localStorage: it belongs to the person, not to a shared link).
 */

export interface ExploreTarget {
  /** Grafana's base URL, e.g. `http://localhost:3000` or `https://grafana.example/sub`. */
  readonly baseUrl: string;
  /** uid of the Loki data source. */
  readonly datasourceUid: string;
  readonly orgId: number;
}

export const DEFAULT_GRAFANA_URL = "http://localhost:3000";
const STORAGE_KEY = "sigma-playground.grafana-url";

/**
 * Normalises a Grafana base URL: http(s) only, no trailing slash, no query or fragment.
 * `undefined` when the text is not such a URL.
 */
export function normaliseBaseUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username !== "" || url.password !== "") return undefined;
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

/**
 * The Explore URL (Grafana 10+ `panes` form) that opens `query` over the last hour, or
 * `undefined` when the base URL is not usable.
 */
export function exploreUrl(query: string, target: ExploreTarget): string | undefined {
  const base = normaliseBaseUrl(target.baseUrl);
  if (base === undefined) return undefined;
  const datasource = { type: "loki", uid: target.datasourceUid };
  const panes = {
    sigma: {
      datasource: target.datasourceUid,
      queries: [{ refId: "A", expr: query, queryType: "range", editorMode: "code", datasource }],
      range: { from: "now-1h", to: "now" },
    },
  };
  const params = new URLSearchParams({ schemaVersion: "1", orgId: String(target.orgId), panes: JSON.stringify(panes) });
  return `${base}/explore?${params.toString()}`;
}

/** The saved Grafana base URL, or the default. */
export function loadGrafanaUrl(storage: Pick<Storage, "getItem"> | undefined): string {
  try {
    return storage?.getItem(STORAGE_KEY) ?? DEFAULT_GRAFANA_URL;
  } catch {
    return DEFAULT_GRAFANA_URL; // storage can be disabled
  }
}

export function saveGrafanaUrl(storage: Pick<Storage, "setItem"> | undefined, url: string): void {
  try {
    storage?.setItem(STORAGE_KEY, url);
  } catch {
    // Storage disabled or full: the setting lasts for this page only.
  }
}
