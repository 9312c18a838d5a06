/**
 * A parser for the LogQL log queries the backend emits, written from Loki's grammar
 * (`pkg/logql/syntax/syntax.y`) independently of the backend's own AST and printer: it reads the
 * text Loki receives. Unknown constructs are a SyntaxError rather than a guess.
 *
 * Label-filter precedence follows the grammar: `or` < `and` (both left-associative); `,` and
 * juxtaposition have no precedence, so yacc shifts: `a , rest` is `a and (rest)` for the whole rest.
 *
 * The tokenizer also knows what metric queries need (./metric-parse.ts builds on `LogParser`):
 * `[range]` tokens, duration literals (`offset 5m`) and the arithmetic operators.
 */
import { unquoteGo } from "./go.js";

export type MatchOp = "=" | "!=" | "=~" | "!~";
export type NumberOp = "==" | "!=" | ">" | ">=" | "<" | "<=";

export interface StreamMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
}

export type LabelFilter =
  | { readonly kind: "and" | "or"; readonly left: LabelFilter; readonly right: LabelFilter }
  | { readonly kind: "string"; readonly label: string; readonly op: MatchOp; readonly value: string }
  | { readonly kind: "number"; readonly label: string; readonly op: NumberOp; readonly value: number }
  | { readonly kind: "ip"; readonly label: string; readonly negated: boolean; readonly pattern: string };

export type LineFilterOp = "|=" | "!=" | "|~" | "!~";

export type Stage =
  | { readonly kind: "line_filter"; readonly op: LineFilterOp; readonly values: readonly string[] }
  | { readonly kind: "line_filter_ip"; readonly negated: boolean; readonly pattern: string }
  | { readonly kind: "json" }
  | { readonly kind: "logfmt" }
  | { readonly kind: "label_format"; readonly assignments: readonly { name: string; template?: string; rename?: string }[] }
  | { readonly kind: "line_format"; readonly template: string }
  | { readonly kind: "label_filter"; readonly filter: LabelFilter };

export interface LogQueryAst {
  readonly selector: readonly StreamMatcher[];
  readonly stages: readonly Stage[];
}

export type Token =
  | { t: "op"; v: string }
  | { t: "ident"; v: string }
  | { t: "string"; v: string }
  | { t: "number"; v: number; text: string }
  /** `[5m]`: the text between the brackets, as Loki's lexer hands it to Prometheus' ParseDuration. */
  | { t: "range"; v: string }
  /** A number glued to duration units (`5m`, `1h30m`, `1.5s`), as Loki's lexer scans it. */
  | { t: "duration"; v: string }
  | { t: "eof" };

const OPS = [
  "-", "+", "*", "/", "%", "^", "|=", "|~", "|>", "!=", "!~", "!>", "=~", "==", ">=", "<=", "=", ">", "<",
  "{", "}", "(", ")", ",", "|",
];

/** The characters Loki's lexer reads after a number when it tries a duration (`isDurationRune`). */
const DURATION_TAIL = /^[0-9.nuµmshdwy]+/;

