/**
 * Runs the spec's worked examples: parses the input rule with @sigma/core, applies the named
 * pipelines in the given order with @sigma/processing, and returns what to compare with the
 * example's `after` (built by parsing it with the same parser).
 */
import { parseCollection } from "@sigma/core";
import type { Detection, DetectionItem, SigmaRule } from "@sigma/core";
import { applyPipeline, mergePipelines } from "@sigma/processing";
import type { ProcessingPipeline } from "@sigma/processing";
import type { WorkedExample } from "./fixtures.js";

/** The parts of a rule the examples show, in a comparable form. */
export interface Shown {
  logsource: Record<string, string>;
  detections: Array<[string, unknown]>;
  conditions: string[];
  fields: string[];
}

function parseRule(text: string): SigmaRule {
  const rule = parseCollection(text).rules[0];
  if (rule?.kind !== "rule") throw new Error("expected a detection rule");
  return rule;
}

/** A detection without source locations and processing marks. */
function plain(detection: Detection | DetectionItem): unknown {
  if (detection.kind === "item") {
    const { location: _l, appliedProcessingItems: _a, ...rest } = detection;
    return rest;
  }
  return { kind: "detection", linking: detection.linking, items: detection.items.map(plain) };
}

function shown(rule: SigmaRule, rename: (text: string) => string = (t) => t): Shown {
  const { category, product, service } = rule.logsource;
  const logsource: Record<string, string> = {};
  if (category !== undefined) logsource["category"] = category;
  if (product !== undefined) logsource["product"] = product;
  if (service !== undefined) logsource["service"] = service;
  return {
    logsource,
    detections: [...rule.detection.definitions].map(([name, d]) => [rename(name), plain(d)]),
    conditions: rule.detection.conditions.map(rename),
    fields: rule.fields,
  };
}

/** The expected result: the example's `after` read as a rule. */
export function expectedShown(example: WorkedExample): Shown {
  return shown(parseRule(JSON.stringify({ title: "expected", ...example.after })));
}

/** The actual result of applying the pipelines (in the given order) to the input rule. */
export function actualShown(
  example: WorkedExample,
  pipelines: Readonly<Record<string, () => ProcessingPipeline>>,
): Shown & { applied: string[] } {
  const factories = example.pipelines.map((name) => {
    const factory = pipelines[name];
    if (!factory) throw new Error(`pipeline ${name} not available in this test`);
    return factory();
  });
  const { rule, state } = applyPipeline(mergePipelines(...factories), parseRule(example.input));
  // Added detections have random `_cond_` names; the spec numbers them in order of addition.
  const added = [...rule.detection.definitions.keys()].filter((n) => /^_cond_[a-z]{10}$/.test(n));
  const rename = (text: string) =>
    added.reduce((t, name, i) => t.replaceAll(name, `_cond_${i + 1}`), text);
  return { ...shown(rule, rename), applied: [...state.applied] };
}
