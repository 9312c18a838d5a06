/**
 * Test support shared by the pipeline packages (not published): reads the worked examples of
 * `shared/spec/pipelines-sysmon-windows.md` and applies pipelines to them.
 * @packageDocumentation
 */
export { blockAfter, specText, workedExamples, type WorkedExample } from "./spec.js";
export { actualShown, expectedShown, type Shown } from "./examples.js";
