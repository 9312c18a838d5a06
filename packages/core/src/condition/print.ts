/**
 * Renders a condition AST as a condition string that parses back to the same tree.
 */
import type { ConditionAst } from "../model/condition.js";

function operand(ast: ConditionAst): string {
  return ast.type === "and" || ast.type === "or" ? `(${printCondition(ast)})` : printCondition(ast);
}

/** Condition string of an AST; nested `and`/`or` nodes are parenthesised, `any of` prints as `1 of`. */
export function printCondition(ast: ConditionAst): string {
  switch (ast.type) {
    case "identifier":
      return ast.name;
    case "selector":
      return `${ast.quantifier === "all" ? "all" : "1"} of ${ast.pattern}`;
    case "not":
      return `not ${operand(ast.arg)}`;
    case "and":
    case "or":
      return ast.args.map(operand).join(` ${ast.type} `);
  }
}

/**
 * A condition AST without source offsets, in a compact form (`"sel"`, `"1 of sel*"`,
 * `{ and: [...] }`, `{ not: ... }`): two conditions that mean the same parse give equal shapes,
 * whatever their spacing and parentheses.
 */
export function conditionShape(ast: ConditionAst): unknown {
  switch (ast.type) {
    case "identifier":
      return ast.name;
    case "selector":
      return `${ast.quantifier} of ${ast.pattern}`;
    case "not":
      return { not: conditionShape(ast.arg) };
    default:
      return { [ast.type]: ast.args.map(conditionShape) };
  }
}
