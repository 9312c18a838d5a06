/**
 * LogQL validity: the query must parse with Grafana's LogQL grammar (`@grafana/lezer-logql`) and
 * pass the checks that Loki makes after parsing and the grammar does not: string escapes,
 * RE2 (Go `regexp`) compilation of every regex, stream selectors that cannot match everything,
 * label names, `ip()` arguments and `line_format` / `label_format` templates.
 *
 * `@grafana/lezer-logql` is pinned to 0.3.x: it is ESM with no `engines` constraint, while 0.4.x
 * requires Node >= 24. RE2 compatibility comes from `re2js` (a port of RE2/J, Go-style errors).
 */
import { parser } from "@grafana/lezer-logql";
import { RE2JS } from "re2js";
import { parseLokiDuration } from "../logql/duration.js";
import { unquoteGoString } from "./go-string.js";
import { checkGoTemplate } from "./go-template.js";
import { findLongChains, skeleton } from "./long-chains.js";

/** One reason why Loki would reject a query; `from`/`to` are offsets into the query text. */
export interface LogQLProblem {
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

/** The lezer syntax tree of a query (the type of `@lezer/common`, reached through the parser). */
export type LogQLTree = ReturnType<typeof parser.parse>;

/** A node of the lezer syntax tree. */
type SyntaxNode = LogQLTree["topNode"];

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Problems Loki would report for `query`; an empty array means the query is valid. */
export function validateLogQL(query: string): LogQLProblem[] {
  return validateParsedLogQL(query, parser.parse(query));
}

/** {@link validateLogQL} of a query already parsed (`tree`: the grammar's tree of `query`). */
export function validateParsedLogQL(query: string, tree: LogQLTree): LogQLProblem[] {
  return [...nulProblems(query), ...validateStructure(query, tree)];
}

/** Go's `text/scanner`, which Loki's lexer uses, refuses a NUL character anywhere in the text. */
function nulProblems(query: string): LogQLProblem[] {
  const problems: LogQLProblem[] = [];
  for (let at = query.indexOf("\0"); at >= 0; at = query.indexOf("\0", at + 1)) {
    problems.push({ message: "invalid character NUL", from: at, to: at + 1 });
  }
  return problems;
}

function validateStructure(query: string, tree: LogQLTree): LogQLProblem[] {
  const problems = validateParsed(query, tree);
  if (problems.length === 0) return problems;
  const chains = findLongChains(query);
  if (chains.length === 0) return problems;
  // Long chains exceed the grammar's stack depth: check the skeleton and each term instead.
  const { text, toQuery } = skeleton(query, chains);
  const result = validateParsed(text).map((p) => ({ ...p, from: toQuery(p.from), to: toQuery(p.to) }));
  const prefix = '{job="x"} | json | ';
  for (const chain of chains) {
    for (const term of chain.terms.slice(1)) {
      for (const p of validateParsed(prefix + query.slice(term.from, term.to))) {
        result.push({ ...p, from: term.from + Math.max(0, p.from - prefix.length), to: term.from + Math.max(0, p.to - prefix.length) });
      }
    }
  }
  return dedupe(result);
}

function validateParsed(query: string, tree: LogQLTree = parser.parse(query)): LogQLProblem[] {
  const problems: LogQLProblem[] = [];
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) {
      problems.push(syntaxProblem(query, node));
      continue;
    }
    switch (node.name) {
      case "String":
        checkString(query, node, problems);
        break;
      case "Selector":
        checkSelector(query, node, problems);
        break;
      case "Matcher":
        checkMatcher(query, node, problems);
        break;
      case "LineFilter":
        checkLineFilter(query, node, problems);
        break;
      case "IpLabelFilter":
        checkIpArguments(query, node, problems);
        break;
      case "LineFormatExpr":
        checkTemplates(query, node, problems);
        break;
      case "LabelFormatMatcher":
        checkLabelName(query, node.getChild("Identifier"), problems);
        checkTemplates(query, node, problems);
        break;
      case "Number":
        checkNumber(query, node, problems);
        break;
      case "Duration":
        checkDuration(query, node, problems);
        break;
      case "RangeAggregationExpr":
        checkRangeAggregation(query, node, problems);
        break;
      case "LabelReplaceExpr":
        checkLabelReplace(query, node, problems);
        break;
    }
  } while (cursor.next());
  return dedupe(problems);
}

