/**
 * One error case per transformation type of spec §3.2 (issue 3: "a test per transformation type
 * … including the error cases"), with a check that no built-in type is left without one.
 *
 * Two kinds of errors:
 * - definition errors, found when the YAML pipeline is loaded: a `SigmaConfigurationError` wrapped
 *   as the spec says ("Error in processing rule N: …"), naming the parameter and the type, and
 *   located at the offending line of the pipeline file;
 * - errors raised while the pipeline is applied to a rule, with the spec's messages where it
 *   gives them (§3.2: "Placeholder replacement variable 'x' doesn't exists.", "The following
 *   fields are not mapped: a, b", `rule_failure` / `detection_item_failure` messages).
 */
import {
  SigmaConfigurationError,
  SigmaError,
  SigmaTransformationError,
  SigmaValueError,
} from "@sigma/core";
import { describe, expect, it } from "vitest";
import { applyPipeline, builtinRegistry, loadPipelineYaml } from "../src/index.js";
import { rule } from "./helpers.js";

const ruleText = `
title: Test
logsource: {category: process_creation, product: windows}
detection:
  sel:
    CommandLine|contains: whoami
    User|expand: '%admins%'
    Hashes: SHA1=0123456789012345678901234567890123456789
  condition: sel
fields: [CommandLine]
`;

/** `transformations:` with one item whose lines are `lines` (indented under `- `). */
function pipelineText(lines: string[]): string {
  return `transformations:\n  - ${lines.join("\n    ")}\n`;
}

/** 1-based line of the first line of `text` that contains `marker`. */
function lineOf(text: string, marker: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  return i + 1;
}

function caught(f: () => unknown): SigmaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SigmaError);
    return e as SigmaError;
  }
  throw new Error("no error");
}

/**
 * Definition errors: [type, item lines, text on the line the error must point at, what the
 * message must name].
 */
const definitionErrors: Array<[string, string[], string, RegExp]> = [
  ["field_name_mapping", ["type: field_name_mapping", "mapping: [CommandLine]"], "mapping:", /Parameter 'mapping' of 'field_name_mapping'/],
  ["field_name_prefix_mapping", ["type: field_name_prefix_mapping", "mapping: {Command: [a, b]}"], "mapping:", /Parameter 'mapping' of 'field_name_prefix_mapping'.*'Command'/],
  ["field_name_transform", ["type: field_name_transform", "mapping: {a: b}"], "field_name_transform", /Parameter 'transform_func' of 'field_name_transform'/],
  ["field_name_prefix", ["type: field_name_prefix", "prefix: [x]"], "prefix:", /Parameter 'prefix' of 'field_name_prefix'/],
  ["field_name_suffix", ["type: field_name_suffix", "suffix: {a: b}"], "suffix:", /Parameter 'suffix' of 'field_name_suffix'/],
  ["drop_detection_item", ["type: drop_detection_item", "field: User"], "field:", /Unkown keys \['field'\]/],
  ["hashes_fields", ["type: hashes_fields", "valid_hash_algos: [SHA1]", "drop_algo_prefix: maybe"], "drop_algo_prefix:", /Parameter 'drop_algo_prefix' of 'hashes_fields'/],
  ["extract_fields", ["type: extract_fields", "regex: '(?P<user>'"], "regex:", /Parameter 'regex' of 'extract_fields' is the regular expression '\(\?P<user>'/],
  ["wildcard_placeholders", ["type: wildcard_placeholders", "include: {a: 1}"], "include:", /Parameter 'include' of 'wildcard_placeholders'/],
  ["value_placeholders", ["type: value_placeholders", "include: [admins]", "exclude: [other]"], "type: value_placeholders", /include.*exclude|exclude.*include/],
  ["query_expression_placeholders", ["type: query_expression_placeholders", "mapping: {admins: a}"], "type: query_expression_placeholders", /Parameter 'expression' of 'query_expression_placeholders' is required/],
  ["add_condition", ["type: add_condition", "conditions: [a, b]"], "conditions:", /Parameter 'conditions' of 'add_condition'/],
  ["change_logsource", ["type: change_logsource", "category: [a, b]"], "category:", /Parameter 'category' of 'change_logsource'/],
  ["add_field", ["type: add_field", "field: {a: 1}"], "field:", /Parameter 'field' of 'add_field'/],
  ["remove_field", ["type: remove_field", "field: [a, [b]]"], "field:", /Parameter 'field' of 'remove_field'/],
  ["set_field", ["type: set_field"], "type: set_field", /Parameter 'fields' of 'set_field' is required/],
  ["replace_string", ["type: replace_string", "regex: '(unclosed'", "replacement: x"], "regex:", /Parameter 'regex' of 'replace_string' is the regular expression '\(unclosed'/],
  ["map_string", ["type: map_string", "mapping: [whoami]"], "mapping:", /Parameter 'mapping' of 'map_string'/],
  ["regex", ["type: regex", "method: fuzzy"], "method:", /Parameter 'method' of 'regex'.*'fuzzy'/],
  ["case", ["type: case", "method: 5"], "method:", /Parameter 'method' of 'case'/],
  ["set_value", ["type: set_value", "value: x", "force_type: int"], "force_type:", /Parameter 'force_type' of 'set_value'.*'int'/],
  ["convert_type", ["type: convert_type", "target_type: bool"], "target_type:", /Parameter 'target_type' of 'convert_type'.*'bool'/],
  ["set_state", ["type: set_state", "key: k"], "type: set_state", /Parameter 'val' of 'set_state' is required/],
  ["set_custom_attribute", ["type: set_custom_attribute", "value: v"], "type: set_custom_attribute", /Parameter 'attribute' of 'set_custom_attribute' is required/],
  ["rule_failure", ["type: rule_failure"], "type: rule_failure", /Parameter 'message' of 'rule_failure' is required/],
  ["detection_item_failure", ["type: detection_item_failure", "message: [a]"], "message:", /Parameter 'message' of 'detection_item_failure'/],
  ["strict_field_mapping_failure", ["type: strict_field_mapping_failure", "fields: [a]"], "fields:", /Unkown keys \['fields'\]/],
  ["nest", ["type: nest", "items:", "  - type: field_name_mapping", "    mapping: {a: b}", "  - type: add_feld", "    field: x"], "type: add_feld", /Unknown transformation type 'add_feld'/],
];

