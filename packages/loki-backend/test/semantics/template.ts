/**
 * A small Go `text/template` interpreter for the templates our queries and pipelines use in
 * `label_format` / `line_format`: text, `{{ pipeline }}`, `{{ if … }}…{{ else }}…{{ end }}`,
 * pipelines with `|`, field references `.name` (a missing label is "", Loki's `missingkey=zero`),
 * string/number literals, parenthesised pipelines, and the Loki/sprig functions listed in FUNCS,
 * plus Loki's `__line__` (the line as the stage receives it) and `__timestamp__` (the entry's time,
 * a Go `time.Time`). Times print as Go prints them (`2023-11-14 22:13:20 +0000 UTC`, the zone is
 * UTC as in Loki's container). Anything else is a SyntaxError, so a template we start emitting gets
 * noticed.
 */
import { RE2JS } from "re2js";
import { expandGo, goTimeString, unquoteGo } from "./go.js";

type Value = string | number | boolean | Date;
type Node = { kind: "text"; text: string } | { kind: "output"; pipe: Pipe } | { kind: "if"; cond: Pipe; then: Node[]; else: Node[] };
type Operand =
  | { kind: "field"; name: string }
  | { kind: "literal"; value: Value }
  | { kind: "call"; fn: string }
  | { kind: "pipe"; pipe: Pipe };
type Command = Operand[];
type Pipe = Command[];

/** Raised while executing; Loki then sets `__error__=TemplateFormatErr`. */
export class TemplateExecError extends Error {}

/** What Loki's template functions `__line__` and `__timestamp__` return for the current entry. */
export interface TemplateContext {
  readonly line?: string;
  /** Milliseconds since the epoch. */
  readonly ts?: number;
}

/** A Go `time.Time` argument, or the error Go's template engine reports for anything else. */
function time(v: Value, fn: string): Date {
  if (!(v instanceof Date)) throw new TemplateExecError(`${fn}: wrong type for value; expected time.Time; got ${typeof v}`);
  return v;
}

const FUNCS: Record<string, (...args: Value[]) => Value> = {
  eq: (a, ...rest) => {
    if (rest.length === 0) throw new TemplateExecError("missing argument for comparison");
    return rest.some((b) => typeof a === typeof b && a === b);
  },
  ne: (a, b) => a !== b,
  not: (a) => !truthy(a),
  // sprig argument order: the needle first, the text last.
  contains: (sub, s) => str(s).includes(str(sub)),
  hasPrefix: (pre, s) => str(s).startsWith(str(pre)),
  hasSuffix: (suf, s) => str(s).endsWith(str(suf)),
  replace: (from, to, s) => str(s).split(str(from)).join(str(to)),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  ToLower: (s) => str(s).toLowerCase(),
  ToUpper: (s) => str(s).toUpperCase(),
  regexReplaceAll: (re, s, repl) => regexReplaceAll(str(re), str(s), str(repl)),
  unixToTime: (epoch) => unixToTime(str(epoch)),
  date: (layout, t) => formatDate(str(layout), t),
  unixEpoch: (t) => String(Math.floor(time(t, "unixEpoch").getTime() / 1000)),
  unixEpochMillis: (t) => String(time(t, "unixEpochMillis").getTime()),
  unixEpochNanos: (t) => String(BigInt(time(t, "unixEpochNanos").getTime()) * 1_000_000n),
};

/** Loki's per-entry functions (`addLineAndTimestampFunctions` in pkg/logql/log/fmt.go). */
function entryFunction(name: string, ctx: TemplateContext): Value | undefined {
  if (name === "__line__") {
    if (ctx.line === undefined) throw new Error("__line__ needs the current line");
    return ctx.line;
  }
  if (name === "__timestamp__") {
    if (ctx.ts === undefined) throw new Error("__timestamp__ needs an entry with a timestamp (ts)");
    return new Date(ctx.ts);
  }
  return undefined;
}

function call(name: string, args: Value[], ctx: TemplateContext): Value {
  const own = entryFunction(name, ctx);
  if (own !== undefined) {
    if (args.length > 0) throw new TemplateExecError(`wrong number of args for ${name}: want 0 got ${args.length}`);
    return own;
  }
  const fn = FUNCS[name];
  if (!fn) throw new SyntaxError(`function ${name} is not supported by the evaluator`);
  return fn(...args);
}

