/**
 * `temporal` with an expression condition (`(a or b) and not c`): the groups in which each rule was
 * seen within the timespan are a vector, `sum by (group-by) (count_over_time(…))`, and the
 * condition becomes set operations on them: `and`, `or`, and `unless` for `and not`.
 *
 * LogQL can only list groups in which something happened, so a condition that holds when none of
 * the rules was seen (`not a`, `not a or b`) cannot be written; any other condition can: a `not`
 * that is not the right side of an `and` is pushed inwards (`not (a and b)` → `not a or not b`,
 * `not not a` → `a`), and an `and` with such an `or` inside is distributed over it
 * (`a and (b or not c)` → `(a and b) or (a unless c)`).
 */
import { SigmaLimitError, parseCondition, type ConditionAst } from "@sigma/core";
import type { MetricExpr } from "../logql/ast.js";
import type { Correlation, Search } from "./context.js";
import { aggregate, correlationVector, countRanges, either } from "./searches.js";

/** The most rule vectors an expression may become once `and` is distributed over `or`. */
const MAX_EXPRESSION_VECTORS = 256;

type Formula = ConditionAst;

/** The value of a condition when none of the rules was seen. */
function holdsForNothing(f: Formula): boolean {
  switch (f.type) {
    case "identifier":
    case "selector":
      return false;
    case "not":
      return !holdsForNothing(f.arg);
    case "and":
      return f.args.every(holdsForNothing);
    case "or":
      return f.args.some(holdsForNothing);
  }
}

/** `not f` one level down: `not not a` → `a`, De Morgan for `and` / `or`. */
function negate(f: Formula): Formula {
  switch (f.type) {
    case "not":
      return f.arg;
    case "and":
      return { type: "or", args: f.args.map((a) => ({ type: "not", arg: a })) };
    case "or":
      return { type: "and", args: f.args.map((a) => ({ type: "not", arg: a })) };
    default:
      return { type: "not", arg: f };
  }
}

/** The operands of nested `and`s, as one list. */
function conjuncts(f: Formula): Formula[] {
  return f.type === "and" ? f.args.flatMap(conjuncts) : [f];
}

class ExpressionWriter {
  #vectors = 0;

  constructor(
    private readonly c: Correlation,
    private readonly presence: (name: string) => MetricExpr,
  ) {}

  /** The groups for which `f` holds; `f` must not hold for nothing. */
  write(f: Formula): MetricExpr {
    switch (f.type) {
      case "identifier":
        if (++this.#vectors > MAX_EXPRESSION_VECTORS) {
          throw new SigmaLimitError(
            `The correlation condition needs more than ${MAX_EXPRESSION_VECTORS} rule vectors once written with and, or and unless; simplify it`,
            this.c.location,
          );
        }
        return this.presence(f.name);
      case "selector":
        throw this.c.conditionError(`Selectors ('1 of', 'all of') are not allowed in correlation conditions; name the rules`);
      case "not":
        if (f.arg.type === "identifier") throw new RangeError("`not <rule>` alone holds for nothing");
        return this.write(negate(f.arg));
      case "or":
        return either(f.args.map((a) => this.write(a)));
      case "and":
        return this.#conjunction(conjuncts(f));
    }
  }

  /** `a and b unless c …`; an operand that holds for nothing and is no `not` is an `or`: distribute. */
  #conjunction(args: readonly Formula[]): MetricExpr {
    const positive = args.filter((a) => !holdsForNothing(a));
    const negated = args.filter((a) => a.type === "not" && !holdsForNothing(a.arg));
    const spread = args.find((a) => holdsForNothing(a) && !negated.includes(a));
    if (spread !== undefined) {
      const pushed = spread.type === "not" ? negate(spread.arg) : spread;
      const rest = args.filter((a) => a !== spread);
      if (pushed.type === "and") return this.#conjunction([...rest, ...conjuncts(pushed)]);
      if (pushed.type !== "or") throw new RangeError("only an `or` holds for nothing here");
      return either(pushed.args.map((branch) => this.#conjunction([...rest, ...conjuncts(branch)])));
    }
    const [first, ...more] = positive.map((a) => this.write(a));
    if (first === undefined) throw new RangeError("a conjunction that does not hold for nothing has a positive operand");
    const joined = more.reduce<MetricExpr>((lhs, rhs) => ({ kind: "binary", op: "and", lhs, rhs }), first);
    return negated.reduce<MetricExpr>(
      (lhs, n) => ({ kind: "binary", op: "unless", lhs, rhs: this.write((n as Extract<Formula, { type: "not" }>).arg) }),
      joined,
    );
  }
}

/** The search an expression names: by its reference as written, else by the rule's name or id. */
function searchNamed(c: Correlation, name: string): Search {
  const index = c.rule.ruleReferences.indexOf(name);
  const search = c.searches[index] ?? c.searches.find((s) => s.name === name || s.reference.rule.id === name);
  if (search === undefined) {
    throw c.conditionError(`The correlation condition names '${name}', which is not among the rules it references (${c.rule.ruleReferences.join(", ")})`);
  }
  return search;
}

/** The groups in which the expression condition holds within the timespan. */
export function temporalExtended(c: Correlation, expression: string): MetricExpr {
  const condition = parseCondition(expression, c.location);
  if (holdsForNothing(condition)) {
    throw c.unsupported(
      `The correlation condition '${expression}' holds when none of its rules was seen, and LogQL can only list the groups in which something happened; ` +
        "write it so that it needs at least one rule (use 'not' only as in 'a and not b')",
    );
  }
  const presence = (name: string): MetricExpr => {
    const search = searchNamed(c, name);
    const seen = search.reference.rule.kind === "correlation" ? [correlationVector(c, search)] : countRanges(c, search);
    return aggregate("sum", c.groupBy, either(seen));
  };
  return new ExpressionWriter(c, presence).write(condition);
}
