/**
 * Pipelines written by users (issue 16): where pySigma is right we give its output; where we
 * differ by design, each class of ACCEPTED-DIFFERENCES.md ("Pipeline behaviours") has its test here.
 */
import { parseCollection } from "@sigma/core";
import type { DetectionItem, SigmaRule, SigmaValue } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { applyPipeline, detectionItems, loadPipelineYaml, postprocessQuery } from "../src/index.js";

function ruleOf(logsource: string, selection: string): SigmaRule {
  const text = `title: t\nlogsource: ${logsource}\ndetection:\n  sel:\n${selection}\n  filter:\n    f: ''\n  condition: sel and not filter\n`;
  return parseCollection(text, { path: "rule.yml" }).rules[0] as SigmaRule;
}

function items(pipeline: string, r: SigmaRule): DetectionItem[] {
  return [...detectionItems(applyPipeline(loadPipelineYaml(pipeline, { path: "p.yml" }), r).rule)];
}

/** Every value of an item as text (expansions flattened), regexes as `/pattern/`. */
function texts(item: DetectionItem | undefined): string[] {
  const text = (v: SigmaValue): string[] => {
    if (v.type === "expansion") return v.values.flatMap(text);
    if (v.type === "string") return [v.parts.map((p) => (typeof p === "string" ? p : p.kind === "wildcard" ? p.wildcard : `%${p.name}%`)).join("")];
    if (v.type === "regex") return [`/${v.pattern}/`];
    if (v.type === "query_expression") return [`{${v.expression}|${v.id}}`];
    return [v.type];
  };
  return item ? item.values.flatMap(text) : [];
}

describe("where the reference is right", () => {
  it("regex (ignore_case_flag) leaves an empty value an empty string (f!~`(?i)^$`, not f!~`(?i).*.*`)", () => {
    const r = ruleOf("{product: windows}", "    CommandLine: x");
    const [, filter] = items("transformations:\n  - {type: regex, method: ignore_case_flag}\n", r);
    expect(filter?.values).toEqual([{ type: "string", parts: [], cased: false }]);
    for (const method of ["plain", "ignore_case_brackets"]) {
      expect(items(`transformations:\n  - {type: regex, method: ${method}}\n`, r)[1]?.values[0]).toMatchObject({ type: "string" });
    }
  });

  it("simple_template prints the pipeline state as Python prints a mapping ({} when empty, not None)", () => {
    const r = ruleOf("{product: windows}", "    CommandLine: x");
    const empty = loadPipelineYaml("postprocessing:\n  - {type: simple_template, template: '{query} {pipeline.state}'}\n");
    expect(postprocessQuery(empty, r, "q")).toBe("q {}");
    const pipeline = loadPipelineYaml(
      "transformations:\n  - {type: set_state, key: k, val: [1, \"it's\"]}\npostprocessing:\n  - {type: simple_template, template: '{pipeline.state}'}\n",
    );
    const { rule: processed, state } = applyPipeline(pipeline, r);
    expect(postprocessQuery(pipeline, processed, "q", state)).toBe(`{'k': [1, "it's"]}`);
  });
});

describe("by design (ACCEPTED-DIFFERENCES.md, pipeline behaviours)", () => {
  it("add-condition-template-none: a field the log source lacks is the text None, as in the reference", () => {
    const r = ruleOf("{product: windows}", "    CommandLine: x");
    const added = items("transformations:\n  - {type: add_condition, name: c, template: true, conditions: {Channel: '$service/$product'}}\n", r);
    expect(texts(added.find((i) => i.field === "Channel"))).toEqual(["None/windows"]);
  });

  it("field-name-item-applied: a field-name processing_item_applied condition selects detection items whose field the item mapped", () => {
    const r = ruleOf("{product: windows}", "    CommandLine: x\n    User: y");
    const out = items(
      [
        "transformations:",
        "  - {id: map, type: field_name_mapping, mapping: {CommandLine: cmd}}",
        "  - type: case",
        "    method: upper",
        "    field_name_conditions: [{type: processing_item_applied, processing_item_id: map}]",
      ].join("\n"),
      r,
    );
    // The reference never fires this condition for detection items: it would leave `x` alone.
    expect(out.map((i) => [i.field, texts(i)])).toEqual([["cmd", ["X"]], ["User", ["y"]], ["f", [""]]]);
  });

  it("expansion-values-transformed: value transformations reach the values windash generates", () => {
    const r = ruleOf("{product: windows}", "    CommandLine|windash: -foo");
    const [sel] = items("transformations:\n  - {type: case, method: upper}\n", r);
    // The reference leaves a windash expansion alone: -foo, /foo, … would stay lower case.
    expect(texts(sel)).toEqual(["-FOO", "/FOO", "\u2013FOO", "\u2014FOO", "\u2015FOO"]);
  });

  it("expansion-values-transformed: placeholders inside a windash expansion are replaced", () => {
    const r = ruleOf("{product: windows}", "    CommandLine|windash|expand: '-u %admins%'");
    const [sel] = items("vars: {admins: [root, adm]}\ntransformations:\n  - {type: value_placeholders}\n", r);
    // The reference does not look inside the expansion: `%admins%` would reach the query.
    expect(texts(sel)).toEqual(["-u root", "-u adm", "/u root", "/u adm", "\u2013u root", "\u2013u adm", "\u2014u root", "\u2014u adm", "\u2015u root", "\u2015u adm"]);
  });

  it("query-expression-include: a value with a placeholder the item does not include is left to later items", () => {
    const r = ruleOf("{product: windows}", "    DestinationIp|expand: '%ipgroup%'\n    User|expand: '%admins%-x'");
    const out = items(
      [
        "vars: {admins: [root]}",
        "transformations:",
        "  - {type: query_expression_placeholders, include: [ipgroup], expression: '{field}=~\"{id}\"'}",
        "  - {type: value_placeholders, include: [admins]}",
      ].join("\n"),
      r,
    );
    // The reference stops at `%admins%-x`: "Placeholder query expression transformation only allows placeholder-only strings."
    expect(out.map((i) => texts(i))).toEqual([['{{field}=~"{id}"|ipgroup}'], ["root-x"], [""]]);
  });

  it("query-expression-include: a value with an included placeholder and other text is still an error", () => {
    const r = ruleOf("{product: windows}", "    DestinationIp|expand: '%ipgroup%-x'");
    expect(() => items("transformations:\n  - {type: query_expression_placeholders, include: [ipgroup], expression: '{id}'}\n", r)).toThrow(
      "Placeholder query expression transformation only allows placeholder-only strings.",
    );
  });
});
