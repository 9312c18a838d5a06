/**
 * The `sysmon` pipeline: for a Windows rule of a generic category, AND an `EventID` condition in
 * front of its conditions and set `service: sysmon` (the category is kept).
 */
import { definePipeline } from "@sigma/processing";
import type { PipelineDefinition, ProcessingPipeline, RuleConditionSpec, TransformationSpec } from "@sigma/processing";
import { sysmonCategoryEventIds, type SysmonCategoryRow } from "./data.js";

/** The pipeline's `name`. */
export const SYSMON_PIPELINE_NAME = "Generic Log Sources to Sysmon Transformation";

/** The two processing items of one table row: the EventID condition, then the log source change. */
export function sysmonRowItems(row: SysmonCategoryRow): TransformationSpec[] {
  const ruleConditions = (): RuleConditionSpec[] => [{ type: "logsource", category: row.category, product: "windows" }];
  const eventId = typeof row.eventId === "number" ? row.eventId : [...row.eventId];
  return [
    {
      id: `sysmon_${row.category}_eventid`,
      type: "add_condition",
      conditions: { EventID: eventId },
      rule_conditions: ruleConditions(),
    },
    {
      id: `sysmon_${row.category}_logsource`,
      type: "change_logsource",
      category: row.category,
      product: "windows",
      service: "sysmon",
      rule_conditions: ruleConditions(),
    },
  ];
}

/**
 * The `sysmon` pipeline as plain, typed pipeline data (the pySigma pipeline YAML schema): 56
 * items, priority 10, allowed for every backend. Each call returns fresh objects.
 */
export function sysmonPipelineDefinition(): PipelineDefinition {
  return {
    name: SYSMON_PIPELINE_NAME,
    priority: 10,
    transformations: sysmonCategoryEventIds.flatMap(sysmonRowItems),
  };
}

/** The `sysmon` pipeline, built (each call draws new `add_condition` names, as in the reference). */
export function sysmonPipeline(): ProcessingPipeline {
  return definePipeline(sysmonPipelineDefinition());
}
