/**
 * Plugins: a third-party transformation registered at run time and typed by declaration merging
 * (a misspelled type must not compile), plus the placeholder extension point.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  applyPipeline,
  createRegistry,
  definePipeline,
  detectionItems,
  loadPipelineYaml,
  placeholderTransformationDefinition,
  valueTransformation,
  type PipelineDefinition,
  type ProcessingPlugin,
  type TransformationDefinition,
  type TransformationSpec,
} from "@sigma/processing";
import { appendToSigmaString, plainSigmaString } from "@sigma/core";
import { rule } from "./helpers.js";

/** Parameters of the third-party `suffix_values` transformation. */
interface SuffixValuesParams {
  suffix: string;
}

declare module "@sigma/processing" {
  interface TransformationTypes {
    suffix_values: SuffixValuesParams;
    file_placeholders: { path: string; include?: string[] };
  }
}

const suffixValues: TransformationDefinition<SuffixValuesParams> = {
  params: ["suffix"],
  description: "Append a suffix to string values.",
  create(p) {
    const suffix = p.string("suffix");
    return valueTransformation("suffix_values", (v) =>
      v.type === "string" ? appendToSigmaString(v, suffix) : undefined,
    );
  },
};

/** A stand-in for the CLI's Node-only `file_placeholders`: values come from a "file" map. */
const fakeFiles: Record<string, string> = { "admins.txt": "root\nadmin" };
const filePlaceholders = placeholderTransformationDefinition("file_placeholders", ["path"], (p) => {
  const lines = (fakeFiles[p.string("path")] ?? "").split("\n");
  return () => lines;
});

const plugin: ProcessingPlugin = {
  name: "my-plugin",
  transformations: { suffix_values: suffixValues, file_placeholders: filePlaceholders },
};

const text = `
title: t
logsource: {product: windows}
detection:
  sel:
    User|expand: "%admins%"
    Name: abc
  condition: sel
`;

describe("plugins", () => {
  const registry = createRegistry(plugin);

  it("registers a transformation usable from YAML and typed TypeScript definitions", () => {
    const yaml = loadPipelineYaml("transformations:\n  - {type: suffix_values, suffix: X, field_name_conditions: [{type: include_fields, fields: [Name]}]}\n", { registry });
    const typed = definePipeline(
      {
        transformations: [
          {
            type: "suffix_values",
            suffix: "X",
            field_name_conditions: [{ type: "include_fields", fields: ["Name"] }],
          },
        ],
      },
      { registry },
    );
    for (const p of [yaml, typed]) {
      const values = [...detectionItems(applyPipeline(p, rule(text)).rule)].map((i) => i.values);
      expect(values[1]).toEqual([plainSigmaString("abcX")]);
    }
  });

  it("keeps the description a plugin gives its transformation (for sigma list)", () => {
    expect(registry.transformations.get("suffix_values")?.description).toBe("Append a suffix to string values.");
    expectTypeOf<TransformationDefinition["description"]>().toEqualTypeOf<string | undefined>();
  });

  it("the builtin registry does not know plugin types", () => {
    expect(() => loadPipelineYaml("transformations:\n  - {type: suffix_values, suffix: X}\n")).toThrow(
      "Error in processing rule 1: Unknown transformation type 'suffix_values'",
    );
  });

  it("a plugin provides external placeholder sources through placeholderTransformationDefinition", () => {
    const p = loadPipelineYaml("transformations:\n  - {type: file_placeholders, path: admins.txt}\n", { registry });
    const values = [...detectionItems(applyPipeline(p, rule(text)).rule)].map((i) => i.values);
    expect(values[0]).toEqual([plainSigmaString("root"), plainSigmaString("admin")]);
  });

  it("typed definitions accept augmented types and reject misspelled ones", () => {
    expectTypeOf<{ type: "suffix_values"; suffix: string }>().toExtend<TransformationSpec>();
    expectTypeOf<{ type: "field_name_mapping"; mapping: Record<string, string> }>().toExtend<TransformationSpec>();
    expectTypeOf<{ type: "sufix_values"; suffix: string }>().not.toExtend<TransformationSpec>();
    expectTypeOf<{ type: "suffix_values"; suffix: number }>().not.toExtend<TransformationSpec>();

    const ok: PipelineDefinition = { transformations: [{ type: "suffix_values", suffix: "x" }] };
    const bad: PipelineDefinition = {
      // @ts-expect-error: misspelled transformation type
      transformations: [{ type: "sufix_values", suffix: "x" }],
    };
    const badCondition: PipelineDefinition = {
      // @ts-expect-error: misspelled condition type
      transformations: [{ type: "add_field", field: "a", rule_conditions: [{ type: "logsorce", product: "x" }] }],
    };
    const badParam: PipelineDefinition = {
      // @ts-expect-error: unknown parameter of a built-in type
      transformations: [{ type: "field_name_prefix", prefx: "x" }],
    };
    expect([ok, bad, badCondition, badParam]).toHaveLength(4);
  });
});
