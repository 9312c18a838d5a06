/** Walking and rewriting the detection items of a rule. */
import type { Detection, DetectionItem, SigmaRule, SigmaValue } from "@sigma/core";
import type { ProcessableRule } from "./state.js";

/** Every detection item of a rule, at any depth, in source order. */
export function* detectionItems(rule: SigmaRule): Generator<DetectionItem> {
  for (const detection of rule.detection.definitions.values()) yield* itemsOf(detection);
}

function* itemsOf(detection: Detection): Generator<DetectionItem> {
  for (const item of detection.items) {
    if (item.kind === "item") yield item;
    else yield* itemsOf(item);
  }
}

/**
 * What a rewrite returns for one item: `undefined` keeps it, a detection item or a detection
 * replaces it, `null` drops it.
 */
export type ItemRewrite = DetectionItem | Detection | null | undefined;

/**
 * Rewrites detection items in place. Nested detections that end up empty are removed; a top-level
 * search identifier keeps its (possibly empty) detection so that conditions still resolve.
 */
export function rewriteDetectionItems(rule: SigmaRule, rewrite: (item: DetectionItem) => ItemRewrite): void {
  for (const detection of rule.detection.definitions.values()) rewriteDetection(detection, rewrite);
}

function rewriteDetection(detection: Detection, rewrite: (item: DetectionItem) => ItemRewrite): void {
  const out: Array<DetectionItem | Detection> = [];
  for (const item of detection.items) {
    if (item.kind === "detection") {
      rewriteDetection(item, rewrite);
      if (item.items.length > 0) out.push(item);
      continue;
    }
    const result = rewrite(item);
    if (result === undefined) out.push(item);
    else if (result !== null) out.push(result);
  }
  detection.items = out;
}

/** Values of a detection item, an expansion counting as the values it holds. */
export function itemValueCount(item: DetectionItem): number {
  const leaves = (v: SigmaValue): number => (v.type === "expansion" ? v.values.reduce((n, x) => n + leaves(x), 0) : 1);
  return item.values.reduce((n, v) => n + leaves(v), 0);
}

/** Values of every detection item of a rule (a correlation rule has none of its own). */
export function ruleValueCount(rule: ProcessableRule): number {
  if (rule.kind !== "rule") return 0;
  let total = 0;
  for (const item of detectionItems(rule)) total += itemValueCount(item);
  return total;
}
