/** Validators of detections and conditions. */
import { parseCondition, selectorMatches } from "@sigma/core";
import type { ConditionAst } from "@sigma/core";
import type { ConvertibleRule } from "../engine.js";
import { issue, perRule } from "./types.js";
import type { ValidatorDefinition } from "./types.js";

function conditionAsts(rule: ConvertibleRule): ConditionAst[] {
  if (rule.kind !== "rule") return [];
  return rule.detection.conditions.flatMap((c) => {
    try {
      return [parseCondition(c)];
    } catch {
      return [];
    }
  });
}

function walkAst(ast: ConditionAst, visit: (node: ConditionAst) => void): void {
  visit(ast);
  if (ast.type === "and" || ast.type === "or") ast.args.forEach((a) => walkAst(a, visit));
  else if (ast.type === "not") walkAst(ast.arg, visit);
}

/** Names of detections a rule's conditions refer to. */
function referencedNames(rule: ConvertibleRule): { used: Set<string>; dangling: string[] } {
  const names = rule.kind === "rule" ? [...rule.detection.definitions.keys()] : [];
  const used = new Set<string>();
  const dangling: string[] = [];
  for (const ast of conditionAsts(rule)) {
    walkAst(ast, (node) => {
      if (node.type === "identifier") {
        if (names.includes(node.name)) used.add(node.name);
        else dangling.push(node.name);
      } else if (node.type === "selector") {
        const matched = node.pattern === "them" ? names.filter((n) => !n.startsWith("_")) : selectorMatches(node.pattern, names);
        if (matched.length === 0) dangling.push(node.pattern);
        matched.forEach((m) => used.add(m));
      }
    });
  }
  return { used, dangling };
}

export const conditionValidators: ValidatorDefinition[] = [
  perRule("all_of_them_condition", "Checks for the discouraged 'all of them' condition.", (rule) =>
    rule.kind === "rule" && rule.detection.conditions.some((c) => /\ball\s+of\s+them\b/.test(c))
      ? [issue("AllOfThemConditionIssue", "medium", "Rule contains discouraged 'all of them' condition", rule)]
      : [],
  ),
  perRule("dangling_condition", "Checks that every detection a condition refers to is defined.", (rule) =>
    referencedNames(rule).dangling.map((name) =>
      issue("DanglingConditionIssue", "high", "Rule condition refers to a detection that is not defined", rule, { reference: name }),
    ),
  ),
  perRule("dangling_detection", "Checks for detections that no condition refers to.", (rule) => {
    if (rule.kind !== "rule") return [];
    const { used } = referencedNames(rule);
    return [...rule.detection.definitions.keys()]
      .filter((name) => !used.has(name))
      .map((name) => issue("DanglingDetectionIssue", "medium", "Rule defines detection that is not referenced from condition", rule, { detection_name: name }));
  }),
  perRule("them_condition_with_single_detection", "Checks for 'them' in conditions of rules with only one detection.", (rule) =>
    rule.kind === "rule" && rule.detection.definitions.size === 1 && rule.detection.conditions.some((c) => /\bthem\b/.test(c))
      ? [issue("ThemConditionWithSingleDetectionIssue", "low", "Rule refers to 'them' but has only one detection", rule)]
      : [],
  ),
];
