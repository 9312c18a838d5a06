/**
 * @sigma/pipeline-sysmon — the generic `sysmon` processing pipeline (pySigma-pipeline-sysmon 2.0.0):
 * generic Windows log source categories become Sysmon EventID conditions and `service: sysmon`.
 * @packageDocumentation
 */
import type { ProcessingPlugin } from "@sigma/processing";
import { sysmonPipeline } from "./pipeline.js";

export { sysmonCategoryEventIds, type SysmonCategoryRow } from "./data.js";
export { SYSMON_PIPELINE_NAME, sysmonPipeline, sysmonPipelineDefinition, sysmonRowItems } from "./pipeline.js";

/** The plugin: registers the pipeline under the name `sysmon`. */
const plugin = {
  name: "sysmon",
  pipelines: { sysmon: sysmonPipeline },
} satisfies ProcessingPlugin;

export default plugin;