export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    // A raw string and a range both run to their closing character, with no escapes.
    const raw = c === "`" ? { close: "`", t: "string" as const } : c === "[" ? { close: "]", t: "range" as const } : undefined;
    if (raw) {
      const j = q.indexOf(raw.close, i + 1);
      if (j < 0) throw new SyntaxError(raw.t === "string" ? "unterminated raw string" : "missing closing ']' in duration");
      out.push({ t: raw.t, v: q.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < q.length && q[j] !== '"') j += q[j] === "\\" ? 2 : 1;
      if (j >= q.length) throw new SyntaxError("unterminated string");
      out.push({ t: "string", v: unquoteGo(q.slice(i + 1, j)) });
      i = j + 1;
      continue;
    }
    const num = /^[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?/.exec(q.slice(i)) ?? /^\.[0-9]+(?:[eE][+-]?[0-9]+)?/.exec(q.slice(i));
    if (num) {
      const rest = q.slice(i + num[0].length);
      if (/^[A-Za-z_µ]/.test(rest)) {
        const tail = DURATION_TAIL.exec(rest)?.[0] ?? "";
        const text = num[0] + tail;
        const after = rest.slice(tail.length);
        if (tail === "" || /^[A-Za-z_]/.test(after) || !isDurationLiteral(text)) {
          throw new SyntaxError(`duration/bytes literal at ${i} is not supported`);
        }
        out.push({ t: "duration", v: text });
        i += text.length;
        continue;
      }
      out.push({ t: "number", v: Number(num[0]), text: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(q.slice(i));
    if (id) {
      out.push({ t: "ident", v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => q.startsWith(o, i));
    if (!op) throw new SyntaxError(`unexpected character ${c} at ${i}`);
    out.push({ t: "op", v: op });
    i += op.length;
  }
  out.push({ t: "eof" });
  return out;
}

/** Whether Loki's lexer reads `text` as one duration token (Prometheus units first, then Go's). */
function isDurationLiteral(text: string): boolean {
  return /^(?:[0-9]+(?:ms|[smhdwy]))+$/.test(text) || /^(?:[0-9]*\.?[0-9]+(?:ns|us|µs|ms|s|m|h))+$/.test(text);
}

/** Parses a LogQL log query (selector and pipeline). */
export function parseLogQuery(query: string): LogQueryAst {
  const parser = new LogParser(tokenize(query));
  const ast = parser.logQuery();
  parser.expectEnd();
  return ast;
}

/** A recursive-descent parser over the tokens; `logQuery` reads a selector and its pipeline. */
export class LogParser {
  protected i = 0;
  constructor(protected readonly tokens: Token[]) {}

  protected peek(k = 0): Token {
    return this.tokens[this.i + k] ?? { t: "eof" };
  }
  protected next(): Token {
    return this.tokens[this.i++] ?? { t: "eof" };
  }
  protected isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === "op" && t.v === v;
  }
  protected isIdent(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.t === "ident" && t.v === v;
  }
  protected expectOp(v: string): void {
    const t = this.next();
    if (t.t !== "op" || t.v !== v) throw new SyntaxError(`expected ${v}, got ${JSON.stringify(t)}`);
  }
  protected string(): string {
    const t = this.next();
    if (t.t !== "string") throw new SyntaxError(`expected a string, got ${JSON.stringify(t)}`);
    return t.v;
  }
  protected ident(): string {
    const t = this.next();
    if (t.t !== "ident") throw new SyntaxError(`expected an identifier, got ${JSON.stringify(t)}`);
    return t.v;
  }

  expectEnd(): void {
    if (this.peek().t !== "eof") throw new SyntaxError(`unexpected ${JSON.stringify(this.peek())} after the query`);
  }

  logQuery(): LogQueryAst {
    return { selector: this.selector(), stages: this.pipeline() };
  }

  /** The stages from here on (stops before `| unwrap`, a range, `)` or the end). */
  protected pipeline(): Stage[] {
    const stages: Stage[] = [];
    while (this.atStage()) stages.push(this.stage());
    return stages;
  }

  private atStage(): boolean {
    const t = this.peek();
    if (t.t !== "op") return false;
    if (t.v === "|") return !this.isIdent("unwrap", 1);
    if (t.v === "!=") return this.peek(1).t === "string" || this.isIdent("ip", 1); // else a comparison
    return ["|=", "|~", "!~", "|>", "!>"].includes(t.v);
  }

  protected selector(): StreamMatcher[] {
    this.expectOp("{");
    const matchers: StreamMatcher[] = [];
    while (!this.isOp("}")) {
      if (matchers.length > 0) this.expectOp(",");
      const label = this.ident();
      const op = this.next();
      if (op.t !== "op" || !["=", "!=", "=~", "!~"].includes(op.v)) throw new SyntaxError("bad matcher operator");
      matchers.push({ label, op: op.v as MatchOp, value: this.string() });
    }
    this.expectOp("}");
    if (matchers.length === 0) throw new SyntaxError("empty stream selector");
    return matchers;
  }

  private stage(): Stage {
    const t = this.next();
    if (t.t !== "op") throw new SyntaxError(`expected a stage, got ${JSON.stringify(t)}`);
    if (t.v === "|=" || t.v === "!=" || t.v === "|~" || t.v === "!~") return this.lineFilter(t.v);
    if (t.v !== "|") throw new SyntaxError(`unsupported stage operator ${t.v}`);
    const head = this.peek();
    if (head.t === "ident" && !this.isLabelFilterStart()) {
      this.i++;
      switch (head.v) {
        case "json":
          return { kind: "json" };
        case "logfmt":
          return { kind: "logfmt" };
        case "line_format":
          return { kind: "line_format", template: this.string() };
        case "label_format":
          return this.labelFormat();
        default:
          throw new SyntaxError(`stage ${head.v} is not supported by the evaluator`);
      }
    }
    return { kind: "label_filter", filter: this.labelOr() };
  }

  /** An identifier followed by a comparison operator starts a label filter (`json` alone does not). */
  protected isLabelFilterStart(k = 0): boolean {
    const op = this.peek(k + 1);
    return this.peek(k).t === "ident" && op.t === "op" && ["=", "!=", "=~", "!~", "==", ">", ">=", "<", "<="].includes(op.v);
  }

  private lineFilter(op: LineFilterOp): Stage {
    if (this.isIdent("ip") && this.isOp("(", 1)) {
      if (op !== "|=" && op !== "!=") throw new SyntaxError("ip() needs |= or !=");
      this.i += 2;
      const pattern = this.string();
      this.expectOp(")");
      return { kind: "line_filter_ip", negated: op === "!=", pattern };
    }
    const values = [this.string()];
    // `|= "a" or "b"`: one filter with alternatives (LogQL 2.9+).
    while (this.isIdent("or") && this.peek(1).t === "string") {
      this.i++;
      values.push(this.string());
    }
    return { kind: "line_filter", op, values };
  }

  private labelFormat(): Stage {
    const assignments: { name: string; template?: string; rename?: string }[] = [];
    do {
      if (assignments.length > 0) this.expectOp(",");
      const name = this.ident();
      this.expectOp("=");
      const v = this.next();
      if (v.t === "string") assignments.push({ name, template: v.v });
      else if (v.t === "ident") assignments.push({ name, rename: v.v });
      else throw new SyntaxError("bad label_format value");
    } while (this.isOp(","));
    return { kind: "label_format", assignments };
  }

  protected labelOr(): LabelFilter {
    let left = this.labelAnd();
    while (this.isIdent("or")) {
      this.i++;
      left = { kind: "or", left, right: this.labelAnd() };
    }
    return left;
  }

  private labelAnd(): LabelFilter {
    let left = this.labelUnit();
    while (this.isIdent("and")) {
      this.i++;
      left = { kind: "and", left, right: this.labelUnit() };
    }
    return left;
  }

  private labelUnit(): LabelFilter {
    const primary = this.labelPrimary();
    const juxtaposed = this.isOp("(") || (this.peek().t === "ident" && !this.isIdent("and") && !this.isIdent("or"));
    if (this.isOp(",") || juxtaposed) {
      if (this.isOp(",")) this.i++;
      return { kind: "and", left: primary, right: this.labelOr() };
    }
    return primary;
  }

  private labelPrimary(): LabelFilter {
    if (this.isOp("(")) {
      this.i++;
      const inner = this.labelOr();
      this.expectOp(")");
      return inner;
    }
    const label = this.ident();
    const opTok = this.next();
    if (opTok.t !== "op") throw new SyntaxError(`expected a label filter operator after ${label}`);
    const op = opTok.v;
    const value = this.peek();
    if ((op === "=" || op === "!=") && this.isIdent("ip") && this.isOp("(", 1)) {
      this.i += 2;
      const pattern = this.string();
      this.expectOp(")");
      return { kind: "ip", label, negated: op === "!=", pattern };
    }
    if (value.t === "string" && ["=", "!=", "=~", "!~"].includes(op)) {
      this.i++;
      return { kind: "string", label, op: op as MatchOp, value: value.v };
    }
    let sign = 1;
    if (this.isOp("-") || this.isOp("+")) sign = (this.next() as { v: string }).v === "-" ? -1 : 1;
    const num = this.next();
    if (num.t !== "number" || !["=", "==", "!=", ">", ">=", "<", "<="].includes(op)) {
      throw new SyntaxError(`unsupported label filter ${label}${op}${JSON.stringify(num)}`);
    }
    return { kind: "number", label, op: (op === "=" ? "==" : op) as NumberOp, value: sign * num.v };
  }
}
