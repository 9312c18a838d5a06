/** The `windows-logsources` and `windows-audit` pipelines of pySigma-pipeline-windows 1.2.0. */
import { definePipeline } from "@sigma/processing";
import type { PipelineDefinition, ProcessingPipeline, RuleConditionSpec, TransformationSpec } from "@sigma/processing";
import {
  genericLogsourceToWindowsAuditEventMapping,
  windowsAuditFieldMapping,
  windowsGenericCategoryChannelMapping,
} from "./data.js";
import { generateWindowsLogsourceItems } from "./generate.js";

/** `name` of `windows-logsources`. */
export const WINDOWS_LOGSOURCES_PIPELINE_NAME = "Add Channel condition for Windows log sources";
/** `name` of `windows-audit`. */
export const WINDOWS_AUDIT_PIPELINE_NAME = "Map generic log sources to Windows audit logs";

/**
 * Identifier of the category items' `change_logsource`: the reference never formatted this
 * string, so all five items carry the same literal id. Kept for parity (it shows in applied ids).
 */
export const WINDOWS_CATEGORY_LOGSOURCE_ID = "windows_{category_name}_logsource";

const windowsCategory = (category: string): RuleConditionSpec[] => [{ type: "logsource", category, product: "windows" }];

/** Plain (mutable) copy of a condition value. */
function copyValue<T>(value: T | readonly T[]): T | T[] {
  return Array.isArray(value) ? [...(value as readonly T[])] : (value as T);
}

/**
 * `windows-logsources`: 10 PowerShell category items (EventID, then service), then the 39
 * service → Channel items of pySigma's table, as plain typed pipeline data. Each call returns fresh
 * objects.
 */
export function windowsLogsourcePipelineDefinition(): PipelineDefinition {
  const categoryItems = windowsGenericCategoryChannelMapping.flatMap(
    ({ category, service, eventId }): TransformationSpec[] => [
      {
        id: `windows_${category}_channel`,
        type: "add_condition",
        conditions: { EventID: eventId },
        rule_conditions: windowsCategory(category),
      },
      {
        id: WINDOWS_CATEGORY_LOGSOURCE_ID,
        type: "change_logsource",
        category,
        product: "windows",
        service,
        rule_conditions: windowsCategory(category),
      },
    ],
  );
  return {
    name: WINDOWS_LOGSOURCES_PIPELINE_NAME,
    priority: 10,
    transformations: [...categoryItems, ...generateWindowsLogsourceItems()],
  };
}

/**
 * `windows-audit`: for 4 categories add the Security audit conditions and change the log source
 * to `product: windows, service: security` (dropping the category), then rename 4 fields on
 * that log source. Plain typed pipeline data; each call returns fresh objects.
 */
export function windowsAuditPipelineDefinition(): PipelineDefinition {
  const categoryItems = genericLogsourceToWindowsAuditEventMapping.flatMap(
    ({ category, conditions }): TransformationSpec[] => [
      {
        id: `windows_${category}_condition`,
        type: "add_condition",
        conditions: Object.fromEntries(Object.entries(conditions).map(([k, v]) => [k, copyValue(v)])),
        rule_conditions: windowsCategory(category),
      },
      {
        id: `windows_${category}_logsource`,
        type: "change_logsource",
        product: "windows",
        service: "security",
        rule_conditions: windowsCategory(category),
      },
    ],
  );
  return {
    name: WINDOWS_AUDIT_PIPELINE_NAME,
    priority: 10,
    transformations: [
      ...categoryItems,
      {
        id: "windows_audit_fieldmappings",
        type: "field_name_mapping",
        mapping: { ...windowsAuditFieldMapping },
        rule_conditions: [{ type: "logsource", product: "windows", service: "security" }],
      },
    ],
  };
}

/** The `windows-logsources` pipeline, built (each call draws new `add_condition` names). */
export function windowsLogsourcePipeline(): ProcessingPipeline {
  return definePipeline(windowsLogsourcePipelineDefinition());
}

/** The `windows-audit` pipeline, built (each call draws new `add_condition` names). */
export function windowsAuditPipeline(): ProcessingPipeline {
  return definePipeline(windowsAuditPipelineDefinition());
}
