/** Test helpers: rules from YAML, fixture files, and structural views of detections. */
import { readFileSync } from "node:fs";
import { loadYaml, parseDetection, parseRule } from "@sigma/core";
import type { Detection, DetectionItem, SigmaRule } from "@sigma/core";

/** Parses one Sigma rule from YAML text. */
export function rule(text: string): SigmaRule {
  const source = loadYaml(text, { path: "rule.yml" });
  const doc = source.documents[0];
  if (!doc) throw new Error("no document");
  return parseRule(doc.data, { locations: source.locations, path: "rule.yml" });
}

/** A file of `test/fixtures/` (see the README there). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
}

/** A detection without locations and processing marks, for structural comparison. */
export function shape(d: Detection | DetectionItem): unknown {
  if (d.kind === "item") {
    return { field: d.field, modifiers: d.modifiers, values: d.values, linking: d.linking, negated: d.negated };
  }
  return { linking: d.linking, items: d.items.map(shape) };
}

/** Detection parsed from plain YAML data (what the spec shows), in the same shape. */
export function expectedDetection(data: unknown): unknown {
  return shape(parseDetection(data));
}

/**
 * Renames `_cond_<random>` detections (and their uses in conditions) to `_cond_1`, `_cond_2`, …
 * in order of addition, as the spec shows them.
 */
export function normaliseCondNames(r: SigmaRule): { detections: Map<string, unknown>; conditions: string[] } {
  const renames = new Map<string, string>();
  let n = 0;
  for (const name of r.detection.definitions.keys()) {
    if (/^_cond_[a-z]{10}$/.test(name)) renames.set(name, `_cond_${++n}`);
  }
  const rename = (s: string): string => s.replace(/_cond_[a-z]{10}/g, (m) => renames.get(m) ?? m);
  return {
    detections: new Map([...r.detection.definitions].map(([k, v]) => [rename(k), shape(v)])),
    conditions: r.detection.conditions.map(rename),
  };
}
