/**
 * The LogQL fragments a rule or a pipeline may supply through Loki's custom attributes:
 * `loki_parser` (pipeline stages put where the parser goes) and `logsource_loki_selection` (the
 * stream selector). They are pasted into queries, so each is parsed in its place with Grafana's
 * LogQL grammar and checked like a whole query: a fragment that is not exactly what it must be
 * (`json #` comments out the rest of the query, `{a="b"} or vector(1)` is no selector) is refused.
 */
import { parser } from "@grafana/lezer-logql";
import { LokiCustomAttributes } from "@sigma/pipeline-loki";
import { validateParsedLogQL } from "../validate/logql.js";
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
const parserStagesProblem = cached((text: string): string | undefined => {
  const fragment = trimPipes(text);
  if (fragment === "") return "it is empty";
  const query = BEFORE + fragment + AFTER;
  return fragmentProblem(query, BEFORE.length, fragment, (top) =>
    lastPipelineStage(top)?.from !== query.length - AFTER.length + 1 ? "it does not end where the query goes on" : undefined,
  );
});

/** Why `text` is not a LogQL stream selector (`{job="x", app=~"y.+"}`), or undefined. */
const streamSelectorProblem = cached((text: string): string | undefined => {
  const query = text.trim();
  if (query === "") return "it is empty";
  return fragmentProblem(query, 0, query, (top) => {
    const selector = top.getChild("Expr")?.getChild("LogExpr")?.firstChild;
    if (selector?.name !== "Selector" || selector.nextSibling !== null || selector.from !== 0 || selector.to !== query.length) {
      return "it is more than a stream selector {…}";
    }
    return undefined;
  });
});

// Before a label filter fragment: a selector and a parser, as in a query.
const BEFORE_FILTER = '{sigma_fragment="x"} | json | ';

/** A label filter expression text that can be pasted into a query, or why it cannot. */
export type LabelFilterFragment = { readonly text: string } | { readonly problem: string };

/**
 * Checks that `text` is exactly one LogQL label filter expression (`a=~"b"`, `a>1 or b=ip("…")`);
 * one of two operands (`and`, `or`, `,`) comes back parenthesised, so that it keeps its meaning
 * inside other filters.
 */
export const labelFilterFragment = cached((text: string): LabelFilterFragment => {
  const fragment = text.trim();
  if (fragment === "") return { problem: "it is empty" };
  const query = BEFORE_FILTER + fragment;
  let compound = false;
  const problem = fragmentProblem(query, BEFORE_FILTER.length, fragment, (top) => {
    const filter = lastPipelineStage(top)?.getChild("LabelFilter");
    if (filter === null || filter === undefined || filter.from !== BEFORE_FILTER.length || filter.to !== query.length) {
      return "it is not one label filter expression";
    }
    // Two operands: `a and b`, `a or b`, `a, b` or `a b` (both AND in LogQL).
    compound = filter.getChildren("LabelFilter").length > 1;
    return undefined;
  });
  if (problem !== undefined) return { problem };
  return { text: compound ? `(${fragment})` : fragment };
});

/**
 * Why `query`, a query around `fragment` (which starts at `offset`), does not hold the fragment
 * as it must: parsed once, checked for its shape, then by `placed` (that the fragment is where and
 * what it must be in the tree), then as Loki checks a whole query. Undefined when it does.
 */
function fragmentProblem(
  query: string,
  offset: number,
  fragment: string,
  placed: (top: SyntaxNode) => string | undefined,
): string | undefined {
  const tree = parser.parse(query);
  return shapeProblem(tree.topNode, offset, fragment) ?? placed(tree.topNode) ?? validateParsedLogQL(query, tree)[0]?.message;
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

/** The last stage of the log query's pipeline, if it has one. */
function lastPipelineStage(top: SyntaxNode): SyntaxNode | undefined {
  const stages = top.getChild("Expr")?.getChild("LogExpr")?.getChild("PipelineExpr");
  return stages === null || stages === undefined ? undefined : lastStage(stages);
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

// Pipelines and rules give the same few fragments again and again: check each text once.
const CACHE_LIMIT = 1_000;

/** `check`, remembering its verdict for the last texts (at most {@link CACHE_LIMIT}). */
function cached<T>(check: (text: string) => T): (text: string) => T {
  const verdicts = new Map<string, T>();
  return (text) => {
    if (verdicts.has(text)) return verdicts.get(text) as T;
    const verdict = check(text);
    if (verdicts.size >= CACHE_LIMIT) verdicts.clear();
    verdicts.set(text, verdict);
    return verdict;
  };
}
