/**
 * A parser for LogQL metric queries, written from Loki's grammar (`pkg/logql/syntax/syntax.y`) and
 * the checks its AST constructors make (`pkg/logql/syntax/ast.go`), on top of ./logql.ts for the
 * log queries inside range aggregations.
 *
 * - Binary operators, lowest first: `or` < `and` `unless` < `== != > >= < <=` < `+ -` < `* / %` <
 *   `^`; all left-associative except `^`. Each may carry `bool`, then `on(…)`/`ignoring(…)`, then
 *   `group_left(…)`/`group_right(…)`.
 * - A literal is a number with an optional sign; two literals fold into one (comparisons give 0/1);
 *   a literal on either side of `and`/`or`/`unless` is an error.
 * - Range aggregations: `op([φ,] logRange) [by|without (…)]`. Grouping is only accepted by
 *   avg/min/max/stddev/stdvar/quantile/first/last `_over_time`; `unwrap` is required by the
 *   `_over_time` functions that read values and refused by count/bytes.
 * - Vector aggregations: `op [by|without (…)] ([k,] expr) [by|without (…)]`; `k` only for topk/bottomk.
 * - Keywords are case-insensitive, as in Loki's lexer.
 */
import type { LabelFilter, LogQueryAst, Stage, StreamMatcher } from "./logql.js";
import { LogParser, tokenize } from "./logql.js";
import { parseLokiDuration, parsePrometheusDuration } from "./units.js";

export type RangeOp =
  | "count_over_time" | "rate" | "bytes_over_time" | "bytes_rate" | "absent_over_time"
  | "sum_over_time" | "avg_over_time" | "min_over_time" | "max_over_time" | "first_over_time"
  | "last_over_time" | "stddev_over_time" | "stdvar_over_time" | "quantile_over_time";
export type VectorOp = "sum" | "avg" | "count" | "min" | "max" | "stddev" | "stdvar" | "topk" | "bottomk";
export type BinaryOp = "or" | "and" | "unless" | "+" | "-" | "*" | "/" | "%" | "^" | "==" | "!=" | ">" | ">=" | "<" | "<=";

export interface Grouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

export interface Unwrap {
  readonly label: string;
  readonly conversion: "float" | "duration" | "bytes";
  readonly postFilters: readonly LabelFilter[];
}

/** `on`/`ignoring` and the cardinality `group_left`/`group_right` declare. */
export interface VectorMatching {
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly card: "one-to-one" | "many-to-one" | "one-to-many";
  readonly include: readonly string[];
}

export type MetricExpr =
  | {
      readonly kind: "range";
      readonly op: RangeOp;
      readonly log: LogQueryAst;
      readonly rangeMs: number;
      readonly offsetMs: number;
      readonly unwrap?: Unwrap;
      readonly param?: number;
      readonly grouping?: Grouping;
    }
  | { readonly kind: "vector_agg"; readonly op: VectorOp; readonly grouping: Grouping; readonly param?: number; readonly inner: MetricExpr }
  | {
      readonly kind: "binary";
      readonly op: BinaryOp;
      readonly returnBool: boolean;
      readonly matching: VectorMatching;
      readonly left: MetricExpr;
      readonly right: MetricExpr;
    }
  | { readonly kind: "literal"; readonly value: number }
  | { readonly kind: "vector"; readonly value: number }
  | {
      readonly kind: "label_replace";
      readonly inner: MetricExpr;
      readonly dst: string;
      readonly replacement: string;
      readonly src: string;
      readonly regex: string;
    };

const RANGE_OPS: readonly RangeOp[] = [
  "count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time", "sum_over_time", "avg_over_time",
  "min_over_time", "max_over_time", "first_over_time", "last_over_time", "stddev_over_time", "stdvar_over_time",
  "quantile_over_time",
];
const VECTOR_OPS: readonly VectorOp[] = ["sum", "avg", "count", "min", "max", "stddev", "stdvar", "topk", "bottomk"];
/** Loki's range functions it has and this evaluator does not model (an error instead of a guess). */
const UNMODELLED = ["rate_counter", "sort", "sort_desc", "approx_topk", "variants"];

