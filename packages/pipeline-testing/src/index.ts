/**
 * Test support shared by the pipeline packages (not published): the fixtures made from the
 * reference's pipeline spec (`fixtures/`), and applying pipelines to its worked examples.
 * @packageDocumentation
 */
export {
  fixtureText,
  specPipeline,
  specPipelineHeader,
  specPipelineYaml,
  sysmonCategoryTable,
  windowsServiceTable,
  workedExamples,
  type SpecPipeline,
  type SpecPipelineName,
  type WorkedExample,
} from "./fixtures.js";
export { actualShown, expectedShown, type Shown } from "./examples.js";
