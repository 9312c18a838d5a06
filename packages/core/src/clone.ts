/**
 * Cheap copies of rules for processing: every mutable part (detections, items, lists, log source,
 * custom attributes) is copied; values are immutable and shared. Processing calls this once per
 * pipeline application instead of deep-copying whole rules.
 */
import type { Detection, DetectionItem, Detections } from "./model/detection.js";
import type { LogSource, SigmaCorrelationRule, SigmaDocument, SigmaFilter, SigmaRule } from "./model/rule.js";

/** Copies a detection item (its modifier and value lists and processing marks). */
export function cloneDetectionItem(item: DetectionItem): DetectionItem {
  const copy: DetectionItem = { ...item, modifiers: [...item.modifiers], values: [...item.values] };
  if (item.appliedProcessingItems) copy.appliedProcessingItems = new Set(item.appliedProcessingItems);
  return copy;
}

/** Copies a detection and everything below it. */
export function cloneDetection(detection: Detection): Detection {
  return {
    ...detection,
    items: detection.items.map((item) => (item.kind === "item" ? cloneDetectionItem(item) : cloneDetection(item))),
  };
}

/** Copies a `detection` section. */
export function cloneDetections(detections: Detections): Detections {
  const copy: Detections = {
    ...detections,
    definitions: new Map([...detections.definitions].map(([name, d]) => [name, cloneDetection(d)])),
    conditions: [...detections.conditions],
  };
  if (detections.conditionLocations) copy.conditionLocations = [...detections.conditionLocations];
  return copy;
}

function cloneLogSource(logsource: LogSource): LogSource {
  return { ...logsource, custom: { ...logsource.custom } };
}

/**
 * A copy of a rule whose mutable parts can be changed without touching the original. Correlation
 * rules keep references to the same referenced rule objects (clone those separately).
 */
export function cloneRule<T extends SigmaDocument>(rule: T): T;
export function cloneRule(rule: SigmaDocument): SigmaDocument {
  switch (rule.kind) {
    case "rule":
      return cloneDetectionRule(rule);
    case "correlation":
      return cloneCorrelationRule(rule);
    default:
      return cloneFilter(rule);
  }
}

function cloneMeta<T extends SigmaRule | SigmaCorrelationRule>(rule: T): T {
  return {
    ...rule,
    related: [...rule.related],
    references: [...rule.references],
    fields: [...rule.fields],
    falsepositives: [...rule.falsepositives],
    scope: [...rule.scope],
    tags: [...rule.tags],
    customAttributes: { ...rule.customAttributes },
    errors: [...rule.errors],
  };
}

function cloneDetectionRule(rule: SigmaRule): SigmaRule {
  return { ...cloneMeta(rule), logsource: cloneLogSource(rule.logsource), detection: cloneDetections(rule.detection) };
}

function cloneCorrelationRule(rule: SigmaCorrelationRule): SigmaCorrelationRule {
  return {
    ...cloneMeta(rule),
    ruleReferences: [...rule.ruleReferences],
    rules: [...rule.rules],
    groupBy: [...rule.groupBy],
    condition:
      rule.condition.kind === "threshold"
        ? { ...rule.condition, ...(rule.condition.fields ? { fields: [...rule.condition.fields] } : {}) }
        : { ...rule.condition },
    aliases: new Map([...rule.aliases].map(([alias, map]) => [alias, new Map(map)])),
  };
}

function cloneFilter(filter: SigmaFilter): SigmaFilter {
  return {
    ...filter,
    logsource: cloneLogSource(filter.logsource),
    rules: filter.rules === "any" ? "any" : [...filter.rules],
    detection: cloneDetections(filter.detection),
    errors: [...filter.errors],
  };
}
