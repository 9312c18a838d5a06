/**
 * @sigma/pipeline-windows — the `windows-logsources` and `windows-audit` processing pipelines
 * (pySigma-pipeline-windows 1.2.0 on pySigma 1.5.0).
 * @packageDocumentation
 */
import type { ProcessingPlugin } from "@sigma/processing";
import { windowsAuditPipeline, windowsLogsourcePipeline } from "./pipelines.js";

export { windowsLogsourceMapping, type WindowsServiceChannel } from "./channels.js";
export {
  genericLogsourceToWindowsAuditEventMapping,
  windowsAuditFieldMapping,
  windowsGenericCategoryChannelMapping,
  type ConditionValue,
  type WindowsAuditEventRow,
  type WindowsCategoryChannelRow,
} from "./data.js";
export { generateWindowsLogsourceItems, type WindowsLogsourceItemsOptions } from "./generate.js";
export {
  WINDOWS_AUDIT_PIPELINE_NAME,
  WINDOWS_CATEGORY_LOGSOURCE_ID,
  WINDOWS_LOGSOURCES_PIPELINE_NAME,
  windowsAuditPipeline,
  windowsAuditPipelineDefinition,
  windowsLogsourcePipeline,
  windowsLogsourcePipelineDefinition,
} from "./pipelines.js";

/** The plugin: registers `windows-logsources` and `windows-audit` (hyphenated, as the reference). */
const plugin = {
  name: "windows",
  pipelines: {
    "windows-logsources": windowsLogsourcePipeline,
    "windows-audit": windowsAuditPipeline,
  },
} satisfies ProcessingPlugin;

export default plugin;
