/**
 * The one-call API is as forgiving as its README says (issue 16): bad YAML and an empty text are
 * errors in the result, never exceptions; third-party plugins work by name and from YAML.
 */
import { describe, expect, it } from "vitest";
import { SigmaConfigurationError, SigmaError, convertRules, loadPipeline, lokiPlugin, type ProcessingPlugin } from "../src/index.js";
import { appendToSigmaString } from "../src/reexport/core.js";
import { createRegistry, definePipeline, valueTransformation, type TransformationDefinition } from "../src/reexport/processing.js";

const RULE = "title: t\nlogsource: {product: p}\ndetection: {sel: {a: x}, condition: sel}\n";

describe("convertRules never throws for bad rule text", () => {
  it.each([
    ["", /empty/],
    ["   \n", /empty/],
    ["a: [", /Invalid YAML/],
    [`${RULE}---\nfoo: [\n`, /Invalid YAML/],
    ["title: x\n---\n: : :\n", /Invalid YAML/],
  ])("%j gives a located error as a result", (text, message) => {
    const result = convertRules(text, { path: "r.yml" });
    expect(result.output).toEqual([]);
    expect(result.results).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toBeInstanceOf(SigmaError);
    expect(result.errors[0]?.message).toMatch(message);
    expect(result.errors[0]?.location).toMatchObject({ path: "r.yml", line: expect.any(Number) });
  });

  it("the YAML formats still give their (empty) document", () => {
    const result = convertRules("a: [", { format: "ruler", path: "r.yml" });
    expect(result.output).toBe("groups:\n- name: Sigma rules\n  rules: []\n");
    expect(result.errors).toHaveLength(1);
  });

  it("a bad configuration still throws (documented)", () => {
    expect(() => convertRules(RULE, { pipelines: ["no_such_pipeline"] })).toThrow(/not found/);
  });
});

// A third-party plugin as its README would write it: a transformation type and a named pipeline.
interface SuffixParams {
  suffix: string;
}

declare module "../src/reexport/processing.js" {
  interface TransformationTypes {
    suffix_values: SuffixParams;
  }
}

const suffixValues: TransformationDefinition<SuffixParams> = {
  params: ["suffix"],
  create(p) {
    const suffix = p.string("suffix");
    return valueTransformation("suffix_values", (v) => (v.type === "string" ? appendToSigmaString(v, suffix) : undefined));
  },
};

const plugin = {
  name: "acme",
  transformations: { suffix_values: suffixValues },
  pipelines: {
    acme_suffix: () =>
      definePipeline(
        { name: "acme", priority: 30, transformations: [{ type: "suffix_values", suffix: "-acme" }] },
        { registry: createRegistry({ name: "acme", transformations: { suffix_values: suffixValues } }) },
      ),
  },
} satisfies ProcessingPlugin;

const YAML_PIPELINE = "name: y\npriority: 30\ntransformations:\n  - type: suffix_values\n    suffix: '-yaml'\n";

describe("third-party plugins in the one-call API", () => {
  it("a plugin's pipeline by name", () => {
    expect(convertRules(RULE, { plugins: [plugin], pipelines: ["acme_suffix"] }).output).toEqual([
      '{job=~".+"} | logfmt | a=~`(?i)^x\\-acme$`',
    ]);
  });

  it("a YAML pipeline using the plugin's transformation type, in convertRules and loadPipeline", () => {
    const expected = ['{job=~".+"} | logfmt | a=~`(?i)^x\\-yaml$`'];
    expect(convertRules(RULE, { plugins: [plugin], pipelines: [{ yaml: YAML_PIPELINE, path: "p.yml" }] }).output).toEqual(expected);
    const loaded = loadPipeline(YAML_PIPELINE, { path: "p.yml", plugins: [plugin] });
    expect(convertRules(RULE, { pipelines: [loaded] }).output).toEqual(expected);
  });

  it("a registry of your own", () => {
    const registry = createRegistry(lokiPlugin, plugin);
    expect(convertRules(RULE, { registry, pipelines: ["acme_suffix", "loki_grafana_logfmt"] }).errors).toEqual([]);
    expect(loadPipeline(YAML_PIPELINE, { registry }).name).toBe("y");
  });

  it("without the plugin, its names and types are unknown", () => {
    expect(() => convertRules(RULE, { pipelines: ["acme_suffix"] })).toThrow(/not found/);
    expect(() => loadPipeline(YAML_PIPELINE, "p.yml")).toThrow(SigmaConfigurationError);
  });
});
