/**
 * Boolean expressions over condition ids (`*_cond_expr`, spec §3.1): ids `[A-Za-z0-9_-]+`, `not`,
 * `and`, `or` and parentheses; `not` binds tighter than `and`, `and` tighter than `or`.
 */
import { SigmaPipelineConditionError } from "@sigma/core";
import type { SourceLocation } from "@sigma/core";

/** A parsed condition expression. */
export type ConditionExpression =
  | { readonly type: "id"; readonly name: string }
  | { readonly type: "not"; readonly arg: ConditionExpression }
  | { readonly type: "and" | "or"; readonly args: readonly ConditionExpression[] };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_-]+|\S)/y;

/** Parses `text`; throws {@link SigmaPipelineConditionError} on syntax errors. */
export function parseConditionExpression(text: string, location?: SourceLocation): ConditionExpression {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text)) !== null) tokens.push(m[1] as string);
  let pos = 0;
  const fail = (what: string): never => {
    throw new SigmaPipelineConditionError(`Error in condition expression '${text}': ${what}`, location);
  };
  const peek = (): string | undefined => tokens[pos]?.toLowerCase();

  const parseOr = (): ConditionExpression => {
    const args = [parseAnd()];
    while (peek() === "or") {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? (args[0] as ConditionExpression) : { type: "or", args };
  };
  const parseAnd = (): ConditionExpression => {
    const args = [parseNot()];
    while (peek() === "and") {
      pos++;
      args.push(parseNot());
    }
    return args.length === 1 ? (args[0] as ConditionExpression) : { type: "and", args };
  };
  const parseNot = (): ConditionExpression => {
    if (peek() === "not") {
      pos++;
      return { type: "not", arg: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): ConditionExpression => {
    const token = tokens[pos];
    if (token === undefined) return fail("unexpected end of expression");
    if (token === "(") {
      pos++;
      const inner = parseOr();
      if (tokens[pos] !== ")") fail("missing closing parenthesis");
      pos++;
      return inner;
    }
    if (!/^[A-Za-z0-9_-]+$/.test(token) || ["and", "or", "not"].includes(token.toLowerCase())) {
      return fail(`unexpected '${token}'`);
    }
    pos++;
    return { type: "id", name: token };
  };

  const result = parseOr();
  if (pos < tokens.length) fail(`unexpected '${tokens[pos] as string}'`);
  return result;
}

/** Ids used in an expression. */
export function expressionIds(expr: ConditionExpression, out = new Set<string>()): Set<string> {
  if (expr.type === "id") out.add(expr.name);
  else if (expr.type === "not") expressionIds(expr.arg, out);
  else for (const a of expr.args) expressionIds(a, out);
  return out;
}

/** Evaluates an expression; `value(id)` gives each condition's result. */
export function evaluateExpression(expr: ConditionExpression, value: (id: string) => boolean): boolean {
  switch (expr.type) {
    case "id":
      return value(expr.name);
    case "not":
      return !evaluateExpression(expr.arg, value);
    case "and":
      return expr.args.every((a) => evaluateExpression(a, value));
    case "or":
      return expr.args.some((a) => evaluateExpression(a, value));
  }
}
