import { describe, expect, it } from "vitest";
import { sigma } from "./helpers.js";

/** Rows of a prettytable-style table as trimmed cells. */
function rows(table: string): string[][] {
  return table
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) => l.slice(1, -1).split("|").map((c) => c.trim()));
}

// Expected tables: spec/sigma-cli.md §6 and E8.
describe("sigma list", () => {
  it("lists targets", async () => {
    const r = await sigma(["list", "targets"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+-+\+/);
    expect(rows(r.stdout)).toEqual([
      ["Identifier", "Target Query Language", "Processing Pipeline Required", "Plugin"],
      ["loki", "Grafana Loki", "No", "loki"],
    ]);
  });

  it("lists the formats of loki", async () => {
    const r = await sigma(["list", "formats", "loki"]);
    expect(r.code).toBe(0);
    const t = rows(r.stdout);
    expect(t[0]).toEqual(["Format", "Description"]);
    expect(t.slice(1).map((row) => row[0])).toEqual(["default", "ruler", "grafana_alerting"]);
  });

  it("lists the correlation methods of loki", async () => {
    const r = await sigma(["list", "correlation-methods", "loki"]);
    expect(r.code).toBe(0);
    const t = rows(r.stdout);
    expect(t[0]).toEqual(["Method", "Description"]);
    expect(t[1]![0]).toBe("default");
  });

  it("lists the pipelines with priority, backends and plugin (E8)", async () => {
    const r = await sigma(["list", "pipelines", "loki"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const t = rows(r.stdout);
    expect(t[0]).toEqual(["Identifier", "Priority", "Processing Pipeline", "Backends", "Plugin"]);
    const byId = new Map(t.slice(1).map((row) => [row[0], row]));
    expect(byId.get("loki_grafana_logfmt")).toEqual(["loki_grafana_logfmt", "20", "Loki Grafana logfmt field names", "loki", "loki"]);
    expect(byId.get("loki_promtail_sysmon")).toEqual(["loki_promtail_sysmon", "20", "Loki Promtail Windows Sysmon Message Parser", "loki", "loki"]);
    expect(byId.get("loki_okta_system_log")).toEqual(["loki_okta_system_log", "20", "Loki Okta System Log json", "loki", "loki"]);
    const all = await sigma(["list", "pipelines"]);
    expect(rows(all.stdout).length).toBeGreaterThanOrEqual(4);
  });

  it("lists modifiers, joining aliases with ' / '", async () => {
    const r = await sigma(["list", "modifiers"]);
    expect(r.code).toBe(0);
    const names = rows(r.stdout).slice(1).map((row) => row[0]).filter((n) => n !== "");
    for (const m of ["contains", "endswith", "i / ignorecase", "dotall / s", "m / multiline", "windash", "cidr"]) {
      expect(names.map((n) => n!.split(" / ").sort().join(" / "))).toContain(m.split(" / ").sort().join(" / "));
    }
  });

  it("lists transformations including the Loki ones", async () => {
    const r = await sigma(["list", "transformations"]);
    expect(r.code).toBe(0);
    const names = rows(r.stdout).slice(1).map((row) => row[0]);
    for (const t of ["field_name_mapping", "add_condition", "change_logsource", "set_custom_attribute", "set_custom_log_source"]) {
      expect(names).toContain(t);
    }
  });

  it("shows the description a plugin gives its transformation", async () => {
    const r = await sigma(["list", "transformations", "--plugin", "plugins/echo-plugin.mjs"]);
    expect(r.code).toBe(0);
    expect(rows(r.stdout)).toContainEqual(["echo_keep", "Leave the rule as it is (echo plugin)."]);
  });

  it("lists conditions by type", async () => {
    const r = await sigma(["list", "conditions"]);
    expect(r.code).toBe(0);
    const t = rows(r.stdout).slice(1).filter((row) => row[0] !== "");
    expect(t.some((row) => row[0] === "Rule" && row[1] === "logsource")).toBe(true);
    expect(t.some((row) => row[0] === "Detection Item" && row[1] === "match_string")).toBe(true);
    expect(t.some((row) => row[0] === "Field Name" && row[1] === "include_fields")).toBe(true);
  });

  it("lists the 31 validators", async () => {
    const r = await sigma(["list", "validators"]);
    expect(r.code).toBe(0);
    const names = rows(r.stdout).slice(1).map((row) => row[0]).filter((n) => n !== "");
    expect(names).toEqual([
      "all_of_them_condition", "dangling_condition", "dangling_detection", "them_condition_with_single_detection",
      "fieldname_logsource", "specific_instead_of_generic_logsource", "custom_attributes", "duplicate_filename",
      "duplicate_references", "duplicate_title", "filename_length", "identifier_existence", "identifier_uniqueness",
      "invalid_modifier_combinations", "attacktag", "cartag", "cvetag", "d3_fendtag", "detection_tag", "duplicate_tag",
      "namespace_tag", "stptag", "tlptag", "tlpv1_tag", "tlpv2_tag", "tag_format", "control_character", "double_wildcard",
      "escaped_wildcard", "number_as_string", "wildcards_instead_of_modifiers",
    ]);
  });
});

describe("sigma version", () => {
  it("prints the package version without a network call", async () => {
    const r = await sigma(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });
});