function syntaxProblem(query: string, node: SyntaxNode): LogQLProblem {
  const to = node.to > node.from ? node.to : Math.min(node.from + 1, query.length);
  const near = query.slice(node.from, Math.min(node.from + 20, query.length));
  const where = near === "" ? "at the end of the query" : `near ${JSON.stringify(near)}`;
  const parent = node.parent;
  if (parent?.name === "Matcher" && parent.firstChild?.from === node.from && node.to === node.from) {
    return { message: `label matcher without a label name ${where}`, from: node.from, to };
  }
  if (parent?.name === "LineFilter" && node.firstChild?.name === "Number") {
    return { message: `line filter value ${text(query, node)} must be a quoted string`, from: node.from, to };
  }
  const word = wordAround(query, node.from);
  if (word !== undefined && !LABEL_NAME.test(query.slice(word.from, word.to))) {
    const label = query.slice(word.from, word.to);
    return {
      message: `invalid label name ${JSON.stringify(label)}: label names must match [a-zA-Z_][a-zA-Z0-9_]*`,
      from: word.from,
      to: word.to,
    };
  }
  return { message: `syntax error at offset ${node.from} ${where}`, from: node.from, to };
}

/** The label-like word (`id.orig_h`, `0field`) around an error position when an operator follows it. */
function wordAround(query: string, at: number): { from: number; to: number } | undefined {
  const wordChar = /[^\s|(){}=!<>~,"`]/;
  let from = at;
  let to = at;
  while (from > 0 && wordChar.test(query[from - 1] ?? "")) from--;
  while (to < query.length && wordChar.test(query[to] ?? "")) to++;
  if (to === from || !/^\s*(?:=|!=|=~|!~|>|<)/.test(query.slice(to))) return undefined;
  return { from, to };
}

function text(query: string, node: SyntaxNode | null): string {
  return node === null ? "" : query.slice(node.from, node.to);
}

/** The decoded value of a `String` node, or undefined when it does not decode (reported elsewhere). */
function stringValue(query: string, node: SyntaxNode | null): string | undefined {
  if (node === null || node.name !== "String") return undefined;
  const result = unquoteGoString(text(query, node));
  return result.ok ? result.value : undefined;
}

function checkString(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const result = unquoteGoString(text(query, node));
  if (!result.ok) {
    const at = node.from + result.offset;
    problems.push({ message: result.message, from: at, to: Math.min(at + 2, node.to) });
  }
}

// Queries repeat the same regexes a lot; compiling is the expensive part of validation.
const compiled = new Map<string, RE2JS | string>();
const CACHE_LIMIT = 20_000;

/** Compile like Go's `regexp.Compile`: the compiled regex, or the error message. */
function compileRegex(pattern: string): RE2JS | string {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  let result: RE2JS | string;
  try {
    result = RE2JS.compile(pattern);
  } catch (error) {
    result = error instanceof Error ? error.message : String(error);
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, result);
  return result;
}

/** The Go `regexp` error for `pattern`, or undefined when it compiles. */
function regexError(pattern: string): string | undefined {
  const result = compileRegex(pattern);
  return typeof result === "string" ? result : undefined;
}

function checkRegex(query: string, stringNode: SyntaxNode, problems: LogQLProblem[]): void {
  const pattern = stringValue(query, stringNode);
  if (pattern === undefined) return;
  const error = regexError(pattern);
  if (error !== undefined) {
    problems.push({ message: `invalid regex ${JSON.stringify(pattern)}: ${error}`, from: stringNode.from, to: stringNode.to });
  }
}

interface MatcherParts {
  readonly name: SyntaxNode | null;
  readonly op: string;
  readonly value: SyntaxNode | null;
}

function matcherParts(node: SyntaxNode): MatcherParts {
  let name: SyntaxNode | null = null;
  let op = "";
  let value: SyntaxNode | null = null;
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === "Identifier" && op === "") name = child;
    else if (["Eq", "Neq", "Re", "Nre"].includes(child.name)) op = child.name;
    else if (child.name === "String") value = child;
  }
  return { name, op, value };
}

