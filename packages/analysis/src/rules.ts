/**
 * What the validators and analyses read of rules: detection items (with the values as written in
 * the rule, before modifiers), string values, and how rules are named in reports.
 */
import { sigmaValueFromYaml } from "@sigma/core";
import type { Detection, DetectionItem, SigmaCorrelationRule, SigmaRule, SigmaStringValue, SigmaValue } from "@sigma/core";
import { sharedPerRule } from "./memo.js";

/** A detection rule or a correlation rule. */
export type AnyRule = SigmaRule | SigmaCorrelationRule;

/** One detection item and the values written for it in the rule (before modifiers were applied). */
export interface ItemWithOriginal {
  readonly item: DetectionItem;
  /** pySigma's `original_value`: the YAML values as Sigma values; the modified values when the YAML is not at hand. */
  readonly original: readonly SigmaValue[];
}

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || ["string", "number", "boolean"].includes(typeof v);
const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function originals(raw: unknown): SigmaValue[] {
  const list = Array.isArray(raw) ? raw : [raw];
  // YAML `[]` is a null value, as in the parser.
  return (list.length === 0 ? [null] : list).map((v) => sigmaValueFromYaml(isScalar(v) ? v : String(v)));
}

/**
 * Walks a parsed detection beside the YAML it was parsed from (same shapes as the parser: a map
 * holds one item per key, a list of scalars one keyword item, other lists one detection per
 * element, a scalar one keyword item).
 */
function walk(detection: Detection, raw: unknown, out: ItemWithOriginal[]): void {
  const items = detection.items;
  const add = (index: number, values: unknown): void => {
    const item = items[index];
    if (item?.kind === "item") out.push({ item, original: originals(values) });
  };
  if (isMapping(raw)) {
    Object.values(raw).forEach((values, index) => add(index, values));
  } else if (Array.isArray(raw) && !raw.every(isScalar)) {
    raw.forEach((element, index) => {
      const child = items[index];
      if (child?.kind === "detection") walk(child, element, out);
    });
  } else {
    add(0, raw);
  }
}

/**
 * Every detection item of a detection rule (none for correlations), in rule order; read once per
 * validation of the rule, as most validators look at them.
 */
export const detectionItems: (rule: AnyRule) => readonly ItemWithOriginal[] = sharedPerRule(readDetectionItems);

function readDetectionItems(rule: AnyRule): ItemWithOriginal[] {
  if (rule.kind !== "rule") return [];
  const rawDetection = isMapping(rule.raw?.["detection"]) ? (rule.raw["detection"] as Record<string, unknown>) : undefined;
  const out: ItemWithOriginal[] = [];
  for (const [name, detection] of rule.detection.definitions) {
    const before = out.length;
    if (rawDetection && name in rawDetection) walk(detection, rawDetection[name], out);
    // Without the YAML (a rule built in code) or when the shapes differ, the modified values stand in.
    if (out.length === before) collectItems(detection, out);
  }
  return out;
}

function collectItems(detection: Detection, out: ItemWithOriginal[]): void {
  for (const child of detection.items) {
    if (child.kind === "item") out.push({ item: child, original: child.values });
    else collectItems(child, out);
  }
}

/** The string values of an item after modifiers (expansions such as `windash` are not strings). */
export function stringValues(item: DetectionItem): SigmaStringValue[] {
  return item.values.filter((v): v is SigmaStringValue => v.type === "string");
}

/** An item as written: `field|modifier|…` (`<keyword>` for unbound values). */
export function itemText(item: DetectionItem): string {
  return [item.field ?? "<keyword>", ...item.modifiers].join("|");
}

/** How a rule is named in reports: its path, else its id, else `None` (as sigma-cli). */
export function ruleSource(rule: AnyRule): string {
  return rule.source?.path ?? rule.id ?? "None";
}