const GROUPABLE: readonly RangeOp[] = [
  "avg_over_time", "stddev_over_time", "stdvar_over_time", "quantile_over_time", "max_over_time", "min_over_time",
  "first_over_time", "last_over_time",
];
const WITH_UNWRAP: readonly RangeOp[] = [...GROUPABLE, "sum_over_time", "rate", "absent_over_time"];
const WITHOUT_UNWRAP: readonly RangeOp[] = ["bytes_over_time", "bytes_rate", "count_over_time", "rate", "absent_over_time"];

const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1, and: 2, unless: 2, "==": 3, "!=": 3, ">": 3, ">=": 3, "<": 3, "<=": 3, "+": 4, "-": 4, "*": 5, "/": 5, "%": 5, "^": 6,
};
const SET_OPS: readonly BinaryOp[] = ["and", "or", "unless"];
export const COMPARISONS: readonly BinaryOp[] = ["==", "!=", ">", ">=", "<", "<="];

/** Parses a LogQL metric query. Errors are SyntaxErrors with Loki's reason where it gives one. */
export function parseMetricQuery(query: string): MetricExpr {
  const parser = new MetricParser(tokenize(query));
  const expr = parser.metric();
  parser.expectEnd();
  return expr;
}

interface LogRange {
  selector?: readonly StreamMatcher[];
  stages: Stage[];
  rangeMs?: number;
  offsetMs: number;
  unwrap?: Unwrap;
}