function str(v: Value): string {
  if (v instanceof Date) return goTimeString(v);
  return String(v);
}

function truthy(v: Value): boolean {
  return typeof v === "boolean" ? v : typeof v === "number" ? v !== 0 : v instanceof Date ? true : v !== "";
}

function regexReplaceAll(re: string, s: string, repl: string): string {
  const m = RE2JS.compile(re).matcher(s);
  let out = "";
  let last = 0;
  let from = 0;
  while (from <= s.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    out += s.slice(last, start) + expandGo(repl, m);
    last = end;
    from = end === start ? end + 1 : end;
  }
  return out + s.slice(last);
}

/** Loki's `unixToTime`: days (5 digits), seconds (10), ms (13), µs (16) or ns (19). */
function unixToTime(epoch: string): Date {
  if (!/^[+-]?\d+$/.test(epoch)) throw new TemplateExecError(`unable to parse time '${epoch}'`);
  const n = BigInt(epoch);
  const ms: Record<number, bigint> = { 5: n * 86_400_000n, 10: n * 1000n, 13: n, 16: n / 1000n, 19: n / 1_000_000n };
  const v = ms[epoch.length];
  if (v === undefined) throw new TemplateExecError(`unable to parse time '${epoch}'`);
  return new Date(Number(v));
}

/** sprig `date` with the Go layout elements we emit; the zone is UTC (Loki's container default). */
function formatDate(layout: string, t: Value): string {
  if (!(t instanceof Date)) throw new TemplateExecError("date: not a time");
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const parts: [string, string][] = [
    ["2006", String(t.getUTCFullYear())],
    ["01", pad(t.getUTCMonth() + 1)],
    ["02", pad(t.getUTCDate())],
    ["15", pad(t.getUTCHours())],
    ["04", pad(t.getUTCMinutes())],
    ["05", pad(t.getUTCSeconds())],
  ];
  let out = "";
  for (let i = 0; i < layout.length; ) {
    const hit = parts.find(([k]) => layout.startsWith(k, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else if (/[0-9A-Za-z]/.test(layout[i] as string)) {
      throw new SyntaxError(`date layout element at '${layout.slice(i)}' is not supported by the evaluator`);
    } else out += layout[i++];
  }
  return out;
}

/** A parsed template, ready to run on a label map. */
export class GoTemplate {
  private readonly nodes: Node[];
  constructor(source: string) {
    const p = new TemplateParser(source);
    this.nodes = p.parseNodes(false);
  }
  execute(labels: ReadonlyMap<string, string>, ctx: TemplateContext = {}): string {
    return runNodes(this.nodes, { labels, ctx });
  }
}

interface Scope {
  readonly labels: ReadonlyMap<string, string>;
  readonly ctx: TemplateContext;
}

function runNodes(nodes: Node[], scope: Scope): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += n.text;
    else if (n.kind === "output") out += str(runPipe(n.pipe, scope));
    else out += runNodes(truthy(runPipe(n.cond, scope)) ? n.then : n.else, scope);
  }
  return out;
}

function runPipe(pipe: Pipe, scope: Scope): Value {
  let prev: Value | undefined;
  for (const cmd of pipe) {
    const [head, ...rest] = cmd;
    if (!head) throw new SyntaxError("empty command");
    const args = rest.map((o) => evalOperand(o, scope));
    if (prev !== undefined) args.push(prev);
    if (head.kind === "call") {
      prev = call(head.fn, args, scope.ctx);
    } else {
      if (args.length > 0) throw new TemplateExecError("can't give argument to non-function");
      prev = evalOperand(head, scope);
    }
  }
  if (prev === undefined) throw new SyntaxError("empty pipeline");
  return prev;
}

function evalOperand(o: Operand, scope: Scope): Value {
  switch (o.kind) {
    case "field":
      return scope.labels.get(o.name) ?? "";
    case "literal":
      return o.value;
    case "pipe":
      return runPipe(o.pipe, scope);
    case "call":
      return call(o.fn, [], scope.ctx);
  }
}

class TemplateParser {
  private pos = 0;
  private pendingTrim = false;
  constructor(private readonly src: string) {}

