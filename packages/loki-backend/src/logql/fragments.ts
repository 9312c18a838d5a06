/**
 * The LogQL fragments a rule or a pipeline may supply through Loki's custom attributes:
 * `loki_parser` (pipeline stages put where the parser goes) and `logsource_loki_selection` (the
 * stream selector). They are pasted into queries, so each is parsed in its place with Grafana's
 * LogQL grammar and checked like a whole query: a fragment that is not exactly what it must be
 * (`json #` comments out the rest of the query, `{a="b"} or vector(1)` is no selector) is refused.
 */
import { parser } from "@grafana/lezer-logql";
import { LokiCustomAttributes } from "@sigma/pipeline-loki";
import { validateLogQL } from "../validate/logql.js";
import { trimPipes } from "./print.js";

/** A node of the lezer syntax tree. */
type SyntaxNode = ReturnType<typeof parser.parse>["topNode"];

/** What a fragment must be: `parser` stages or a stream `selector`. */
export type FragmentKind = "parser" | "selector";

// Around a parser fragment: a selector before it and a label filter after it, as in a query.
const BEFORE = '{sigma_fragment="x"} | ';
const AFTER = ' | sigma_fragment_end="x"';

const EXPECTED: Readonly<Record<FragmentKind, string>> = {
  parser:
    'LogQL pipeline stages put where the parser goes (json, logfmt, unpack, pattern "<_> <ip>", regexp "(?P<x>…)", json a="b", … joined with |)',
  selector: 'a LogQL stream selector such as {job="x", app=~"y.+"}',
};

/** The fragment kind of a custom attribute, or undefined for attributes Loki does not read. */
function fragmentKind(attribute: string): FragmentKind | undefined {
  if (attribute === LokiCustomAttributes.PARSER) return "parser";
  if (attribute === LokiCustomAttributes.LOGSOURCE_SELECTION) return "selector";
  return undefined;
}

/**
 * Why the value of custom attribute `attribute` cannot be put into a query, or undefined when it
 * can, when it is unset (null, undefined or "": the default applies) or when Loki does not read
 * that attribute.
 */
export function customAttributeProblem(attribute: string, value: unknown): string | undefined {
  const kind = fragmentKind(attribute);
  if (kind === undefined || value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") {
    const what = Array.isArray(value) ? "a list" : typeof value === "object" ? "a mapping" : `the ${typeof value} ${String(value)}`;
    return `Custom attribute '${attribute}' must be a string holding ${EXPECTED[kind]}, not ${what}`;
  }
  const problem = kind === "parser" ? parserStagesProblem(value) : streamSelectorProblem(value);
  if (problem === undefined) return undefined;
  return `Custom attribute '${attribute}' must be ${EXPECTED[kind]}; ${JSON.stringify(value)} is not: ${problem}`;
}

/** Why `text` is not LogQL pipeline stages (`json`, `logfmt | line_format "…"`, …), or undefined. */
function parserStagesProblem(text: string): string | undefined {
  return cached("parser", text, () => {
    const fragment = trimPipes(text);
    if (fragment === "") return "it is empty";
    const query = BEFORE + fragment + AFTER;
    const top = parser.parse(query).topNode;
    const shape = shapeProblem(top, BEFORE.length, fragment);
    if (shape !== undefined) return shape;
    const stages = top.getChild("Expr")?.getChild("LogExpr")?.getChild("PipelineExpr");
    const last = stages === null || stages === undefined ? undefined : lastStage(stages);
    if (last?.from !== query.length - AFTER.length + 1) return "it does not end where the query goes on";
    return semanticProblem(query);
  });
}

