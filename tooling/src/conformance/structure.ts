/**
 * Structural accepted rewrites: our query turned back into the reference's wrong text, so that a
 * difference is accepted only when it is exactly the documented bug (ACCEPTED-DIFFERENCES.md).
 *
 * - `fieldref-and-joined` / `timestamp-part-comparisons`: the reference pulls the `match_N` /
 *   `date_N` filters out of the label filter expression, prints the rest before the
 *   `label_format` stage and the pulled-out filters after it, AND-joined (and `date_N` compared as
 *   a string: ``date_N=`n` ``).
 * - `expansion-grouping`: the reference prints a windash / base64offset expansion inside an AND
 *   without the parentheses its OR needs.
 */
import { splitQuoted } from "./normalize.js";

/** A rewritten query and the classes the rewrite stands for. */
export interface Rewritten {
  readonly query: string;
  readonly classes: readonly ("fieldref-and-joined" | "timestamp-part-comparisons" | "expansion-grouping")[];
}

/** Label filter expression of our printer: terms, `and`/`or`, parentheses kept as groups. */
type Expr =
  | { readonly kind: "and" | "or"; readonly args: readonly Expr[] }
  | { readonly kind: "group"; readonly inner: Expr }
  | { readonly kind: "term"; readonly text: string };

/** One label filter as our printer writes it (string, number, ip() or presence filter). */
const TERM = /([A-Za-z0-9_]+)(=~|!~|!=|>=|<=|=|>|<)(`[^`]*`|"(?:[^"\\]|\\.)*"|ip\("(?:[^"\\]|\\.)*"\)|-?[0-9][0-9.eE+]*)/y;
const OPERATOR = /(and|or)(?=\s)/y;

type Token = { readonly kind: "(" | ")" | "and" | "or" } | { readonly kind: "term"; readonly text: string; readonly label: string };

/** Tokens of a label filter expression from `start`; stops at the first text that is none. */
function tokenize(text: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = start;
  let end = start;
  for (;;) {
    while (text[i] === " ") i++;
    const ch = text[i];
    if (ch === "(" || ch === ")") {
      tokens.push({ kind: ch });
      end = ++i;
      continue;
    }
    OPERATOR.lastIndex = i;
    const op = OPERATOR.exec(text);
    if (op !== null) {
      tokens.push({ kind: op[1] as "and" | "or" });
      i = OPERATOR.lastIndex;
      continue;
    }
    TERM.lastIndex = i;
    const term = TERM.exec(text);
    if (term === null) break;
    tokens.push({ kind: "term", text: term[0], label: term[1] ?? "" });
    end = i = TERM.lastIndex;
  }
  return { tokens, end };
}

/** Parses tokens with LogQL's precedence (`and` binds tighter); undefined when malformed. */
function parse(tokens: readonly Token[]): Expr | undefined {
  let pos = 0;
  const binary = (kind: "and" | "or", operand: () => Expr | undefined): Expr | undefined => {
    const first = operand();
    if (first === undefined) return undefined;
    const args = [first];
    while (tokens[pos]?.kind === kind) {
      pos++;
      const next = operand();
      if (next === undefined) return undefined;
      args.push(next);
    }
    return args.length === 1 ? first : { kind, args };
  };
  const primary = (): Expr | undefined => {
    const t = tokens[pos++];
    if (t?.kind === "term") return { kind: "term", text: t.text };
    if (t?.kind !== "(") return undefined;
    const inner = or();
    if (inner === undefined || tokens[pos++]?.kind !== ")") return undefined;
    return { kind: "group", inner };
  };
  const and = (): Expr | undefined => binary("and", primary);
  const or = (): Expr | undefined => binary("or", and);
  const expr = or();
  return expr !== undefined && pos === tokens.length ? expr : undefined;
}

/** Prints an expression as the reference's joins do: operands that print empty are skipped. */
function print(expr: Expr, keep: (term: string) => boolean): string {
  switch (expr.kind) {
    case "term":
      return keep(expr.text) ? expr.text : "";
    case "group":
      return `(${print(expr.inner, keep)})`;
    default:
      return expr.args
        .map((a) => print(a, keep))
        .filter((s) => s.length > 0)
        .join(` ${expr.kind} `);
  }
}

/** The position of each unquoted `|` of a query. */
function unquotedPipes(query: string): number[] {
  const pipes: number[] = [];
  let at = 0;
  for (const segment of splitQuoted(query)) {
    if (!segment.quoted) for (let i = 0; i < segment.text.length; i++) if (segment.text[i] === "|") pipes.push(at + i);
    at += segment.text.length;
  }
  return pipes;
}

const GENERATED_ASSIGNMENT = /^\|\s*label_format\s+((?:match|date)_\d+)=/;

/**
 * The reference's layout of our fieldref / timestamp-part query: the `match_N` / `date_N`
 * filters leave the label filter expression (which keeps its other operands and parentheses) and
 * follow the `label_format` stage, AND-joined; `date_N=n` becomes ``date_N=`n` ``. Undefined when
 * the query has no such filters or the rewrite changes nothing.
 */
export function referenceLabelFormatLayout(query: string): Rewritten | undefined {
  const pipes = unquotedPipes(query);
  const at = pipes.findIndex((p) => GENERATED_ASSIGNMENT.test(query.slice(p)));
  const formatStart = pipes[at];
  const filterPipe = pipes[at + 1];
  if (formatStart === undefined || filterPipe === undefined) return undefined;
  const assignments = query.slice(formatStart, filterPipe);
  const generated = new Set([...assignments.matchAll(/(?:^|[\s,])((?:match|date)_\d+)=/g)].map((m) => m[1]));
  const { tokens, end } = tokenize(query, filterPipe + 1);
  const expr = parse(tokens);
  if (expr === undefined) return undefined;
  const pulled = tokens.flatMap((t) => (t.kind === "term" && generated.has(t.label) ? [t.text] : []));
  if (pulled.length === 0) return undefined;
  const rest = print(expr, (term) => !pulled.includes(term));
  const stringDates = pulled.map((t) => t.replace(/^(date_\d+)(!?=)(-?[0-9][0-9.eE+]*)$/, "$1$2`$3`"));
  const rewritten =
    query.slice(0, formatStart).trimEnd() +
    (rest.length > 0 ? ` | ${rest}` : "") +
    ` ${assignments.trim()} | ${stringDates.join(" and ")}` +
    query.slice(end);
  if (rewritten === query) return undefined;
  const dates = stringDates.some((t, i) => t !== pulled[i]);
  return { query: rewritten, classes: dates ? ["fieldref-and-joined", "timestamp-part-comparisons"] : ["fieldref-and-joined"] };
}

/** A query as tokens: one per unquoted character, one per quoted string. */
function charTokens(query: string): { quoted: boolean; text: string }[] {
  return splitQuoted(query).flatMap((s) => (s.quoted ? [s] : [...s.text].map((ch) => ({ quoted: false, text: ch }))));
}

/**
 * Parentheses of our normalised query around an OR-run of one field's filters (`(f=~`a`orf=~`b`…)`,
 * at least two, same field and operator) that is an operand of an `and`: the shape of an
 * expansion's values. Returns the token indices of each such `(` with its `)`.
 */
function expansionGroups(tokens: readonly { quoted: boolean; text: string }[]): Map<number, number> {
  const groups = new Map<number, number>();
  const unquotedRun = (from: number): string => {
    let s = "";
    for (let k = from; k < tokens.length && tokens[k]?.quoted === false; k++) s += tokens[k]?.text;
    return s;
  };
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.quoted !== false || tokens[i]?.text !== "(") continue;
    const head = /^\(([A-Za-z0-9_]+(?:=~|!~|!=|=))$/.exec(unquotedRun(i));
    if (head === null) continue;
    const fieldOp = head[1] ?? "";
    let k = i + head[0].length;
    let values = 0;
    while (tokens[k]?.quoted === true) {
      values++;
      const run = unquotedRun(k + 1);
      if (run !== `or${fieldOp}`) break;
      k += 1 + run.length;
    }
    const close = k + 1;
    if (values < 2 || tokens[close]?.text !== ")" || tokens[close]?.quoted) continue;
    let before = "";
    for (let b = i - 1; b >= 0 && b >= i - 3 && tokens[b]?.quoted === false; b--) before = (tokens[b]?.text ?? "") + before;
    if (before !== "and" && !unquotedRun(close + 1).startsWith("and")) continue;
    groups.set(i, close);
  }
  return groups;
}

/**
 * Expansion grouping: our normalised query without the parentheses of the expansion groups the
 * reference printed bare, found by walking both queries (quoted strings compared later, by the
 * caller). Undefined when no parentheses were removed or the rest does not line up.
 */
export function withoutExpansionParens(referenceNorm: string, oursNorm: string): Rewritten | undefined {
  const e = charTokens(referenceNorm);
  const a = charTokens(oursNorm);
  const groups = expansionGroups(a);
  if (groups.size === 0) return undefined;
  const removed = new Set<number>();
  let i = 0;
  for (let j = 0; j < a.length; j++) {
    const close = groups.get(j);
    if (close !== undefined && !(e[i]?.quoted === false && e[i]?.text === "(")) {
      removed.add(j).add(close);
      continue;
    }
    if (removed.has(j)) continue;
    const x = e[i++];
    const y = a[j];
    if (x === undefined || y === undefined || x.quoted !== y.quoted || (!x.quoted && x.text !== y.text)) return undefined;
  }
  if (i !== e.length || removed.size === 0) return undefined;
  return { query: a.filter((_t, j) => !removed.has(j)).map((t) => t.text).join(""), classes: ["expansion-grouping"] };
}
