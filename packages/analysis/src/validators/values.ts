/** Validators of detection values: control characters, wildcards, numbers written as strings. */
import { isWildcardPart, sigmaStringLength, sigmaStringToString } from "@sigma/core";
import type { SigmaStringValue, SigmaValue, StringPart } from "@sigma/core";
import { detectionItems, itemText, stringValues } from "../rules.js";
import type { AnyRule } from "../rules.js";
import { issue, perRule } from "./types.js";
import type { IssueKind, ValidationIssue, ValidatorDefinition } from "./types.js";

const CONTROL_CHARACTER = {
  type: "ControlCharacterIssue",
  severity: "high",
  description: "String contains control character likely caused by missing (double-)slash",
} as const;
const DOUBLE_WILDCARD = { type: "DoubleWildcardIssue", severity: "low", description: "String contains multiple consecutive * wildcards" } as const;
const ESCAPED_WILDCARD = {
  type: "EscapedWildcardIssue",
  severity: "low",
  description: "Rule contains an escaped wildcard in the rule logic. Make sure the escape is intentional.",
} as const;
const NUMBER_AS_STRING = { type: "NumberAsStringIssue", severity: "low", description: "A number was expressed as string" } as const;
const INSTEAD_OF_CONTAINS = {
  type: "WildcardsInsteadOfContainsModifierIssue",
  severity: "low",
  description: "String contains wildcards at beginning and end instead of being modified with contains modifier",
} as const;
const INSTEAD_OF_ENDSWITH = {
  type: "WildcardInsteadOfEndswithIssue",
  severity: "low",
  description: "String contains wildcard at beginning instead of being modified with endswith modifier",
} as const;
const INSTEAD_OF_STARTSWITH = {
  type: "WildcardInsteadOfStartswithIssue",
  severity: "low",
  description: "String contains wildcard at end instead of being modified with startswith modifier",
} as const;

const isStar = (p: StringPart | undefined): boolean => typeof p === "object" && p.kind === "wildcard" && p.wildcard === "*";

/**
 * Python's `int()` of a string without spaces: optional surrounding whitespace and sign, decimal
 * digits of any script, single underscores between digits.
 */
const PYTHON_INT = /^\s*[+-]?\p{Nd}(?:_?\p{Nd})*\s*$/u;

/** A validator of each string value (after modifiers) of each detection item; one issue per value at most. */
function stringValidator(name: string, description: string, kind: IssueKind, found: (value: SigmaStringValue) => boolean): ValidatorDefinition {
  return perRule(name, description, (rule) =>
    detectionItems(rule).flatMap(({ item }) =>
      stringValues(item)
        .filter(found)
        .map((value) => issue(kind, rule, { detection_item: itemText(item), string: sigmaStringToString(value) })),
    ),
  );
}

/** Whether every value is a string of length > 1 whose parts between the `*` ends are free of wildcards. */
function allValues(values: readonly SigmaValue[], starAtStart: boolean, starAtEnd: boolean): boolean {
  return values.every((v) => {
    if (v.type !== "string" || sigmaStringLength(v) <= 1) return false;
    const parts = v.parts;
    if (starAtStart && !isStar(parts[0])) return false;
    if (starAtEnd && !isStar(parts[parts.length - 1])) return false;
    return !parts.slice(starAtStart ? 1 : 0, starAtEnd ? -1 : undefined).some(isWildcardPart);
  });
}

/** pySigma's check on the values as written: the first of contains, endswith, startswith that applies. */
function wildcardsInsteadOfModifiers(rule: AnyRule): ValidationIssue[] {
  return detectionItems(rule).flatMap(({ item, original }) => {
    const has = (m: string): boolean => item.modifiers.includes(m as (typeof item.modifiers)[number]);
    const at = { detection_item: itemText(item) };
    if (allValues(original, true, true) && !has("contains")) return [issue(INSTEAD_OF_CONTAINS, rule, at)];
    if (allValues(original, true, false) && !has("endswith")) return [issue(INSTEAD_OF_ENDSWITH, rule, at)];
    if (allValues(original, false, true) && !has("startswith")) return [issue(INSTEAD_OF_STARTSWITH, rule, at)];
    return [];
  });
}

export const valueValidators: ValidatorDefinition[] = [
  // Characters below 31, as pySigma checks (U+001F itself passes).
  stringValidator("control_character", "Finds control characters in values (usually a single backslash that should be doubled).", CONTROL_CHARACTER,
    (v) => v.parts.some((p) => typeof p === "string" && [...p].some((c) => c.charCodeAt(0) < 31))),
  stringValidator("double_wildcard", "Finds '**' in values.", DOUBLE_WILDCARD, (v) => v.parts.some((p, i) => isStar(p) && isStar(v.parts[i + 1]))),
  stringValidator("escaped_wildcard", "Finds escaped wildcards (\\* or \\?) in values.", ESCAPED_WILDCARD,
    (v) => v.parts.some((p) => typeof p === "string" && /[*?]/.test(p))),
  stringValidator("number_as_string", "Finds numbers written as strings.", NUMBER_AS_STRING,
    (v) => v.parts.length === 1 && typeof v.parts[0] === "string" && !v.parts[0].includes(" ") && PYTHON_INT.test(v.parts[0])),
  perRule("wildcards_instead_of_modifiers", "Finds leading/trailing * wildcards where contains/startswith/endswith would do.", wildcardsInsteadOfModifiers),
];