/** Why `text` is not a LogQL stream selector (`{job="x", app=~"y.+"}`), or undefined. */
function streamSelectorProblem(text: string): string | undefined {
  return cached("selector", text, () => {
    const query = text.trim();
    if (query === "") return "it is empty";
    const top = parser.parse(query).topNode;
    const shape = shapeProblem(top, 0, query);
    if (shape !== undefined) return shape;
    const expr = top.getChild("Expr")?.getChild("LogExpr");
    const selector = expr?.firstChild;
    if (selector?.name !== "Selector" || selector.nextSibling !== null || selector.from !== 0 || selector.to !== query.length) {
      return "it is more than a stream selector {…}";
    }
    return semanticProblem(query);
  });
}

// Before a label filter fragment: a selector and a parser, as in a query.
const BEFORE_FILTER = '{sigma_fragment="x"} | json | ';

/** A label filter expression text that can be pasted into a query, or why it cannot. */
export type LabelFilterFragment = { readonly text: string } | { readonly problem: string };

/**
 * Checks that `text` is exactly one LogQL label filter expression (`a=~"b"`, `a>1 or b=ip("…")`);
 * one of two operands (`and`, `or`, `,`) comes back parenthesised, so that it keeps its meaning
 * inside other filters.
 */
export function labelFilterFragment(text: string): LabelFilterFragment {
  const fragment = text.trim();
  if (fragment === "") return { problem: "it is empty" };
  const query = BEFORE_FILTER + fragment;
  const top = parser.parse(query).topNode;
  const shape = shapeProblem(top, BEFORE_FILTER.length, fragment);
  if (shape !== undefined) return { problem: shape };
  const stages = top.getChild("Expr")?.getChild("LogExpr")?.getChild("PipelineExpr");
  const last = stages === null || stages === undefined ? undefined : lastStage(stages);
  const filter = last?.getChild("LabelFilter");
  if (filter === null || filter === undefined || filter.from !== BEFORE_FILTER.length || filter.to !== query.length) {
    return { problem: "it is not one label filter expression" };
  }
  const problem = semanticProblem(query);
  if (problem !== undefined) return { problem };
  // Two operands: `a and b`, `a or b`, `a, b` or `a b` (both AND in LogQL).
  const compound = filter.getChildren("LabelFilter").length > 1;
  return { text: compound ? `(${fragment})` : fragment };
}

/** Comments, syntax errors, and a query that is not a log query (`… or vector(1)`). */
function shapeProblem(top: SyntaxNode, offset: number, fragment: string): string | undefined {
  const cursor = top.cursor();
  do {
    const at = cursor.from - offset;
    if (cursor.name === "LineComment") {
      return `'#' at character ${at + 1} starts a LogQL comment, which would hide the rest of the query`;
    }
    if (cursor.type.isError) {
      const near = fragment.slice(Math.max(0, at), Math.max(0, at) + 20);
      const where = at >= fragment.length || near === "" ? "at its end" : `at character ${at + 1} (near ${JSON.stringify(near)})`;
      return `it does not parse as LogQL ${where}`;
    }
  } while (cursor.next());
  if (top.getChild("Expr")?.getChild("LogExpr") === null) return "it turns the query into something else than a log query";
  return undefined;
}

/** The last stage of a (left-nested) pipeline. */
function lastStage(pipeline: SyntaxNode): SyntaxNode | undefined {
  let last: SyntaxNode | undefined;
  for (let child = pipeline.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === "PipelineStage") last = child;
    else if (child.name === "PipelineExpr") last = lastStage(child) ?? last;
  }
  return last;
}

/** What Loki checks beyond the grammar: strings, regexes, templates, label names, NUL. */
function semanticProblem(query: string): string | undefined {
  const [first] = validateLogQL(query);
  return first?.message;
}

// Pipelines set the same few fragments on every rule: check each text once.
const verdicts = new Map<string, string | undefined>();
const CACHE_LIMIT = 1_000;

function cached(kind: FragmentKind, text: string, check: () => string | undefined): string | undefined {
  const key = `${kind}\u0000${text}`;
  if (verdicts.has(key)) return verdicts.get(key);
  const verdict = check();
  if (verdicts.size >= CACHE_LIMIT) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}
