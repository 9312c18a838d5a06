import { describe, expect, test } from "vitest";
import { DEFAULT_GRAFANA_URL, exploreUrl, loadGrafanaUrl, normaliseBaseUrl, saveGrafanaUrl } from "./explore.js";

const query = '{job=~".+"} | logfmt | msg=~`(?i).*a&b #c%.*`';

describe("Grafana Explore links", () => {
  test("carry the query, data source and organisation intact", () => {
    const href = exploreUrl(query, { baseUrl: "https://grafana.example/sub/", datasourceUid: "my-loki", orgId: 2 });
    const url = new URL(href!);
    expect(url.origin + url.pathname).toBe("https://grafana.example/sub/explore");
    expect(url.searchParams.get("orgId")).toBe("2");
    const panes = JSON.parse(url.searchParams.get("panes")!) as Record<string, { datasource: string; queries: { expr: string; datasource: { uid: string; type: string } }[]; range: unknown }>;
    const pane = Object.values(panes)[0]!;
    expect(pane.datasource).toBe("my-loki");
    expect(pane.queries[0]!.expr).toBe(query);
    expect(pane.queries[0]!.datasource).toEqual({ type: "loki", uid: "my-loki" });
  });

  test("only for http(s) base URLs without credentials", () => {
    for (const bad of ["", "grafana", "javascript:alert(1)", "file:///etc", "https://u:p@grafana.example"]) {
      expect(normaliseBaseUrl(bad), bad).toBeUndefined();
      expect(exploreUrl(query, { baseUrl: bad, datasourceUid: "loki", orgId: 1 }), bad).toBeUndefined();
    }
    expect(normaliseBaseUrl(" http://localhost:3000/// ")).toBe("http://localhost:3000");
    expect(normaliseBaseUrl("https://g.example/a/b?x=1#y")).toBe("https://g.example/a/b");
  });

  test("the base URL setting survives missing or failing storage", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadGrafanaUrl(storage)).toBe(DEFAULT_GRAFANA_URL);
    saveGrafanaUrl(storage, "https://g.example");
    expect(loadGrafanaUrl(storage)).toBe("https://g.example");
    const broken = {
      getItem: (): string => {
        throw new Error("denied");
      },
      setItem: (): void => {
        throw new Error("denied");
      },
    };
    expect(loadGrafanaUrl(broken)).toBe(DEFAULT_GRAFANA_URL);
    expect(() => saveGrafanaUrl(broken, "x")).not.toThrow();
    expect(loadGrafanaUrl(undefined)).toBe(DEFAULT_GRAFANA_URL);
  });
});
