/** Validators of detection values and modifiers. */
import type { DetectionItem } from "@sigma/core";
import { issue, perRule } from "./types.js";
import type { ValidatorDefinition } from "./types.js";
import { detectionItems, plainText, stringValues } from "./walk.js";

/** Compact rendering of an item for issue lines: `field|modifiers`. */
function itemName(item: DetectionItem): string {
  return [item.field ?? "<keyword>", ...item.modifiers].join("|");
}

export const valueValidators: ValidatorDefinition[] = [
  perRule("control_character", "Checks for control characters in values (usually a missing escape of a backslash).", (rule) =>
    stringValues(rule)
      .filter(({ value }) => value.parts.some((p) => typeof p === "string" && /[\x00-\x1f]/.test(p)))
      .map(({ item, value }) => issue("ControlCharacterIssue", "high", "Detection item value contains control character", rule,
        { detection_item: itemName(item), value: JSON.stringify(plainText(value)) })),
  ),
  perRule("double_wildcard", "Checks for '**' in values.", (rule) =>
    stringValues(rule)
      .filter(({ value }) => value.parts.some((p, i) => typeof p === "object" && p.kind === "wildcard" && p.wildcard === "*" &&
        typeof value.parts[i + 1] === "object" && (value.parts[i + 1] as { wildcard?: string }).wildcard === "*"))
      .map(({ item, value }) => issue("DoubleWildcardIssue", "low", "String contains multiple consecutive * wildcards", rule,
        { detection_item: itemName(item), value: plainText(value) })),
  ),
  perRule("escaped_wildcard", "Checks for escaped wildcards (\\* or \\?) in values.", (rule) =>
    stringValues(rule)
      .filter(({ item, value }) => !item.modifiers.includes("re") && value.parts.some((p) => typeof p === "string" && /[*?]/.test(p)))
      .map(({ item, value }) => issue("EscapedWildcardIssue", "low",
        "Rule contains an escaped wildcard in the rule logic. Make sure the escape is intentional.", rule,
        { detection_item: itemName(item), value: plainText(value) })),
  ),
  perRule("number_as_string", "Checks for numbers written as strings.", (rule) =>
    stringValues(rule)
      .filter(({ value }) => value.parts.length === 1 && typeof value.parts[0] === "string" && /^\d+$/.test(value.parts[0]))
      .map(({ item, value }) => issue("NumberAsStringIssue", "low", "A number was expressed as a string", rule,
        { detection_item: itemName(item), value: plainText(value) })),
  ),
  perRule("wildcards_instead_of_modifiers", "Checks for leading/trailing wildcards that contains/startswith/endswith express better.", (rule) =>
    detectionItems(rule).flatMap(({ item }) => {
      if (item.field === null || item.modifiers.length > 0) return [];
      const strings = stringValues(rule).filter((s) => s.item === item).map((s) => s.value);
      if (strings.length === 0) return [];
      const star = (p: unknown): boolean => typeof p === "object" && p !== null && (p as { wildcard?: string }).wildcard === "*";
      const replaceable = strings.every((v) => {
        const inner = v.parts.slice(1, -1);
        const edge = star(v.parts[0]) || star(v.parts[v.parts.length - 1]);
        return v.parts.length > 1 && edge && inner.every((p) => typeof p === "string");
      });
      return replaceable
        ? [issue("WildcardsInsteadOfModifiersIssue", "low", "Rule uses wildcards in a way that could be replaced by contains/startswith/endswith modifiers", rule,
          { detection_item: itemName(item) })]
        : [];
    }),
  ),
  perRule("invalid_modifier_combinations", "Checks for modifier combinations that make no sense.", (rule) =>
    detectionItems(rule).flatMap(({ item }) => {
      const m = item.modifiers;
      const problems: string[] = [];
      if (item.field !== null && m.includes("all") && !m.some((x) => x === "contains" || x === "startswith" || x === "endswith" || x === "re" || x === "cidr") && item.values.length > 1) {
        problems.push("'all' on a field without 'contains' can never match several different values");
      }
      if (m.includes("base64offset") && !m.includes("contains")) problems.push("'base64offset' should be used with 'contains'");
      if (m.includes("windash") && m.includes("all")) problems.push("'windash' with 'all' requires every dash variant at once");
      const repeated = m.filter((x, i) => m.indexOf(x) !== i);
      if (repeated.length > 0) problems.push(`modifier '${repeated[0]}' is used more than once`);
      return problems.map((p) => issue("InvalidModifierCombinationsIssue", "medium", `Invalid combination of modifiers: ${p}`, rule, { detection_item: itemName(item) }));
    }),
  ),
];
