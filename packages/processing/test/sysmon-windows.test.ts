/**
 * Golden tests: the worked examples S1–S8 and W1–W10 of spec pipelines-sysmon-windows.md (§2.5,
 * §3.4), with the pipelines loaded from the YAML item lists of that spec (§2.3, §3.2.3, §3.3.3).
 */
import { describe, expect, it } from "vitest";
import {
  applyPipeline,
  mergePipelines,
  createRegistry,
  loadPipelineYaml,
  resolvePipelineList,
  resolvePipelines,
  ruleProcessingItems,
} from "../src/index.js";
// The spec's fixtures belong to @sigma/pipeline-testing, which depends on this package: reached by path.
import { specPipelineYaml, workedExamples } from "../../pipeline-testing/src/fixtures.js";
import { expectedDetection, normaliseCondNames, rule } from "./helpers.js";

const sysmonYaml = specPipelineYaml("sysmon");
const windowsLogsourcesYaml = specPipelineYaml("windows-logsources");
const windowsAuditYaml = specPipelineYaml("windows-audit");
const examples = new Map(workedExamples().map((e) => [e.id, e]));

/** The worked example with this id. */
function worked(id: string) {
  const found = examples.get(id);
  if (!found) throw new Error(`no worked example ${id}`);
  return found;
}

/** `loki_promtail_sysmon` as described in reference-behaviour.md §5.6 (field mapping + parser attribute). */
const lokiPromtailSysmonYaml = `
name: Loki Promtail Windows Sysmon Message Parser
priority: 20
allowed_backends: [loki]
transformations:
  - id: loki_promtail_sysmon_field_mapping
    type: field_name_mapping
    mapping: {Source: source, Channel: channel, Computer: computer, EventID: event_id, Version: version, Level: level, Task: task, Opcode: opCode, LevelText: levelText, TaskText: taskText, OpcodeText: opCodeText, Keywords: keywords, TimeCreated: timeCreated, EventRecordID: eventRecordID, Correlation: correlation, Execution: execution, Security: security, UserData: user_data, EventData: event_data, Message: message}
  - id: loki_promtail_sysmon_parser
    type: set_custom_attribute
    attribute: loki_parser
    value: json
    rule_conditions: [{type: logsource, product: windows, service: sysmon}]
`;

const registry = createRegistry({
  name: "test-pipelines",
  pipelines: {
    sysmon: () => loadPipelineYaml(sysmonYaml, { path: "sysmon" }),
    "windows-logsources": () => loadPipelineYaml(windowsLogsourcesYaml, { path: "windows-logsources" }),
    "windows-audit": () => loadPipelineYaml(windowsAuditYaml, { path: "windows-audit" }),
    loki_promtail_sysmon: () => loadPipelineYaml(lokiPromtailSysmonYaml),
  },
});

/** Runs one worked example: input rule, pipelines, expected logsource/detection/condition and items. */
function example(id: string, pipelines: string[], concat = false) {
  const { input, applied: expectedItems, after: expected } = worked(id);
  const after = expected as {
    logsource: Record<string, string>;
    detection: Record<string, unknown>;
    fields?: string[];
  };

  const pipeline = concat
    ? mergePipelines(...pipelines.map((name) => resolvePipelines([name], { registry })))
    : resolvePipelines(pipelines, { registry, target: "loki" });
  const { rule: processed, state } = applyPipeline(pipeline, rule(input));

  const { condition, ...definitions } = after.detection;
  const expectedConditions = Array.isArray(condition) ? condition : [condition];
  const actual = normaliseCondNames(processed);
  return { processed, state, actual, after, definitions, expectedConditions, expectedItems };
}

describe("sysmon pipeline worked examples (spec §2.5)", () => {
  const cases: Array<[string, string[]]> = [
    ["S1", ["sysmon"]],
    ["S2", ["sysmon"]],
    ["S3", ["sysmon"]],
    ["S4", ["sysmon"]],
    ["S5", ["sysmon"]],
    ["S6", ["windows-logsources", "sysmon"]],
    ["S7", ["loki_promtail_sysmon", "sysmon"]],
    ["S8", ["sysmon"]],
  ];
  it.each(cases)("%s", (id, pipelines) => {
    const r = example(id, pipelines);
    const { custom, ...logsource } = r.processed.logsource;
    expect(logsource).toEqual(r.after.logsource);
    expect(custom).toEqual({});
    expect(r.actual.conditions).toEqual(r.expectedConditions);
    expect([...r.actual.detections.keys()]).toEqual(Object.keys(r.definitions));
    for (const [name, data] of Object.entries(r.definitions)) {
      expect(r.actual.detections.get(name), name).toEqual(expectedDetection(data));
    }
    expect(r.state.applied).toEqual(r.expectedItems);
    expect([...ruleProcessingItems(r.processed)]).toEqual(r.expectedItems);
  });

  it("S7: the Loki parser item matched the service that sysmon set", () => {
    const r = example("S7", ["sysmon", "loki_promtail_sysmon"]);
    expect(r.processed.customAttributes.loki_parser).toBe("json");
  });

  it("leaves the input rule unchanged", () => {
    const input = rule(worked("S1").input);
    applyPipeline(resolvePipelines(["sysmon"], { registry }), input);
    expect(input.logsource.service).toBeUndefined();
    expect([...input.detection.definitions.keys()]).toEqual(["selection"]);
    expect(input.detection.conditions).toEqual(["selection"]);
  });

  it("orders by (priority, spec): sysmon < windows-logsources, loki_promtail_sysmon (20) last (§1.6)", () => {
    const order = resolvePipelineList(["loki_promtail_sysmon", "windows-logsources", "sysmon"], { registry });
    expect(order.map((o) => o.spec)).toEqual(["sysmon", "windows-logsources", "loki_promtail_sysmon"]);
  });

  it("matches product case-sensitively (S5 note): product Windows is untouched", () => {
    const input = rule(worked("S1").input.replace("product: windows", "product: Windows"));
    const { rule: processed, state } = applyPipeline(resolvePipelines(["sysmon"], { registry }), input);
    expect(state.applied).toEqual([]);
    expect(processed.detection.conditions).toEqual(["selection"]);
  });
});

describe("windows pipelines worked examples (spec §3.4)", () => {
  const cases: Array<[string, string[], boolean]> = [
    ["W1", ["windows-logsources"], false],
    ["W2", ["windows-logsources"], false],
    ["W3", ["windows-logsources"], false],
    ["W4", ["windows-audit"], false],
    ["W5", ["windows-audit"], false],
    ["W6", ["windows-logsources", "windows-audit"], false],
    ["W7", ["windows-logsources", "windows-audit"], true],
    ["W8", ["windows-audit"], false],
    ["W9", ["windows-audit"], false],
    ["W10", ["sysmon", "windows-audit"], false],
  ];
  it.each(cases)("%s", (id, pipelines, concat) => {
    const r = example(id, pipelines, concat);
    const { custom, ...logsource } = r.processed.logsource;
    expect(logsource).toEqual(r.after.logsource);
    expect(custom).toEqual({});
    expect(r.actual.conditions).toEqual(r.expectedConditions);
    expect([...r.actual.detections.keys()]).toEqual(Object.keys(r.definitions));
    for (const [name, data] of Object.entries(r.definitions)) {
      expect(r.actual.detections.get(name), name).toEqual(expectedDetection(data));
    }
    if (r.after.fields) expect(r.processed.fields).toEqual(r.after.fields);
    expect(r.state.applied).toEqual(r.expectedItems);
  });
});
