/**
 * @sigma/backend-test — pySigma's own test backend, `text_query_test`, as a plugin:
 * `sigma convert -t text_query_test --plugin packages/backend-test rules/`.
 * @packageDocumentation
 */
import type { BackendPlugin } from "@sigma/backend";
import { TEXT_QUERY_TEST, createTextQueryTestBackend, dummyTestPipeline } from "./backend.js";

export { TEXT_QUERY_TEST, createTextQueryTestBackend, dummyTestPipeline } from "./backend.js";
export type { TextQueryTestOptions } from "./backend.js";
export { textQueryTestSettings } from "./settings.js";

/** The plugin: the `text_query_test` backend and its `dummy_test_pipeline`. */
const plugin = {
  name: TEXT_QUERY_TEST,
  backends: { [TEXT_QUERY_TEST]: createTextQueryTestBackend },
  pipelines: { dummy_test_pipeline: dummyTestPipeline },
} satisfies BackendPlugin;

export default plugin;