function checkLabelName(query: string, name: SyntaxNode | null, problems: LogQLProblem[]): void {
  if (name === null) return;
  const label = text(query, name);
  if (!LABEL_NAME.test(label)) {
    problems.push({
      message: `invalid label name ${JSON.stringify(label)}: label names must match [a-zA-Z_][a-zA-Z0-9_]*`,
      from: name.from,
      to: name.to,
    });
  }
}

function checkMatcher(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const { name, op, value } = matcherParts(node);
  checkLabelName(query, name, problems);
  if ((op === "Re" || op === "Nre") && value !== null) checkRegex(query, value, problems);
}

/** Whether a stream matcher accepts a missing label (Prometheus semantics: anchored, `(?s)`). */
function matchesEmpty(op: string, value: string): boolean | undefined {
  switch (op) {
    case "Eq":
      return value === "";
    case "Neq":
      return value !== "";
    case "Re":
    case "Nre": {
      const anchored = compileRegex(`^(?s:${value})$`);
      if (typeof anchored === "string") return undefined;
      const matches = anchored.matches("");
      return op === "Re" ? matches : !matches;
    }
    default:
      return undefined;
  }
}

function checkSelector(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const matchers: MatcherParts[] = [];
  const collect = (parent: SyntaxNode): void => {
    for (let child = parent.firstChild; child !== null; child = child.nextSibling) {
      if (child.name === "Matcher") matchers.push(matcherParts(child));
      else if (child.name === "Matchers") collect(child);
    }
  };
  collect(node);
  const verdicts = matchers.map((m) => {
    const value = stringValue(query, m.value);
    return value === undefined ? undefined : matchesEmpty(m.op, value);
  });
  // Only judge selectors whose matchers could all be evaluated (others already have problems).
  if (verdicts.some((v) => v === undefined)) return;
  if (verdicts.every((v) => v === true)) {
    problems.push({
      message:
        'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
      from: node.from,
      to: node.to,
    });
  }
}

function checkLineFilter(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const filter = node.getChild("Filter");
  const op = filter?.firstChild?.name ?? "";
  const isIp = node.getChild("FilterOp") !== null;
  const strings: SyntaxNode[] = [];
  const collect = (parent: SyntaxNode): void => {
    for (let child = parent.firstChild; child !== null; child = child.nextSibling) {
      if (child.name === "String") strings.push(child);
      else if (child.name === "OrFilter") collect(child);
    }
  };
  collect(node);
  for (const s of strings) {
    if (isIp) checkIp(query, s, problems);
    else if (op === "PipeMatch" || op === "Nre") checkRegex(query, s, problems);
  }
}

/** Loki reads numbers with Go's `strconv.ParseFloat`, which refuses values beyond ±1.8e308. */
function checkNumber(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const literal = text(query, node);
  if (Number.isFinite(Number(literal.replace(/_/g, "")))) return;
  problems.push({ message: `number ${literal} is out of range: Loki accepts only finite 64-bit floating-point numbers`, from: node.from, to: node.to });
}

function checkDuration(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const parsed = parseLokiDuration(text(query, node));
  if (!parsed.ok) problems.push({ message: parsed.message, from: node.from, to: node.to });
}

/** Range functions that take `by`/`without` (Loki groups their samples before the function runs). */
const GROUPING_RANGE_OPS = new Set([
  "avg_over_time", "min_over_time", "max_over_time", "stddev_over_time", "stdvar_over_time",
  "quantile_over_time", "first_over_time", "last_over_time",
]);
/** Range functions that read the values of `unwrap`. */
const UNWRAP_RANGE_OPS = new Set([...GROUPING_RANGE_OPS, "sum_over_time", "rate", "rate_counter", "absent_over_time"]);
/** Range functions that count lines or bytes. */
const LINE_RANGE_OPS = new Set(["count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time"]);

