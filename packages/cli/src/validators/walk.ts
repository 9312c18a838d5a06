/** Helpers to walk a rule's detection items and values. */
import type { ConvertibleRule } from "../engine.js";
import type { Detection, DetectionItem, SigmaStringValue, SigmaValue } from "@sigma/core";

/** Every detection item of a detection rule, with the name of the detection it is in. */
export function detectionItems(rule: ConvertibleRule): { detection: string; item: DetectionItem }[] {
  if (rule.kind !== "rule") return [];
  const out: { detection: string; item: DetectionItem }[] = [];
  const walk = (name: string, d: Detection | DetectionItem): void => {
    if (d.kind === "item") out.push({ detection: name, item: d });
    else for (const child of d.items) walk(name, child);
  };
  for (const [name, detection] of rule.detection.definitions) walk(name, detection);
  return out;
}

/** Every value of an item, expansions flattened. */
export function itemValues(item: DetectionItem): SigmaValue[] {
  const out: SigmaValue[] = [];
  const add = (v: SigmaValue): void => {
    if (v.type === "expansion") v.values.forEach(add);
    else out.push(v);
  };
  item.values.forEach(add);
  return out;
}

/** Every string value of a rule with its item. */
export function stringValues(rule: ConvertibleRule): { item: DetectionItem; detection: string; value: SigmaStringValue }[] {
  return detectionItems(rule).flatMap(({ item, detection }) =>
    itemValues(item).flatMap((value) => (value.type === "string" ? [{ item, detection, value }] : [])),
  );
}

/** The text of a string value, with `*`/`?` for wildcards and `%name%` for placeholders. */
export function plainText(value: SigmaStringValue): string {
  return value.parts.map((p) => (typeof p === "string" ? p : p.kind === "wildcard" ? p.wildcard : `%${p.name}%`)).join("");
}

/** Where a rule came from, for issue lines. */
export function ruleSource(rule: ConvertibleRule): string {
  return rule.source?.path ?? rule.id ?? "None";
}
