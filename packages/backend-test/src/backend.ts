/**
 * `text_query_test`: pySigma 1.5.0's `TextQueryTestBackend` on the text base — its settings, its
 * backend pipeline `dummy_test_pipeline`, its output formats and its correlation method `test`.
 */
import { createTextQueryBackend } from "@sigma/backend";
import type { Backend, RuleContext } from "@sigma/backend";
import { definePipeline } from "@sigma/processing";
import type { ProcessingPipeline } from "@sigma/processing";
import { textQueryTestSettings } from "./settings.js";

/** The backend's identifier (`-t text_query_test`). */
export const TEXT_QUERY_TEST = "text_query_test";

/** Options of the backend. */
export type TextQueryTestOptions = {
  /** Added as `test` to each entry of the `list_of_dict` format when not empty (pySigma `testparam`). */
  testparam: string;
};

/** pySigma's `dummy_test_pipeline`: the backend pipeline, maps `fieldA` to `mappedA`. */
export function dummyTestPipeline(): ProcessingPipeline {
  return definePipeline({
    name: "Test pipeline",
    allowed_backends: [TEXT_QUERY_TEST],
    transformations: [{ type: "field_name_mapping", mapping: { fieldA: "mappedA" } }],
  });
}

/** The `test` format's pipeline: maps `fieldC` to `mappedC`. */
function testFormatPipeline(): ProcessingPipeline {
  return definePipeline({ transformations: [{ type: "field_name_mapping", mapping: { fieldC: "mappedC" } }] });
}

/** `finalize_query_<format>`. */
function finalizeQuery(query: string, ctx: RuleContext<TextQueryTestOptions>): string {
  switch (ctx.format) {
    case "test":
      return `[ ${query} ]`;
    case "state":
      return `index=${String(ctx.processingState["index"] ?? "default")} (${query})`;
    default:
      return query;
  }
}

/** `finalize_output_<format>`. */
function finalizeOutput(queries: readonly unknown[], format: string, options: Readonly<TextQueryTestOptions>): unknown {
  switch (format) {
    case "list_of_dict":
      return queries.map((query) => (options.testparam === "" ? { query } : { query, test: options.testparam }));
    case "str":
      return queries.join("\n");
    case "bytes":
      return new TextEncoder().encode(queries.join("\u0000"));
    default:
      return [...queries];
  }
}

/** Creates the backend. */
export function createTextQueryTestBackend(): Backend<TextQueryTestOptions> {
  return createTextQueryBackend<TextQueryTestOptions>(
    {
      name: "Test backend",
      identifier: TEXT_QUERY_TEST,
      formats: {
        default: "Default format",
        test: "Dummy test format",
        state: "Test format that obtains information from state",
        list_of_dict: "List of Dict",
        str: "Plain string",
        bytes: "Plain query as bytes",
      },
      defaultFormat: "default",
      options: {
        testparam: { type: "string", default: "", description: "Added as 'test' to the entries of the list_of_dict format" },
      },
      correlationMethods: { test: "Test correlation method" },
      defaultCorrelationMethod: "test",
      processingPipeline: dummyTestPipeline(),
      outputFormatPipelines: { test: testFormatPipeline() },
      // pySigma's conversion order, so that nested correlations fail where the reference fails.
      referenceRuleOrder: true,
      finalizeQuery: (_rule, query, _index, ctx) => finalizeQuery(query, ctx),
      finalizeOutput: (queries, ctx) => finalizeOutput(queries, ctx.format, ctx.options),
    },
    textQueryTestSettings,
  );
}
