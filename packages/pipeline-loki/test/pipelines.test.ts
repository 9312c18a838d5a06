import { describe, expect, it } from "vitest";
import plugin, {
  LokiCustomAttributes,
  PROMTAIL_SYSMON_PARSER,
  lokiGrafanaLogfmt,
  lokiGrafanaLogfmtDefinition,
  lokiLogParser,
  lokiOktaSystemLogDefinition,
  lokiPromtailSysmon,
  lokiPromtailSysmonDefinition,
  lokiPromtailSysmonMessage,
  oktaFieldMapping,
  oktaLogEventFields,
} from "../src/index.js";
import { conformance, example, readFixture, shippedPipelines } from "./fixtures.js";

/** The `mapping` parameter of a processing item definition. */
const mappingOf = (item: unknown) => (item as { mapping?: unknown } | undefined)?.mapping;

describe("loki_grafana_logfmt", () => {
  it("maps the fields §5.6 lists, for every rule", () => {
    const pipeline = lokiGrafanaLogfmtDefinition();
    expect(pipeline).toMatchObject({ priority: 20, allowed_backends: ["loki"], name: "Loki Grafana logfmt field names" });
    expect((pipeline.transformations ?? [])).toHaveLength(1);
    const [item] = (pipeline.transformations ?? []);
    expect(item?.type).toBe("field_name_mapping");
    expect(item?.rule_conditions).toBeUndefined();
    expect(mappingOf(item)).toEqual(shippedPipelines.loki_grafana_logfmt.mapping);
  });
});

describe("loki_promtail_sysmon", () => {
  it("maps the fields §5.6 lists, then sets the parser for windows/sysmon", () => {
    const pipeline = lokiPromtailSysmonDefinition();
    expect(pipeline).toMatchObject({
      priority: 20,
      allowed_backends: ["loki"],
      name: "Loki Promtail Windows Sysmon Message Parser",
    });
    const [mapping, parser] = (pipeline.transformations ?? []);
    expect(mappingOf(mapping)).toEqual(shippedPipelines.loki_promtail_sysmon.mapping);
    expect(Object.keys(mappingOf(mapping) as object)).toHaveLength(20);
    // Item ids as the spec's example S7 lists them, in this order.
    expect((pipeline.transformations ?? []).map((t) => t.id)).toEqual([
      "loki_promtail_sysmon_field_mapping",
      "loki_promtail_sysmon_parser",
    ]);
    expect(parser).toMatchObject({
      type: "set_custom_attribute",
      attribute: "loki_parser",
      value: PROMTAIL_SYSMON_PARSER,
      rule_conditions: [{ type: "logsource", product: "windows", service: "sysmon" }],
    });
  });

  it("has the parser text of example P02 and of the conformance data", () => {
    const out = example("P02").query;
    const parser = out.slice(out.indexOf("} | ") + 4, out.indexOf(" | Image="));
    expect(PROMTAIL_SYSMON_PARSER).toBe(parser);
    const query = conformance("loki_promtail_sysmon").get(
      "conformance/cases/features/loki-tests/test_pipelines_loki__test_windows_grafana_pipeline.yml",
    )?.queries?.[0];
    expect(query).toContain(` | ${PROMTAIL_SYSMON_PARSER} | `);
  });
});

describe("loki_okta_system_log", () => {
  const pipeline = lokiOktaSystemLogDefinition();
  const okta = [{ type: "logsource", product: "okta", service: "okta" }];

  it("sets the json parser, maps Okta fields, then prefixes event_ (all on okta/okta)", () => {
    expect(pipeline).toMatchObject({ priority: 20, allowed_backends: ["loki"], name: "Loki Okta System Log json" });
    expect((pipeline.transformations ?? []).map((t) => [t.type, t.rule_conditions])).toEqual([
      ["set_custom_attribute", okta],
      ["field_name_mapping", okta],
      ["field_name_prefix", okta],
    ]);
    expect((pipeline.transformations ?? [])[0]).toMatchObject({ attribute: LokiCustomAttributes.PARSER, value: "json" });
    expect((pipeline.transformations ?? [])[2]).toMatchObject({ prefix: "event_" });
  });

  it("maps 38 camelCase paths from their lower-case dotted spelling", () => {
    expect(oktaLogEventFields).toHaveLength(38);
    expect(new Set(oktaLogEventFields).size).toBe(38);
    const mapping = oktaFieldMapping();
    expect(Object.keys(mapping)).toHaveLength(38);
    // §5.6: `actor.alternateid` → `event_actor_alternateId` (after the prefix).
    expect(mapping["actor.alternateid"]).toBe("actor_alternateId");
    // P03's lower-case fields.
    expect(mapping["legacyeventtype"]).toBe("legacyEventType");
    expect(mapping["displaymessage"]).toBe("displayMessage");
    expect(mappingOf((pipeline.transformations ?? [])[1])).toEqual(mapping);
  });

  it("covers exactly the groups §5.6 names", () => {
    const { fields, fieldPrefixes } = shippedPipelines.loki_okta_system_log;
    const patterns = [
      ...fields.map((name) => new RegExp(`^${name}$`)),
      ...fieldPrefixes.map((prefix) => new RegExp(`^${prefix}[A-Za-z_]+$`)),
    ];
    for (const field of oktaLogEventFields) expect(patterns.some((p) => p.test(field)), field).toBe(true);
    for (const pattern of patterns) expect(oktaLogEventFields.some((f) => pattern.test(f)), String(pattern)).toBe(true);
  });

  it("produces every camelCase field name the reference emitted for the Okta rules", () => {
    let checked = 0;
    for (const [path, entry] of conformance("loki_okta_system_log")) {
      const rule = readFixture(path);
      for (const query of entry.queries ?? []) {
        for (const m of query.matchAll(/\bevent_([A-Za-z_]+)/g)) {
          const field = m[1]!;
          // A camelCase name that the rule does not spell itself must come from the mapping.
          if (!/[A-Z]/.test(field) || rule.includes(field)) continue;
          expect(oktaLogEventFields, `${field} in ${path}`).toContain(field);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("loki plugin", () => {
  it("registers the three pipelines under the reference's names and the README's two aliases", () => {
    expect(Object.keys(plugin.pipelines)).toEqual([
      "loki_grafana_logfmt",
      "loki_promtail_sysmon",
      "loki_okta_system_log",
      "loki_log_parser",
      "loki_promtail_sysmon_message",
    ]);
    const shape = (pipeline: ReturnType<typeof lokiGrafanaLogfmt>) => [pipeline.name, pipeline.items.map((i) => i.id)];
    expect(shape(plugin.pipelines.loki_log_parser())).toEqual(shape(lokiGrafanaLogfmt()));
    expect(shape(plugin.pipelines.loki_promtail_sysmon_message())).toEqual(shape(lokiPromtailSysmon()));
    for (const [name, factory] of Object.entries(plugin.pipelines)) {
      expect(factory(), name).toMatchObject({ priority: 20, allowedBackends: ["loki"] });
    }
    expect(plugin.pipelines.loki_okta_system_log().items.map((i) => i.id)).toEqual(
      lokiOktaSystemLogDefinition().transformations?.map((t) => t.id),
    );
    expect(lokiLogParser).toBe(lokiGrafanaLogfmt);
    expect(lokiPromtailSysmonMessage).toBe(lokiPromtailSysmon);
  });

  it("registers set_custom_attribute and set_custom_log_source", () => {
    expect(Object.keys(plugin.transformations).sort()).toEqual(["set_custom_attribute", "set_custom_log_source"]);
  });
});