describe("definition errors: one per transformation type, located in the pipeline file", () => {
  it.each(definitionErrors)("%s", (_type, lines, marker, message) => {
    const text = pipelineText(lines);
    const e = caught(() => loadPipelineYaml(text, { path: "bad.yml" }));
    expect(e).toBeInstanceOf(SigmaConfigurationError);
    expect(e.message.startsWith("Error in processing rule 1: ")).toBe(true);
    expect(e.message).toMatch(message);
    expect(e.location?.path).toBe("bad.yml");
    expect(e.location?.line).toBe(lineOf(text, marker));
    expect(e.location?.column).toBeGreaterThan(0);
  });
});

describe("errors while applying: one per transformation type that can fail on a rule", () => {
  const apply = (lines: string[], vars = "", text = ruleText) =>
    applyPipeline(loadPipelineYaml(`${vars}${pipelineText(lines)}`, { path: "p.yml" }), rule(text));

  it("value_placeholders: a placeholder without a variable (spec message)", () => {
    const e = caught(() => apply(["type: value_placeholders"], "vars: {other: [x]}\n"));
    expect(e).toBeInstanceOf(SigmaValueError);
    expect(e.message).toBe("Placeholder replacement variable 'admins' doesn't exists.");
  });

  it("query_expression_placeholders: a value with more than the placeholder", () => {
    const text = ruleText.replace("'%admins%'", "'x%admins%'");
    const e = caught(() => apply(["type: query_expression_placeholders", "expression: '{field} in list({id})'"], "", text));
    expect(e).toBeInstanceOf(SigmaValueError);
    // pySigma's text (sigma/processing/transformations, QueryExpressionPlaceholderTransformation)
    expect(e.message).toBe("Placeholder query expression transformation only allows placeholder-only strings.");
  });

  it("hashes_fields: no value with a valid hash", () => {
    const e = caught(() => apply(["type: hashes_fields", "valid_hash_algos: [MD5]"]));
    expect(e).toBeInstanceOf(SigmaValueError);
  });

  it("extract_fields: a value the regex does not match, unless preserve_unmatched", () => {
    const lines = ["type: extract_fields", "regex: '(?P<algo>[A-Z0-9]+)=(?P<hash>[0-9a-f]+)'", "field_name_conditions: [{type: include_fields, fields: [CommandLine]}]"];
    const e = caught(() => apply(lines));
    expect(e).toBeInstanceOf(SigmaTransformationError);
    expect(() => apply([...lines, "preserve_unmatched: true"])).not.toThrow();
  });

  it("convert_type: text that is not a number", () => {
    const e = caught(() => apply(["type: convert_type", "target_type: num", "field_name_conditions: [{type: include_fields, fields: [CommandLine]}]"]));
    expect(e).toBeInstanceOf(SigmaValueError);
    expect(e.message).toContain("whoami");
  });

  it("set_value with force_type num: a value that is not a number", () => {
    const e = caught(() => apply(["type: set_value", "value: abc", "force_type: num"]));
    expect(e).toBeInstanceOf(SigmaValueError);
    expect(e.message).toContain("abc");
  });

  it("rule_failure: the message, at the rule", () => {
    const e = caught(() => apply(["type: rule_failure", "message: rules of this kind are not supported"]));
    expect(e).toBeInstanceOf(SigmaTransformationError);
    expect(e.message).toBe("rules of this kind are not supported");
  });

  it("detection_item_failure: the message, at the detection item", () => {
    const e = caught(() =>
      apply(["type: detection_item_failure", "message: no hashes here", "field_name_conditions: [{type: include_fields, fields: [Hashes]}]"]),
    );
    expect(e).toBeInstanceOf(SigmaTransformationError);
    expect(e.message).toBe("no hashes here");
    expect(e.location?.line).toBe(lineOf(ruleText, "Hashes:"));
  });
});

describe("strict_field_mapping_failure (spec message)", () => {
  it("lists the fields no mapping renamed, sorted", () => {
    const text = `transformations:
  - type: field_name_mapping
    mapping: {User: user.name}
  - type: strict_field_mapping_failure
`;
    const e = caught(() => applyPipeline(loadPipelineYaml(text, { path: "p.yml" }), rule(ruleText)));
    expect(e).toBeInstanceOf(SigmaTransformationError);
    expect(e.message).toBe("The following fields are not mapped: CommandLine, Hashes");
  });
});

describe("coverage", () => {
  it("every built-in transformation type has a definition error case above", () => {
    const covered = new Set(definitionErrors.map((c) => c[0]));
    const types = [...builtinRegistry().transformations.keys()].sort();
    expect(types).toHaveLength(28);
    expect(types.filter((t) => !covered.has(t))).toEqual([]);
  });
});
