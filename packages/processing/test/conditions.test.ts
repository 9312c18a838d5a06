/**
 * One test per rule / detection-item / field-name condition type of spec §3.3, and the
 * `*_cond_op`, `*_cond_not`, `*_cond_expr` combinations of §3.1, including error cases.
 */
import { SigmaConfigurationError, SigmaPipelineConditionError, parseCollection } from "@sigma/core";
import type { SigmaRule } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { applyPipeline, detectionItems, loadPipelineYaml } from "../src/index.js";
import { rule } from "./helpers.js";

const ruleText = `
title: Cond test
id: 5a1e7c3f-1b2d-4c5e-9f00-123456789abc
status: test
level: high
date: 2024-05-01
tags: [attack.t1059, attack.execution]
logsource: {category: process_creation, product: windows, service: sysmon}
detection:
  sel:
    CommandLine|contains: whoami
    User: admin
    Empty: null
  condition: sel
custom_key: custom_value
`;

/** True if an item with the given rule condition(s) applies (it sets state `hit`). */
function ruleMatches(conditions: string, text = ruleText, before = ""): boolean {
  const pipeline = loadPipelineYaml(`transformations:\n${before}  - type: set_state\n    key: hit\n    val: true\n${conditions}`);
  return applyPipeline(pipeline, rule(text)).state.state.hit === true;
}

/** Fields of the detection items that a detection-item/field-name condition selects (case upper-cases values). */
function selectedFields(conditions: string, before = ""): string[] {
  const pipeline = loadPipelineYaml(
    `transformations:\n${before}  - type: case\n    id: mark\n    method: upper\n${conditions}`,
  );
  const { rule: r } = applyPipeline(pipeline, rule(ruleText));
  return [...detectionItems(r as SigmaRule)].filter((i) => i.appliedProcessingItems?.has("mark")).map((i) => i.field ?? "");
}

