/**
 * One error case per condition type of spec §3.3 — rule, detection-item and field-name
 * conditions — and per `*_cond_op` / `*_cond_not` / `*_cond_expr` misuse (issue 3: "a test per
 * … condition type, including the error cases"), with a check that no built-in condition type is
 * left without one.
 *
 * Spec §3.1: unknown condition types are "Unknown condition type 'x' in condition N", bad
 * parameters are `SigmaConfigurationError`s, bad expressions `SigmaPipelineConditionError`s; every
 * error is located in the pipeline file.
 */
import { SigmaConfigurationError, SigmaError, SigmaPipelineConditionError } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { builtinRegistry, loadPipelineYaml } from "../src/index.js";

type Kind = "rule" | "detection_item" | "field_name";

/** A pipeline with one `add_field` item and the given conditions (YAML lines under the item). */
function pipelineText(conditionLines: string[]): string {
  return ["transformations:", "  - type: add_field", "    field: x", ...conditionLines.map((l) => `    ${l}`), ""].join("\n");
}

function lineOf(text: string, marker: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  return i + 1;
}

function loadError(text: string): SigmaError {
  try {
    loadPipelineYaml(text, { path: "bad.yml" });
  } catch (e) {
    expect(e).toBeInstanceOf(SigmaError);
    return e as SigmaError;
  }
  throw new Error("no error");
}

/** [kind, type, the condition (YAML flow mapping), what the message must name]. */
const cases: Array<[Kind, string, string, RegExp]> = [
  ["rule", "logsource", "{type: logsource, product: [windows, linux]}", /Parameter 'product' of 'logsource'/],
  ["rule", "contains_detection_item", "{type: contains_detection_item, value: x}", /Parameter 'field' of 'contains_detection_item' is required/],
  ["rule", "contains_field", "{type: contains_field, field: [a]}", /Parameter 'field' of 'contains_field'/],
  ["rule", "is_sigma_rule", "{type: is_sigma_rule, kind: rule}", /Unkown keys \['kind'\]/],
  ["rule", "is_sigma_correlation_rule", "{type: is_sigma_correlation_rule, rules: [a]}", /Unkown keys \['rules'\]/],
  ["rule", "rule_attribute", "{type: rule_attribute, attribute: level, value: high, op: like}", /Parameter 'op' of 'rule_attribute'.*'like'/],
  ["rule", "tag", "{type: tag}", /Parameter 'tag' of 'tag' is required/],
  ["rule", "processing_item_applied", "{type: processing_item_applied, processing_item_id: [a]}", /Parameter 'processing_item_id' of 'processing_item_applied'/],
  ["rule", "processing_state", "{type: processing_state, key: k, val: 1, op: between}", /Parameter 'op' of 'processing_state'.*'between'/],
  ["detection_item", "match_string", "{type: match_string, cond: any, pattern: '(unclosed'}", /\(unclosed/],
  ["detection_item", "match_value", "{type: match_value, cond: any}", /Parameter 'value' of 'match_value' is required/],
  ["detection_item", "contains_wildcard", "{type: contains_wildcard, cond: some}", /Parameter 'cond' of 'contains_wildcard'.*'some'/],
  ["detection_item", "is_null", "{type: is_null}", /Parameter 'cond' of 'is_null'/],
  ["detection_item", "processing_item_applied", "{type: processing_item_applied}", /Parameter 'processing_item_id' of 'processing_item_applied' is required/],
  ["detection_item", "processing_state", "{type: processing_state, key: k}", /Parameter 'val' of 'processing_state' is required/],
  ["field_name", "include_fields", "{type: include_fields, fields: [a], mode: glob}", /Parameter 'mode' of 'include_fields'.*'glob'/],
  ["field_name", "exclude_fields", "{type: exclude_fields, fields: ['(a'], mode: re}", /\(a/],
  ["field_name", "processing_item_applied", "{type: processing_item_applied, processing_item_id: {a: b}}", /Parameter 'processing_item_id' of 'processing_item_applied'/],
  ["field_name", "processing_state", "{type: processing_state, val: 1}", /Parameter 'key' of 'processing_state' is required/],
];

describe("parameter errors: one per condition type, located at the condition", () => {
  it.each(cases)("%s condition %s", (kind, _type, condition, message) => {
    const text = pipelineText([`${kind}_conditions:`, `  - ${condition}`]);
    const e = loadError(text);
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.message.startsWith("Error in processing rule 1: ")).toBe(true);
    expect(e.message).toMatch(message);
    expect(e.location?.path).toBe("bad.yml");
    expect(e.location?.line).toBe(lineOf(text, condition));
  });
});

describe("unknown condition types, per kind (spec message)", () => {
  it.each(["rule", "detection_item", "field_name"] as const)("%s_conditions", (kind) => {
    const text = pipelineText([`${kind}_conditions:`, "  - {type: is_null, cond: any}", "  - {type: no_such_condition}"]);
    if (kind === "detection_item") {
      // is_null is a detection-item condition, so only the second one is unknown
      const e = loadError(text);
      expect(e.message).toBe("Error in processing rule 1: Unknown condition type 'no_such_condition' in condition 2");
      expect(e.location?.line).toBe(lineOf(text, "no_such_condition"));
      return;
    }
    const e = loadError(text);
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.message).toBe("Error in processing rule 1: Unknown condition type 'is_null' in condition 1");
    expect(e.location?.line).toBe(lineOf(text, "is_null"));
  });

  it("a condition without a type", () => {
    const e = loadError(pipelineText(["rule_conditions:", "  - {product: windows}"]));
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.location?.line).toBe(5);
  });
});

