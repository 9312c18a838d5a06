/** The Loki plugin inside the processing framework: YAML pipelines, the registry and applyPipeline. */
import {
  SigmaConfigurationError,
  SigmaFeatureNotSupportedByBackendError,
  SigmaPipelineNotAllowedForBackendError,
} from "@sigma/core";
import type { DetectionItem, SigmaRule } from "@sigma/core";
import sysmonPlugin, { sysmonPipeline } from "@sigma/pipeline-sysmon";
import { applyPipeline, createRegistry, definePipeline, loadPipelineYaml, resolvePipelineList } from "@sigma/processing";
import { describe, expect, it } from "vitest";
import plugin, { LokiCustomAttributes, PROMTAIL_SYSMON_PARSER, lokiPromtailSysmon } from "../src/index.js";
import { actualShown, expectedShown, workedExamples } from "@sigma/pipeline-testing";
import { ruleWith, fixtureRules } from "./rules.js";
import { example, streamSelector } from "./fixtures.js";

const registry = createRegistry(plugin);
const yamlPipeline = (text: string) => loadPipelineYaml(text, { registry, path: "test.yml" });

/** Field names of a rule's detection items, in order. */
function fieldNames(rule: SigmaRule): Array<string | null> {
  const out: Array<string | null> = [];
  const walk = (items: ReadonlyArray<DetectionItem | { kind: "detection"; items: unknown[] }>): void => {
    for (const item of items) {
      if (item.kind === "item") out.push(item.field);
      else walk(item.items as DetectionItem[]);
    }
  };
  for (const d of rule.detection.definitions.values()) walk(d.items);
  return out;
}

describe("YAML pipelines with Loki's transformations", () => {
  it("P04: set_custom_log_source from pipeline YAML", () => {
    const p04 = example("P04");
    const pipeline = yamlPipeline(`name: p04\ntransformations:\n  - ${JSON.stringify(p04.pipelineItem)}\n`);
    const rule = ruleWith(`{sel: {msg: testing}, condition: sel}`, p04.logsource);
    const { rule: processed } = applyPipeline(pipeline, rule);
    expect(processed.customAttributes[LokiCustomAttributes.LOGSOURCE_SELECTION]).toBe(streamSelector(p04.query));
    expect(fieldNames(processed)).toEqual(["msg"]);
  });

  it("P08: set_custom_attribute for the parser and the selector", () => {
    const { loki_parser: parser, logsource_loki_selection: selection } = example("P08").customAttributes ?? {};
    const pipeline = definePipeline(
      {
        transformations: [
          { type: "set_custom_attribute", attribute: "loki_parser", value: parser },
          { type: "set_custom_attribute", attribute: "logsource_loki_selection", value: selection },
        ],
      },
      { registry },
    );
    const { rule } = applyPipeline(pipeline, ruleWith("{sel: {msg: testing}, condition: sel}"));
    expect(rule.customAttributes).toMatchObject({ loki_parser: parser, logsource_loki_selection: selection });
  });

  it("a typed definition with set_custom_log_source compiles and runs", () => {
    const pipeline = definePipeline(
      { transformations: [{ type: "set_custom_log_source", selection: { job: "app" }, case_insensitive: false }] },
      { registry },
    );
    const { rule } = applyPipeline(pipeline, ruleWith("{sel: {a: b}, condition: sel}"));
    expect(rule.customAttributes[LokiCustomAttributes.LOGSOURCE_SELECTION]).toBe("{job=`app`}");
  });

  it("types set_custom_log_source through TransformationTypes (compile-time checks)", () => {
    const checked = () =>
      definePipeline({
        transformations: [
          { type: "set_custom_log_source", selection: { job: "app" }, template: true },
          // @ts-expect-error `selection` is required
          { type: "set_custom_log_source", template: true },
          // @ts-expect-error `case_insensitive` is a boolean
          { type: "set_custom_log_source", selection: {}, case_insensitive: "yes" },
        ],
      });
    expect(checked).toThrow(SigmaConfigurationError);
  });

  it("rejects unknown parameters and a missing selection", () => {
    expect(() => yamlPipeline("transformations:\n  - type: set_custom_log_source\n    selection: {a: b}\n    bogus: 1\n")).toThrow(
      SigmaConfigurationError,
    );
    expect(() => yamlPipeline("transformations:\n  - type: set_custom_log_source\n    template: true\n")).toThrow(
      SigmaConfigurationError,
    );
  });

  it("reports selector errors as SigmaFeatureNotSupportedByBackendError when applied", () => {
    const pipeline = yamlPipeline("transformations:\n  - type: set_custom_log_source\n    selection: {a|all: [x, y]}\n");
    expect(() => applyPipeline(pipeline, ruleWith("{sel: {a: b}, condition: sel}"))).toThrow(
      SigmaFeatureNotSupportedByBackendError,
    );
  });

  it("sets the selector on the rules a correlation refers to", () => {
    const rules = fixtureRules(
      "conformance/cases/correlations/loki-tests/test_pipelines_loki__test_set_custom_log_source_correlation_rule.yml",
    );
    const correlation = rules.find((r) => r.kind === "correlation");
    if (correlation?.kind !== "correlation") throw new Error("expected a correlation");
    const pipeline = yamlPipeline(
      "transformations:\n  - type: set_custom_log_source\n    selection: {stream: stdout, event|fieldref: legacyeventtype}\n",
    );
    const { rule } = applyPipeline(pipeline, correlation);
    expect(rule.rules[0]?.customAttributes[LokiCustomAttributes.LOGSOURCE_SELECTION]).toBe(
      "{stream=`stdout`,event=`core.user_auth.login_failed`}",
    );
  });
});