class MetricParser extends LogParser {
  metric(minPrecedence = 1): MetricExpr {
    let left = this.unary();
    for (;;) {
      const op = this.binaryOp();
      if (op === undefined || PRECEDENCE[op] < minPrecedence) return left;
      this.i++;
      const modifier = this.binaryModifier();
      const right = this.metric(op === "^" ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      left = binary(op, modifier, left, right);
    }
  }

  private keyword(k = 0): string | undefined {
    const t = this.peek(k);
    return t.t === "ident" ? t.v.toLowerCase() : undefined;
  }

  private binaryOp(): BinaryOp | undefined {
    const t = this.peek();
    const v = t.t === "op" ? t.v : this.keyword();
    return v !== undefined && v in PRECEDENCE ? (v as BinaryOp) : undefined;
  }

  private binaryModifier(): { returnBool: boolean; matching: VectorMatching } {
    const returnBool = this.keyword() === "bool";
    if (returnBool) this.i++;
    let matching: VectorMatching = { on: false, labels: [], card: "one-to-one", include: [] };
    const kind = this.keyword();
    if ((kind === "on" || kind === "ignoring") && this.isOp("(", 1)) {
      this.i++;
      matching = { ...matching, on: kind === "on", labels: this.labelList() };
      const group = this.keyword();
      if (group === "group_left" || group === "group_right") {
        this.i++;
        const include = this.isOp("(") ? this.labelList() : [];
        matching = { ...matching, card: group === "group_left" ? "many-to-one" : "one-to-many", include };
      }
    }
    return { returnBool, matching };
  }

  private unary(): MetricExpr {
    const t = this.peek();
    if (t.t === "op" && (t.v === "-" || t.v === "+") && this.peek(1).t === "number") {
      this.i++;
      const n = this.number();
      return { kind: "literal", value: t.v === "-" ? -n : n };
    }
    if (t.t === "number") return { kind: "literal", value: this.number() };
    if (this.isOp("(")) {
      this.i++;
      const inner = this.metric();
      this.expectOp(")");
      return inner;
    }
    const name = this.keyword();
    if (name !== undefined && this.isFunction()) {
      this.i++;
      if ((RANGE_OPS as readonly string[]).includes(name)) return this.rangeAggregation(name as RangeOp);
      if ((VECTOR_OPS as readonly string[]).includes(name)) return this.vectorAggregation(name as VectorOp);
      if (name === "label_replace") return this.labelReplace();
      if (name === "vector") {
        this.expectOp("(");
        const value = this.number();
        this.expectOp(")");
        return { kind: "vector", value };
      }
      if (UNMODELLED.includes(name)) throw new SyntaxError(`${name} is not modelled by the evaluator`);
    }
    throw new SyntaxError(`expected a metric expression, got ${JSON.stringify(t)}`);
  }

  /** Loki's lexer reads a function name as a keyword only before `(` or `by (`/`without (`. */
  private isFunction(): boolean {
    if (this.isOp("(", 1)) return true;
    const next = this.keyword(1);
    return (next === "by" || next === "without") && this.isOp("(", 2);
  }

  private number(): number {
    const t = this.next();
    if (t.t !== "number") throw new SyntaxError(`expected a number, got ${JSON.stringify(t)}`);
    return t.v;
  }

  private labelList(): string[] {
    this.expectOp("(");
    const labels: string[] = [];
    while (!this.isOp(")")) {
      if (labels.length > 0) this.expectOp(",");
      labels.push(this.ident());
    }
    this.expectOp(")");
    return labels;
  }

  private grouping(): Grouping | undefined {
    const k = this.keyword();
    if ((k !== "by" && k !== "without") || !this.isOp("(", 1)) return undefined;
    this.i++;
    return { without: k === "without", labels: this.labelList() };
  }

  private rangeAggregation(op: RangeOp): MetricExpr {
    this.expectOp("(");
    let param: number | undefined;
    if (this.peek().t === "number") {
      param = this.number();
      this.expectOp(",");
    }
    const range = this.logRange();
    this.expectOp(")");
    const grouping = this.grouping();
    if ((param !== undefined) !== (op === "quantile_over_time")) {
      throw new SyntaxError(param === undefined ? `parameter required for operation ${op}` : `parameter not supported for operation ${op}`);
    }
    if (grouping && !GROUPABLE.includes(op)) throw new SyntaxError(`grouping not allowed for ${op} aggregation`);
    if (range.unwrap && !WITH_UNWRAP.includes(op)) throw new SyntaxError(`invalid aggregation ${op} with unwrap`);
    if (!range.unwrap && !WITHOUT_UNWRAP.includes(op)) throw new SyntaxError(`invalid aggregation ${op} without unwrap`);
    return {
      kind: "range",
      op,
      log: { selector: range.selector as readonly StreamMatcher[], stages: range.stages },
      rangeMs: range.rangeMs as number,
      offsetMs: range.offsetMs,
      ...(range.unwrap ? { unwrap: range.unwrap } : {}),
      ...(param !== undefined ? { param } : {}),
      ...(grouping ? { grouping } : {}),
    };
  }

  /**
   * The grammar's `logRangeExpr`: a selector with, in one of the orders Loki accepts, a pipeline,
   * an unwrap and the range (with its offset): `S R [P] [U]` or `S [P] [U] R`, possibly with the
   * part before the range in parentheses, or the whole in parentheses.
   */
  private logRange(): LogRange {
    let range: LogRange;
    if (this.isOp("(")) {
      this.i++;
      range = this.isOp("(") ? this.logRange() : this.logRangeBody();
      this.expectOp(")");
      if (range.rangeMs === undefined) this.rangePart(range);
    } else {
      range = this.logRangeBody();
    }
    if (range.rangeMs === undefined) throw new SyntaxError("a range aggregation needs a range such as [5m]");
    return range;
  }

  private logRangeBody(): LogRange {
    const range: LogRange = { selector: this.selector(), stages: [], offsetMs: 0 };
    if (this.peek().t === "range") {
      this.rangePart(range);
      range.stages = this.pipeline();
      range.unwrap = this.unwrap();
      return range;
    }
    range.stages = this.pipeline();
    range.unwrap = this.unwrap();
    if (this.peek().t === "range") this.rangePart(range);
    return range;
  }

  private rangePart(range: LogRange): void {
    const t = this.next();
    if (t.t !== "range") throw new SyntaxError(`expected a range such as [5m], got ${JSON.stringify(t)}`);
    range.rangeMs = parsePrometheusDuration(t.v);
    if (this.keyword() === "offset") {
      this.i++;
      const d = this.next();
      if (d.t !== "duration") throw new SyntaxError(`expected a duration after offset, got ${JSON.stringify(d)}`);
      range.offsetMs = parseLokiDuration(d.v);
    }
  }

  private unwrap(): Unwrap | undefined {
    if (!(this.isOp("|") && this.isIdent("unwrap", 1))) return undefined;
    this.i += 2;
    let conversion: Unwrap["conversion"] = "float";
    const conv = this.keyword();
    if ((conv === "bytes" || conv === "duration" || conv === "duration_seconds") && this.isOp("(", 1)) {
      this.i += 2;
      conversion = conv === "bytes" ? "bytes" : "duration";
    }
    const label = this.ident();
    if (conversion !== "float") this.expectOp(")");
    const postFilters: LabelFilter[] = [];
    while (this.isOp("|") && this.isLabelFilterStart(1)) {
      this.i++;
      postFilters.push(this.labelOr());
    }
    return { label, conversion, postFilters };
  }

  private vectorAggregation(op: VectorOp): MetricExpr {
    const before = this.grouping();
    this.expectOp("(");
    let param: number | undefined;
    if (this.peek().t === "number" && this.isOp(",", 1)) {
      const t = this.peek() as { text: string };
      param = this.number();
      this.expectOp(",");
      if (op !== "topk" && op !== "bottomk") throw new SyntaxError(`unsupported parameter for operation ${op}(${t.text},`);
      if (!/^[0-9]+$/.test(t.text)) throw new SyntaxError(`invalid parameter ${op}(${t.text},`);
      if (param <= 0) throw new SyntaxError(`invalid parameter (must be greater than 0) ${op}(${t.text}`);
    } else if (op === "topk" || op === "bottomk") {
      throw new SyntaxError(`parameter required for operation ${op}`);
    }
    const inner = this.metric();
    this.expectOp(")");
    const after = before ? undefined : this.grouping();
    const grouping = before ?? after ?? { without: false, labels: [] };
    return { kind: "vector_agg", op, grouping, inner, ...(param !== undefined ? { param } : {}) };
  }

  private labelReplace(): MetricExpr {
    this.expectOp("(");
    const inner = this.metric();
    const args: string[] = [];
    for (let n = 0; n < 4; n++) {
      this.expectOp(",");
      args.push(this.string());
    }
    this.expectOp(")");
    const [dst, replacement, src, regex] = args as [string, string, string, string];
    return { kind: "label_replace", inner, dst, replacement, src, regex };
  }
}

function binary(
  op: BinaryOp,
  modifier: { returnBool: boolean; matching: VectorMatching },
  left: MetricExpr,
  right: MetricExpr,
): MetricExpr {
  if (SET_OPS.includes(op)) {
    if (left.kind === "literal") throw new SyntaxError(`unexpected literal for left leg of logical/set binary operation (${op})`);
    if (right.kind === "literal") throw new SyntaxError(`unexpected literal for right leg of logical/set binary operation (${op})`);
  }
  if (left.kind === "literal" && right.kind === "literal") return { kind: "literal", value: arithmetic(op, left.value, right.value) };
  return { kind: "binary", op, ...modifier, left, right };
}

/**
 * Loki's `mergeBinOpFloat`: arithmetic, and comparisons answered 1 or 0 (filtering is the caller's
 * business). Division and modulo by zero give NaN, not ±Inf as in Prometheus.
 */
export function arithmetic(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case "+": return l + r;
    case "-": return l - r;
    case "*": return l * r;
    case "/": return r === 0 ? NaN : l / r;
    case "%": return r === 0 ? NaN : l % r; // JS % truncates like Go's math.Mod
    case "^": return goPow(l, r);
    case "==": return l === r ? 1 : 0;
    case "!=": return l !== r ? 1 : 0;
    case ">": return l > r ? 1 : 0;
    case ">=": return l >= r ? 1 : 0;
    case "<": return l < r ? 1 : 0;
    case "<=": return l <= r ? 1 : 0;
    default: throw new Error(`${op} is a set operator`);
  }
}

/** Go's `math.Pow` where it differs from JavaScript's: 1^y = 1 and (-1)^±Inf = 1, even for NaN y. */
function goPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}
