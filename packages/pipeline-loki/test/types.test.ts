/**
 * Issue 3: a transformation registered by another package is accepted in a typed pipeline and
 * rejected when misspelled. `@sigma/pipeline-loki` is that other package: it adds
 * `set_custom_log_source` (spec §5.6) to `@sigma/processing`'s `TransformationTypes` by
 * declaration merging, so importing it is all a user does. The type assertions are checked by
 * `pnpm typecheck` (tsconfig.test.json includes this file); the runtime part checks that the same
 * definition loads and applies.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { parseCollection } from "@sigma/core";
import type { SigmaRule } from "@sigma/core";
import { applyPipeline, createRegistry, definePipeline } from "@sigma/processing";
import type { PipelineDefinition, TransformationSpec } from "@sigma/processing";
import lokiPlugin, { LokiCustomAttributes } from "../src/index.js";
import type { SetCustomLogSourceParams } from "../src/index.js";

describe("set_custom_log_source in typed pipelines", () => {
  it("is a known transformation type once @sigma/pipeline-loki is imported", () => {
    expectTypeOf<{ type: "set_custom_log_source"; selection: Record<string, unknown> }>().toExtend<TransformationSpec>();
    expectTypeOf<{ type: "set_custom_log_source"; selection: { job: string }; case_insensitive: true; template: false }>().toExtend<TransformationSpec>();
    expectTypeOf<SetCustomLogSourceParams>().toHaveProperty("selection");
  });

  it("is rejected when misspelled or given wrong parameters", () => {
    expectTypeOf<{ type: "set_custom_logsource"; selection: Record<string, unknown> }>().not.toExtend<TransformationSpec>();
    expectTypeOf<{ type: "set_custom_log_source"; selection: Record<string, unknown>; case_insensitive: "yes" }>().not.toExtend<TransformationSpec>();
    expectTypeOf<{ type: "set_custom_log_source" }>().not.toExtend<TransformationSpec>();

    const bad: PipelineDefinition = {
      // @ts-expect-error: misspelled transformation type
      transformations: [{ type: "set_custom_logsource", selection: { job: "x" } }],
    };
    const badParam: PipelineDefinition = {
      // @ts-expect-error: `selection` is required
      transformations: [{ type: "set_custom_log_source", template: true }],
    };
    expect([bad, badParam]).toHaveLength(2);
  });

  it("the typed definition loads through the plugin's registry and sets the selector attribute (§5.6)", () => {
    const definition: PipelineDefinition = {
      name: "typed",
      transformations: [{ type: "set_custom_log_source", selection: { job: "windows" } }],
    };
    const pipeline = definePipeline(definition, { registry: createRegistry(lokiPlugin) });
    const collection = parseCollection("title: t\nlogsource: {product: windows}\ndetection: {sel: {a: 1}, condition: sel}\n");
    const { rule } = applyPipeline(pipeline, collection.rules[0] as SigmaRule);
    // plain string → lbl=`v` (§5.6)
    expect((rule as SigmaRule).customAttributes[LokiCustomAttributes.LOGSOURCE_SELECTION]).toBe("{job=`windows`}");
  });
});