describe("the shipped pipelines applied to the spec's examples", () => {
  it("P01 loki_grafana_logfmt renames the web fields", () => {
    const p01 = example("P01");
    const { rule } = applyPipeline(plugin.pipelines.loki_grafana_logfmt(), ruleWith(p01.detection, p01.logsource));
    expect(fieldNames(rule)).toEqual(["path", "path", "status"]);
    expect(p01.query).toContain("path=~");
    expect(p01.query).toContain("status=200");
  });

  it("P02 loki_promtail_sysmon renames EventID and sets the parser for windows/sysmon", () => {
    const p02 = example("P02");
    const { rule, state } = applyPipeline(lokiPromtailSysmon(), ruleWith(p02.detection, p02.logsource));
    expect(fieldNames(rule)).toEqual(["Image", "event_id"]);
    expect(rule.customAttributes[LokiCustomAttributes.PARSER]).toBe(PROMTAIL_SYSMON_PARSER);
    expect(state.applied).toEqual(["loki_promtail_sysmon_field_mapping", "loki_promtail_sysmon_parser"]);
  });

  it("loki_promtail_sysmon leaves the parser alone for other Windows services", () => {
    const { rule } = applyPipeline(lokiPromtailSysmon(), ruleWith("{sel: {EventID: 4624}, condition: sel}", "{product: windows, service: security}"));
    expect(fieldNames(rule)).toEqual(["event_id"]);
    expect(rule.customAttributes[LokiCustomAttributes.PARSER]).toBeUndefined();
  });

  it("P03 loki_okta_system_log: json parser, camelCase and the event_ prefix", () => {
    const p03 = example("P03");
    const { rule } = applyPipeline(plugin.pipelines.loki_okta_system_log(), ruleWith(p03.detection, p03.logsource));
    const expected = [...new Set([...p03.query.matchAll(/\b(event_\w+)=~/g)].map((m) => m[1]))];
    expect(fieldNames(rule)).toEqual(expected);
    expect(rule.customAttributes[LokiCustomAttributes.PARSER]).toBe("json");
  });

  it("loki_okta_system_log does nothing to other products", () => {
    const { rule, state } = applyPipeline(plugin.pipelines.loki_okta_system_log(), ruleWith("{sel: {eventtype: x}, condition: sel}", "{product: okta}"));
    expect(fieldNames(rule)).toEqual(["eventtype"]);
    expect(state.applied).toEqual([]);
  });

  it("resolves by priority: sysmon (10) runs before loki_promtail_sysmon (20)", () => {
    const both = createRegistry(sysmonPlugin, plugin);
    const order = resolvePipelineList(["loki_promtail_sysmon", "sysmon"], { registry: both, target: "loki" });
    expect(order.map((r) => r.spec)).toEqual(["sysmon", "loki_promtail_sysmon"]);
  });

  it("refuses the Loki pipelines for other backends", () => {
    for (const name of Object.keys(plugin.pipelines)) {
      expect(() => resolvePipelineList([name], { registry, target: "splunk" })).toThrow(
        SigmaPipelineNotAllowedForBackendError,
      );
    }
  });
});

describe("S7: sysmon followed by loki_promtail_sysmon", () => {
  const s7 = workedExamples().find((e) => e.id === "S7");

  it("renames the EventID the sysmon pipeline added and sets the parser", () => {
    if (!s7) throw new Error("S7 not found in the spec");
    expect(s7.pipelines).toEqual(["sysmon", "loki_promtail_sysmon"]);
    const { applied, ...shown } = actualShown(s7, { sysmon: sysmonPipeline, loki_promtail_sysmon: lokiPromtailSysmon });
    expect(shown).toEqual(expectedShown(s7));
    expect(applied).toEqual(s7.applied);
  });
});
