/** Validators of conditions: unreferenced detections, unknown references, `them` and `all of them`. */
import { parseCondition, selectorMatches } from "@sigma/core";
import type { ConditionAst } from "@sigma/core";
import { sharedPerRule } from "../memo.js";
import type { AnyRule } from "../rules.js";
import { issue, perRule } from "./types.js";
import type { ValidatorDefinition } from "./types.js";

const DANGLING_DETECTION = {
  type: "DanglingDetectionIssue",
  severity: "high",
  description: "Rule defines detection that is not referenced from condition",
} as const;
const DANGLING_CONDITION = {
  type: "DanglingConditionIssue",
  severity: "high",
  description: "Rule defines a condition that contains references to an unknown detection definition",
} as const;
const THEM_SINGLE = {
  type: "ThemConditionWithSingleDetectionIssue",
  severity: "low",
  description: "Rule refers to 'them' but has only one condition",
} as const;
const ALL_OF_THEM = {
  type: "AllOfThemConditionIssue",
  severity: "medium",
  description: "Rule contains discouraged 'all of them' condition, use 'all of selection*' instead.",
} as const;

/**
 * What a rule's conditions refer to: detections named or matched, and selector patterns that match
 * none (parsed once per validation of the rule: two validators read it).
 */
const references = sharedPerRule(readReferences);

function readReferences(rule: AnyRule): { used: ReadonlySet<string>; unknownPatterns: ReadonlySet<string> } {
  const used = new Set<string>();
  const unknownPatterns = new Set<string>();
  if (rule.kind !== "rule") return { used, unknownPatterns };
  const names = [...rule.detection.definitions.keys()];
  const visit = (node: ConditionAst): void => {
    if (node.type === "identifier") used.add(node.name);
    else if (node.type === "selector") {
      const matched = selectorMatches(node.pattern, names);
      if (matched.length === 0) unknownPatterns.add(node.pattern);
      for (const m of matched) used.add(m);
    } else if (node.type === "and" || node.type === "or") node.args.forEach(visit);
    else if (node.type === "not") visit(node.arg);
  };
  // Rules that reach the validators have conditions that parse.
  for (const condition of rule.detection.conditions) visit(parseCondition(condition));
  return { used, unknownPatterns };
}

export const conditionValidators: ValidatorDefinition[] = [
  perRule("all_of_them_condition", "Finds the discouraged 'all of them' condition.", (rule) =>
    rule.kind === "rule" && rule.detection.conditions.some((c) => /all\s+of\s+them/.test(c)) ? [issue(ALL_OF_THEM, rule)] : [],
  ),
  perRule("dangling_condition", "Finds conditions that refer to detections (by pattern) that do not exist.", (rule) =>
    [...references(rule).unknownPatterns].map((pattern) => issue(DANGLING_CONDITION, rule, { condition_name: pattern })),
  ),
  perRule("dangling_detection", "Finds detections that no condition refers to.", (rule) => {
    if (rule.kind !== "rule") return [];
    const { used } = references(rule);
    return [...rule.detection.definitions.keys()].filter((n) => !used.has(n)).map((n) => issue(DANGLING_DETECTION, rule, { detection_name: n }));
  }),
  // pySigma looks for the text `them` anywhere in a condition.
  perRule("them_condition_with_single_detection", "Finds conditions that refer to 'them' in rules with only one detection.", (rule) =>
    rule.kind === "rule" && rule.detection.definitions.size === 1 && rule.detection.conditions.some((c) => c.includes("them"))
      ? [issue(THEM_SINGLE, rule)]
      : [],
  ),
];