  /** Nodes up to the end, or up to `{{ else }}` / `{{ end }}` when inside an `if`. */
  parseNodes(inIf: boolean): Node[] & { stop?: "else" | "end" } {
    const nodes: Node[] & { stop?: "else" | "end" } = [];
    for (;;) {
      const open = this.src.indexOf("{{", this.pos);
      let text = this.src.slice(this.pos, open < 0 ? undefined : open);
      if (this.pendingTrim) text = text.replace(/^\s+/, "");
      this.pendingTrim = false;
      if (open < 0) {
        if (inIf) throw new SyntaxError("unexpected EOF in if");
        if (text) nodes.push({ kind: "text", text });
        return nodes;
      }
      const trimLeft = this.src.startsWith("{{- ", open);
      if (trimLeft) text = text.replace(/\s+$/, "");
      if (text) nodes.push({ kind: "text", text });
      this.pos = open + (trimLeft ? 4 : 2);
      const tokens = this.actionTokens();
      const word = tokens[0];
      if (word === "if") {
        const cond = new PipeParser(tokens.slice(1)).parsePipe();
        const then = this.parseNodes(true);
        const other = then.stop === "else" ? this.parseNodes(true) : [];
        nodes.push({ kind: "if", cond, then, else: other });
      } else if (word === "else" || word === "end") {
        if (!inIf) throw new SyntaxError(`unexpected {{${word}}}`);
        nodes.stop = word;
        return nodes;
      } else {
        nodes.push({ kind: "output", pipe: new PipeParser(tokens).parsePipe() });
      }
    }
  }

  /** Tokens of one action, consuming its closing `}}` (or ` -}}`). */
  private actionTokens(): string[] {
    const tokens: string[] = [];
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos] as string;
      if (s.startsWith(" -}}", this.pos)) {
        this.pos += 4;
        this.pendingTrim = true;
        return tokens;
      }
      if (s.startsWith("}}", this.pos)) {
        this.pos += 2;
        return tokens;
      }
      if (/\s/.test(c)) {
        this.pos++;
        continue;
      }
      if (c === '"') {
        let j = this.pos + 1;
        while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
        tokens.push(s.slice(this.pos, j + 1));
        this.pos = j + 1;
      } else if (c === "`") {
        const j = s.indexOf("`", this.pos + 1);
        if (j < 0) throw new SyntaxError("unterminated raw string");
        tokens.push(s.slice(this.pos, j + 1));
        this.pos = j + 1;
      } else if ("()|".includes(c)) {
        tokens.push(c);
        this.pos++;
      } else {
        // A word ends where the action does: `{{.a}}!` is the field `.a`, then the text `!`.
        const m = /^(?:[^\s()|"`}]|\}(?!\}))+/.exec(s.slice(this.pos));
        const word = (m as RegExpExecArray)[0];
        tokens.push(word);
        this.pos += word.length;
      }
    }
    throw new SyntaxError("unclosed action");
  }
}

class PipeParser {
  private i = 0;
  constructor(private readonly tokens: string[]) {}
  parsePipe(): Pipe {
    const pipe: Pipe = [];
    let cmd: Command = [];
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i++] as string;
      if (t === ")") {
        this.i--;
        break;
      }
      if (t === "|") {
        pipe.push(cmd);
        cmd = [];
        continue;
      }
      if (t === "(") {
        const inner = this.parsePipe();
        if (this.tokens[this.i++] !== ")") throw new SyntaxError("missing )");
        cmd.push({ kind: "pipe", pipe: inner });
        continue;
      }
      cmd.push(operand(t));
    }
    pipe.push(cmd);
    if (pipe.some((c) => c.length === 0)) throw new SyntaxError("empty command in pipeline");
    return pipe;
  }
}

function operand(t: string): Operand {
  if (t.startsWith(".")) {
    if (!/^\.\w+$/.test(t)) throw new SyntaxError(`field chain ${t} is not supported by the evaluator`);
    return { kind: "field", name: t.slice(1) };
  }
  if (t.startsWith('"')) return { kind: "literal", value: unquoteGo(t.slice(1, -1)) };
  if (t.startsWith("`")) return { kind: "literal", value: t.slice(1, -1) };
  if (t === "true" || t === "false") return { kind: "literal", value: t === "true" };
  if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: "literal", value: Number(t) };
  if (/^[A-Za-z_]\w*$/.test(t)) return { kind: "call", fn: t };
  throw new SyntaxError(`template token ${t} is not supported by the evaluator`);
}