describe("rule conditions", () => {
  it("logsource: every given field must be equal; absent ones are ignored", () => {
    expect(ruleMatches(`    rule_conditions: [{type: logsource, category: process_creation, product: windows}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: logsource, product: Windows}]`)).toBe(false);
    expect(ruleMatches(`    rule_conditions: [{type: logsource, service: security}]`)).toBe(false);
  });

  it("logsource on a correlation rule: any referenced rule matches", () => {
    const c = parseCollection(`
title: base
name: base
logsource: {product: windows}
detection: {sel: {A: 1}, condition: sel}
---
title: corr
correlation: {type: event_count, rules: [base], group-by: [A], timespan: 1m, condition: {gte: 1}}
`);
    const corr = c.rules.find((r) => r.kind === "correlation");
    if (!corr) throw new Error("no correlation");
    const pipeline = (product: string) =>
      loadPipelineYaml(`transformations:\n  - {type: set_state, key: hit, val: 1, rule_conditions: [{type: logsource, product: ${product}}]}`);
    expect(applyPipeline(pipeline("windows"), corr).state.state.hit).toBe(1);
    expect(applyPipeline(pipeline("linux"), corr).state.state.hit).toBeUndefined();
  });

  it("logsource on a correlation rule sees the processed referenced rules (processedRules)", () => {
    const c = parseCollection(`
title: base
name: base
logsource: {category: process_creation, product: windows}
detection: {sel: {A: 1}, condition: sel}
---
title: corr
correlation: {type: event_count, rules: [base], group-by: [A], timespan: 1m, condition: {gte: 1}}
`);
    const [base, corr] = c.rules;
    if (!base || !corr) throw new Error("rules missing");
    const pipeline = loadPipelineYaml(`transformations:
  - {type: change_logsource, category: process_creation, product: windows, service: sysmon, rule_conditions: [{type: is_sigma_rule}]}
  - {type: set_state, key: hit, val: 1, rule_conditions: [{type: logsource, service: sysmon}]}`);
    const processedBase = applyPipeline(pipeline, base).rule;
    expect(applyPipeline(pipeline, corr).state.state.hit).toBeUndefined();
    const result = applyPipeline(pipeline, corr, { processedRules: new Map([[base, processedBase]]) });
    expect(result.state.state.hit).toBe(1);
  });

  it("contains_detection_item", () => {
    expect(ruleMatches(`    rule_conditions: [{type: contains_detection_item, field: User, value: admin}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: contains_detection_item, field: User, value: root}]`)).toBe(false);
  });

  it("contains_field", () => {
    expect(ruleMatches(`    rule_conditions: [{type: contains_field, field: CommandLine}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: contains_field, field: Image}]`)).toBe(false);
  });

  it("is_sigma_rule / is_sigma_correlation_rule", () => {
    expect(ruleMatches(`    rule_conditions: [{type: is_sigma_rule}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: is_sigma_correlation_rule}]`)).toBe(false);
  });

  it("rule_attribute with eq, ordered level/status, in/not_in and custom attributes", () => {
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: medium, op: gte}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: critical, op: gte}]`)).toBe(false);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: status, value: experimental, op: gt}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: date, value: "2024-01-01", op: gt}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: custom_key, value: custom_value}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: [low, high], op: in}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: [low, high], op: not_in}]`)).toBe(false);
  });

  it("rule_attribute: in needs a list; unknown op is an error", () => {
    expect(() => ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: low, op: in}]`)).toThrow(SigmaConfigurationError);
    expect(() => ruleMatches(`    rule_conditions: [{type: rule_attribute, attribute: level, value: low, op: like}]`)).toThrow(/must be one of/);
  });

  it("tag", () => {
    expect(ruleMatches(`    rule_conditions: [{type: tag, tag: attack.t1059}]`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: tag, tag: attack.t1003}]`)).toBe(false);
  });

  it("processing_item_applied", () => {
    const before = `  - {id: first, type: set_state, key: x, val: 1, rule_conditions: [{type: logsource, product: windows}]}\n`;
    expect(ruleMatches(`    rule_conditions: [{type: processing_item_applied, processing_item_id: first}]`, ruleText, before)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: processing_item_applied, processing_item_id: other}]`, ruleText, before)).toBe(false);
  });

  it("processing_state with operators", () => {
    const before = `  - {type: set_state, key: n, val: 5}\n`;
    expect(ruleMatches(`    rule_conditions: [{type: processing_state, key: n, val: 5}]`, ruleText, before)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: processing_state, key: n, val: 3, op: gt}]`, ruleText, before)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [{type: processing_state, key: n, val: 3, op: lte}]`, ruleText, before)).toBe(false);
    expect(ruleMatches(`    rule_conditions: [{type: processing_state, key: n, val: 5, op: ne}]`, ruleText, before)).toBe(false);
  });
});

describe("condition combination", () => {
  const windows = "{type: logsource, product: windows}";
  const linux = "{type: logsource, product: linux}";

  it("rule_cond_op and (default) / or, rule_cond_not", () => {
    expect(ruleMatches(`    rule_conditions: [${windows}, ${linux}]`)).toBe(false);
    expect(ruleMatches(`    rule_conditions: [${windows}, ${linux}]\n    rule_cond_op: or`)).toBe(true);
    expect(ruleMatches(`    rule_conditions: [${windows}]\n    rule_cond_not: true`)).toBe(false);
  });

  it("rule_cond_expr over named conditions", () => {
    const named = `    rule_conditions: {w: ${windows}, l: ${linux}, t: {type: tag, tag: attack.t1059}}\n`;
    expect(ruleMatches(`${named}    rule_cond_expr: "w and not l and t"`)).toBe(true);
    expect(ruleMatches(`${named}    rule_cond_expr: "(l or not w) and t"`)).toBe(false);
    expect(ruleMatches(`${named}    rule_cond_expr: "l or (w and t)"\n    rule_cond_not: true`)).toBe(false);
  });

  it("every id must be used, and only defined ids", () => {
    const named = `    rule_conditions: {w: ${windows}, l: ${linux}}\n`;
    expect(() => ruleMatches(`${named}    rule_cond_expr: "w"`)).toThrow(SigmaPipelineConditionError);
    expect(() => ruleMatches(`${named}    rule_cond_expr: "w and l and x"`)).toThrow(/undefined condition ids \['x'\]/);
  });

  it("syntax errors and op + expr together are errors", () => {
    const named = `    rule_conditions: {w: ${windows}}\n`;
    expect(() => ruleMatches(`${named}    rule_cond_expr: "w and"`)).toThrow(SigmaPipelineConditionError);
    expect(() => ruleMatches(`${named}    rule_cond_expr: "(w"`)).toThrow(SigmaPipelineConditionError);
    expect(() => ruleMatches(`${named}    rule_cond_expr: "w"\n    rule_cond_op: or`)).toThrow(SigmaPipelineConditionError);
    expect(() => ruleMatches(`    rule_conditions: [${windows}]\n    rule_cond_expr: "w"`)).toThrow(SigmaPipelineConditionError);
  });

  it("unknown condition type", () => {
    expect(() => ruleMatches(`    rule_conditions: [{type: logsorce, product: x}]`)).toThrow("Unknown condition type 'logsorce' in condition 1");
  });
});

describe("detection item conditions", () => {
  it("match_string (any/all, negate)", () => {
    expect(selectedFields(`    detection_item_conditions: [{type: match_string, cond: any, pattern: "^adm"}]`)).toEqual(["User"]);
    expect(selectedFields(`    detection_item_conditions: [{type: match_string, cond: any, pattern: "^adm", negate: true}]`)).toEqual([
      "CommandLine",
    ]);
  });

  it("match_value", () => {
    expect(selectedFields(`    detection_item_conditions: [{type: match_value, cond: any, value: admin}]`)).toEqual(["User"]);
  });

  it("contains_wildcard", () => {
    expect(selectedFields(`    detection_item_conditions: [{type: contains_wildcard, cond: all}]`)).toEqual(["CommandLine"]);
  });

  it("is_null (a value transformation leaves null alone, so check with drop)", () => {
    const pipeline = loadPipelineYaml(
      `transformations:\n  - type: drop_detection_item\n    detection_item_conditions: [{type: is_null, cond: all}]`,
    );
    const { rule: r } = applyPipeline(pipeline, rule(ruleText));
    expect([...detectionItems(r)].map((i) => i.field)).toEqual(["CommandLine", "User"]);
  });

  it("processing_item_applied on detection items", () => {
    const before = `  - {id: map, type: field_name_mapping, mapping: {User: user}}\n`;
    expect(
      selectedFields(`    detection_item_conditions: [{type: processing_item_applied, processing_item_id: map}]`, before),
    ).toEqual(["user"]);
  });

  it("processing_state on detection items", () => {
    const before = `  - {type: set_state, key: k, val: ok}\n`;
    expect(selectedFields(`    detection_item_conditions: [{type: processing_state, key: k, val: ok}]`, before)).toEqual([
      "CommandLine",
      "User",
    ]);
  });

  it("cond must be any or all", () => {
    expect(() => selectedFields(`    detection_item_conditions: [{type: contains_wildcard, cond: some}]`)).toThrow(/must be one of/);
  });

  it("detection_item_cond_op / _not / _expr", () => {
    const two = `[{type: match_value, cond: any, value: admin}, {type: contains_wildcard, cond: any}]`;
    expect(selectedFields(`    detection_item_conditions: ${two}\n    detection_item_cond_op: or`)).toEqual(["CommandLine", "User"]);
    expect(selectedFields(`    detection_item_conditions: ${two}\n    detection_item_cond_not: true`)).toEqual([
      "CommandLine",
      "User",
    ]);
    expect(
      selectedFields(
        `    detection_item_conditions: {a: {type: match_value, cond: any, value: admin}, w: {type: contains_wildcard, cond: any}}\n    detection_item_cond_expr: "w and not a"`,
      ),
    ).toEqual(["CommandLine"]);
  });
});

describe("field name conditions", () => {
  it("include_fields / exclude_fields, plain and re", () => {
    expect(selectedFields(`    field_name_conditions: [{type: include_fields, fields: [User]}]`)).toEqual(["User"]);
    expect(selectedFields(`    field_name_conditions: [{type: exclude_fields, fields: [User]}]`)).toEqual(["CommandLine"]);
    expect(selectedFields(`    field_name_conditions: [{type: include_fields, fields: ["Comm.*"], mode: re}]`)).toEqual([
      "CommandLine",
    ]);
    expect(selectedFields(`    field_name_conditions: [{type: include_fields, fields: ["Comm"], mode: re}]`)).toEqual([]);
  });

  it("processing_item_applied on field names", () => {
    const before = `  - {id: map, type: field_name_mapping, mapping: {CommandLine: cmd}}\n`;
    expect(
      selectedFields(`    field_name_conditions: [{type: processing_item_applied, processing_item_id: map}]`, before),
    ).toEqual(["cmd"]);
  });

  it("processing_state on field names", () => {
    const before = `  - {type: set_state, key: k, val: 1}\n`;
    expect(selectedFields(`    field_name_conditions: [{type: processing_state, key: k, val: 2}]`, before)).toEqual([]);
  });

  it("field_name_cond_not and field_name_cond_expr", () => {
    expect(
      selectedFields(`    field_name_conditions: [{type: include_fields, fields: [User]}]\n    field_name_cond_not: true`),
    ).toEqual(["CommandLine"]);
    expect(
      selectedFields(
        `    field_name_conditions: {u: {type: include_fields, fields: [User]}, c: {type: include_fields, fields: [CommandLine]}}\n    field_name_cond_expr: "u or c"`,
      ),
    ).toEqual(["CommandLine", "User"]);
  });

  it("field name conditions select which names a mapping renames", () => {
    const pipeline = loadPipelineYaml(`transformations:
  - type: field_name_prefix
    prefix: x.
    field_name_conditions: [{type: include_fields, fields: [User]}]`);
    const { rule: r } = applyPipeline(pipeline, rule(ruleText));
    expect([...detectionItems(r)].map((i) => i.field)).toEqual(["CommandLine", "x.User", "Empty"]);
  });
});