/** Loki's checks of a range aggregation (`RangeAggregationExpr.validate`): grouping and unwrap. */
function checkRangeAggregation(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const op = text(query, node.getChild("RangeOp")).toLowerCase();
  const range = node.getChild("LogRangeExpr");
  const unwrapped = range !== null && hasDescendant(range, "UnwrapExpr");
  const grouping = node.getChild("Grouping");
  const at = { from: node.from, to: node.to };
  if (grouping !== null && !GROUPING_RANGE_OPS.has(op)) {
    problems.push({ message: `grouping not allowed for ${op} aggregation; aggregate its result instead (sum by (…) (${op}(…)))`, ...at });
  } else if (unwrapped && !UNWRAP_RANGE_OPS.has(op)) {
    problems.push({ message: `invalid aggregation ${op} with unwrap`, ...at });
  } else if (!unwrapped && !LINE_RANGE_OPS.has(op)) {
    problems.push({ message: `invalid aggregation ${op} without unwrap`, ...at });
  }
}

function hasDescendant(node: SyntaxNode, name: string): boolean {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === name || hasDescendant(child, name)) return true;
  }
  return false;
}

/** `label_replace(v, "dst", "replacement", "src", "regex")`: a valid destination, an RE2 regex. */
function checkLabelReplace(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const [destination, , , regex] = node.getChildren("String");
  const name = stringValue(query, destination ?? null);
  if (destination !== undefined && name !== undefined && !LABEL_NAME.test(name)) {
    problems.push({ message: `invalid destination label name in label_replace(): ${JSON.stringify(name)}`, from: destination.from, to: destination.to });
  }
  const pattern = stringValue(query, regex ?? null);
  if (regex === undefined || pattern === undefined) return;
  const error = regexError(`^(?:${pattern})$`);
  if (error !== undefined) {
    problems.push({ message: `invalid regex in label_replace: ${JSON.stringify(pattern)}: ${error}`, from: regex.from, to: regex.to });
  }
}

function checkIpArguments(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  for (const s of node.getChildren("String")) checkIp(query, s, problems);
  const name = node.getChild("Identifier");
  if (name !== null && !LABEL_NAME.test(text(query, name))) {
    problems.push({
      message: `invalid label name ${JSON.stringify(text(query, name))} in ip() filter`,
      from: name.from,
      to: name.to,
    });
  }
}

function checkIp(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  const value = stringValue(query, node);
  if (value === undefined || isIpPattern(value)) return;
  problems.push({
    message: `invalid ip() argument ${JSON.stringify(value)}: expected an IP address, a CIDR or a range a-b`,
    from: node.from,
    to: node.to,
  });
}

function checkTemplates(query: string, node: SyntaxNode, problems: LogQLProblem[]): void {
  for (const s of node.getChildren("String")) {
    const template = stringValue(query, s);
    if (template === undefined) continue;
    for (const problem of checkGoTemplate(template)) {
      problems.push({ message: `invalid template: ${problem.message}`, from: s.from, to: s.to });
    }
  }
}

function isIpv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split("::").length > 2) return false;
  let groups = text.split(":");
  const last = groups[groups.length - 1] ?? "";
  let width = 8;
  if (last.includes(".")) {
    if (!isIpv4(last)) return false;
    groups = groups.slice(0, -1);
    width = 6;
  }
  if (text.includes("::")) {
    const nonEmpty = groups.filter((g) => g !== "");
    return nonEmpty.length < width && nonEmpty.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
  }
  return groups.length === width && groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g));
}

function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

/** An address, a CIDR `addr/bits` or a range `addr-addr` (Loki's ip() filter). */
export function isIpPattern(value: string): boolean {
  const text = value.trim();
  const slash = text.indexOf("/");
  if (slash >= 0) {
    const address = text.slice(0, slash);
    const bits = text.slice(slash + 1);
    const max = isIpv4(address) ? 32 : isIpv6(address) ? 128 : -1;
    return max >= 0 && /^[0-9]{1,3}$/.test(bits) && Number(bits) <= max;
  }
  const dash = text.indexOf("-");
  if (dash >= 0) return isIpAddress(text.slice(0, dash).trim()) && isIpAddress(text.slice(dash + 1).trim());
  return isIpAddress(text);
}

function dedupe(problems: LogQLProblem[]): LogQLProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.from}:${p.to}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
