/** The validator of modifier combinations that cannot match or are applied twice. */
import { getModifier } from "@sigma/core";
import type { DetectionItem } from "@sigma/core";
import { detectionItems, itemText } from "../rules.js";
import type { AnyRule } from "../rules.js";
import { issue, perRule } from "./types.js";
import type { ValidationIssue, ValidatorDefinition } from "./types.js";

const ALL_WITHOUT_CONTAINS = {
  type: "AllWithoutContainsModifierIssue",
  severity: "high",
  description: "A field-bound 'all' modifier without 'contains' modifier doesn't matches anything",
} as const;
const BASE64OFFSET_WITHOUT_CONTAINS = {
  type: "Base64OffsetWithoutContainsModifierIssue",
  severity: "high",
  description:
    "A 'base64offset' modifier must be followed by a 'contains' modifier, because calculated values will be prefixed/suffixed with further characters.",
} as const;
const WINDASH_WITH_ALL = {
  type: "WindowsDashCombinedWithAllModifierIssue",
  severity: "high",
  description:
    "The 'windash' modifier cannot be combined with the 'all' modifier, because calculated values will be appended to the same condition which will make it incorrect.",
} as const;
const APPLIED_MULTIPLE = { type: "ModifierAppliedMultipleIssue", severity: "medium", description: "Modifiers shouldn't be applied multiple times" } as const;

/** Modifiers by pySigma class (the aliases `i`/`ignorecase`, … are one modifier). */
const classOf = (id: string): string => getModifier(id)?.className ?? id;

function check(rule: AnyRule, item: DetectionItem): ValidationIssue[] {
  const classes = item.modifiers.map(classOf);
  const has = (id: string): boolean => classes.includes(classOf(id));
  const at = { detection_item: itemText(item) };
  const out: ValidationIssue[] = [];
  if (item.field !== null && has("all") && !has("contains")) out.push(issue(ALL_WITHOUT_CONTAINS, rule, at));
  if (has("base64offset") && !has("contains")) out.push(issue(BASE64OFFSET_WITHOUT_CONTAINS, rule, at));
  if (has("windash") && has("all")) out.push(issue(WINDASH_WITH_ALL, rule, at));
  // `base64` may be applied twice on purpose (double encoding).
  const seen = new Map<string, string>();
  const multiple = new Set<string>();
  for (const id of item.modifiers) {
    const cls = classOf(id);
    if (cls === classOf("base64")) continue;
    if (seen.has(cls)) multiple.add(seen.get(cls)!);
    else seen.set(cls, id);
  }
  if (multiple.size > 0) out.push(issue(APPLIED_MULTIPLE, rule, { ...at, modifiers: [...multiple].join(", ") }));
  return out;
}

export const modifierValidators: ValidatorDefinition[] = [
  perRule("invalid_modifier_combinations", "Finds modifier combinations that cannot match (all without contains, …) and modifiers applied twice.", (rule) =>
    detectionItems(rule).flatMap(({ item }) => check(rule, item)),
  ),
];