describe("combination errors, per kind: *_cond_op, *_cond_not, *_cond_expr", () => {
  const one: Record<Kind, string> = {
    rule: "{type: logsource, product: windows}",
    detection_item: "{type: is_null, cond: any}",
    field_name: "{type: include_fields, fields: [a]}",
  };
  const other: Record<Kind, string> = {
    rule: "{type: logsource, product: linux}",
    detection_item: "{type: contains_wildcard, cond: all}",
    field_name: "{type: exclude_fields, fields: [b]}",
  };
  const named = (kind: Kind): string => `{w: ${one[kind]}, l: ${other[kind]}}`;

  it.each(["rule", "detection_item", "field_name"] as const)("%s: op must be and/or", (kind) => {
    const text = pipelineText([`${kind}_conditions: [${one[kind]}, ${other[kind]}]`, `${kind}_cond_op: xor`]);
    const e = loadError(text);
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.message).toMatch(new RegExp(`${kind}_cond_op`));
    expect(e.location?.line).toBe(lineOf(text, "_cond_op"));
  });

  it.each(["rule", "detection_item", "field_name"] as const)("%s: not must be a boolean", (kind) => {
    const text = pipelineText([`${kind}_conditions: [${one[kind]}]`, `${kind}_cond_not: perhaps`]);
    const e = loadError(text);
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.message).toMatch(new RegExp(`${kind}_cond_not`));
    expect(e.location?.line).toBe(lineOf(text, "_cond_not"));
  });

  it.each(["rule", "detection_item", "field_name"] as const)("%s: expression syntax, unknown and unused ids", (kind) => {
    for (const [expr, mentions] of [
      ["w and", /w and/],
      ["(w or l", /w or l/],
      ["w and x", /x/],
      ["w", /l/],
    ] as const) {
      const text = pipelineText([`${kind}_conditions: ${named(kind)}`, `${kind}_cond_expr: "${expr}"`]);
      const e = loadError(text);
      expect(e).toBeInstanceOf(SigmaPipelineConditionError);
      expect(e.message).toMatch(mentions);
      expect(e.location?.path).toBe("bad.yml");
    }
  });

  it.each(["rule", "detection_item", "field_name"] as const)("%s: an expression needs named conditions, and excludes op", (kind) => {
    const list = pipelineText([`${kind}_conditions: [${one[kind]}]`, `${kind}_cond_expr: w`]);
    expect(loadError(list)).toBeInstanceOf(SigmaPipelineConditionError);
    const both = pipelineText([`${kind}_conditions: ${named(kind)}`, `${kind}_cond_expr: "w or l"`, `${kind}_cond_op: or`]);
    expect(loadError(both)).toBeInstanceOf(SigmaPipelineConditionError);
  });
});

describe("coverage", () => {
  it("every built-in condition type of each kind has a parameter error case above", () => {
    const r = builtinRegistry();
    const builtin: Array<[Kind, string]> = [
      ...[...r.ruleConditions.keys()].map((t): [Kind, string] => ["rule", t]),
      ...[...r.detectionItemConditions.keys()].map((t): [Kind, string] => ["detection_item", t]),
      ...[...r.fieldNameConditions.keys()].map((t): [Kind, string] => ["field_name", t]),
    ];
    // spec §3.3: 9 rule, 6 detection-item and 4 field-name condition types
    expect(builtin.filter(([k]) => k === "rule")).toHaveLength(9);
    expect(builtin.filter(([k]) => k === "detection_item")).toHaveLength(6);
    expect(builtin.filter(([k]) => k === "field_name")).toHaveLength(4);
    const covered = new Set(cases.map(([k, t]) => `${k}:${t}`));
    expect(builtin.map(([k, t]) => `${k}:${t}`).filter((x) => !covered.has(x))).toEqual([]);
  });
});
