import { convertRules, loadPipeline, lokiPlugin, LOKI_BACKEND_OPTIONS } from "@sigma/loki-backend";
import { describe, expect, test } from "vitest";
import { SigmaConversionError } from "@sigma/loki-backend";
import { allQueries, catalogue, convertState, NO_TEMPLATES, toProblem } from "./engine.js";
import { DEFAULT_STATE, EXAMPLE_RULE, type PlaygroundState } from "./state.js";

const TWO_RULES = `title: First
logsource: { product: linux }
detection: { sel: { a: 1 }, condition: sel }
---
title: Second
logsource: { product: linux }
detection:
  sel: { b: x }
  condition: sel
`;

function state(extra: Partial<PlaygroundState>): PlaygroundState {
  return { ...DEFAULT_STATE, ...extra };
}

/** 1-based line and column of the first `needle` in `text`. */
function locate(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe("catalogue", () => {
  test("offers every bundled pipeline once (aliases folded) and every backend option", () => {
    const c = catalogue();
    const ids = c.pipelines.map((p) => p.id);
    const distinct = new Set(Object.values(lokiPlugin.pipelines));
    expect(ids).toHaveLength(distinct.size);
    for (const id of ids) expect(Object.keys(lokiPlugin.pipelines)).toContain(id);
    expect(c.options.map((o) => o.name)).toEqual(Object.keys(LOKI_BACKEND_OPTIONS));
    expect(Object.keys(c.formats)).toEqual(["default", "ruler", "grafana_alerting"]);
  });
});

describe("convertState", () => {
  test("gives the library's queries, grouped by rule in document order", () => {
    const view = convertState(state({ rule: TWO_RULES }));
    expect(view.format).toBe("default");
    if (view.format !== "default") return;
    expect(view.rules.map((r) => r.title)).toEqual(["First", "Second"]);
    expect(allQueries(view)).toEqual(convertRules(TWO_RULES).output);
    expect(view.problems).toEqual([]);
  });

  test("applies bundled pipelines, the custom pipeline and options as convertRules does", () => {
    const pipelineYaml = "name: mine\npriority: 20\ntransformations:\n  - type: field_name_mapping\n    mapping: { Image: image_path }\n";
    const view = convertState(state({ rule: EXAMPLE_RULE, pipelines: ["loki_promtail_sysmon"], pipelineYaml, options: { case_sensitive: true, add_line_filters: true } }));
    const expected = convertRules(EXAMPLE_RULE, {
      pipelines: ["loki_promtail_sysmon", loadPipeline(pipelineYaml)],
      options: { case_sensitive: true, add_line_filters: true },
    }).output as string[];
    expect(allQueries(view)).toEqual(expected);
    expect(expected.join()).toContain("image_path");
  });

  test.each(["ruler", "grafana_alerting"] as const)("%s gives the library's YAML text", (format) => {
    const view = convertState(state({ rule: TWO_RULES, format, options: { grafana_folder: "team" } }));
    expect(view).toEqual({ format, text: convertRules(TWO_RULES, { format, options: { grafana_folder: "team" } }).output, problems: [] });
  });

  test("a rule error is located in the rule editor", () => {
    const rule = "title: x\nlogsource: { product: linux }\ndetection:\n  sel:\n    Image|foo: 1\n  condition: sel\n";
    const view = convertState(state({ rule }));
    expect(view.problems).toEqual([
      expect.objectContaining({ source: "rule", kind: "SigmaModifierError", ...locate(rule, "Image|foo") }),
    ]);
    expect(allQueries(view)).toEqual([]);
  });

  test("one bad document does not hide the others' queries", () => {
    const rule = TWO_RULES.replace("condition: sel\n", "condition: sel and missing\n");
    const view = convertState(state({ rule }));
    expect(view.format === "default" && view.rules.map((r) => r.title)).toEqual(["First"]);
    // located at the undefined identifier itself, not at the start of the condition
    expect(view.problems).toEqual([expect.objectContaining({ source: "rule", ...locate(rule, "missing\n") })]);
  });

  test("YAML syntax errors of the rule and of the pipeline go to their editors", () => {
    const bad = "title: [x\n";
    expect(convertState(state({ rule: bad })).problems).toEqual([expect.objectContaining({ source: "rule", kind: "SigmaYAMLError", line: 2 })]);
    const pipeline = "name: p\ntransformations:\n  - type: nope\n";
    expect(convertState(state({ pipelineYaml: pipeline })).problems).toEqual([
      expect.objectContaining({ source: "pipeline", ...locate(pipeline, "type: nope") }),
    ]);
  });

  test("an unknown pipeline name from an edited link is a settings problem, not a crash", () => {
    const view = convertState(state({ pipelines: ["no_such_pipeline"] }));
    expect(view.problems).toEqual([expect.objectContaining({ source: "settings", kind: "SigmaPipelineNotFoundError" })]);
    expect(view.problems[0]!.line).toBeUndefined();
  });

  test("unknown options and options of the wrong type are ignored", () => {
    const view = convertState(state({ options: { no_such_option: true, case_sensitive: "yes", grafana_org_id: "2" } }));
    expect(view.problems).toEqual([]);
    expect(allQueries(view)).toEqual(convertRules(EXAMPLE_RULE).output);
  });

  test("the browser's refusal to evaluate a template is explained, not shown raw", () => {
    // The text Chromium gives when the page's CSP blocks nunjucks' compiled template.
    const refused = "EvalError: Evaluating a string as JavaScript violates the following Content Security Policy directive because 'unsafe-eval' is not an allowed source of script";
    const problem = toProblem(new SigmaConversionError(refused, { path: "rule.yml", line: 1, column: 1 }), "rule");
    expect(problem).toEqual({ message: NO_TEMPLATES, kind: "SigmaConversionError", source: "pipeline" });
    expect(toProblem(new SigmaConversionError("other", { path: "rule.yml", line: 2 }), "rule")).toEqual({ message: "other", kind: "SigmaConversionError", source: "rule", line: 2 });
  });
});
