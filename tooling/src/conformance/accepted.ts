/**
 * Accepted differences: places where the reference is wrong and this project emits the correct
 * query. Each class is listed in ACCEPTED-DIFFERENCES.md with the test proving the behaviour; a
 * difference is accepted only when it is EXACTLY the documented rewrite of that class.
 */
import { normalizeQuery, splitQuoted } from "./normalize.js";
import { parsePythonRepr } from "./python-repr.js";

/** The bug classes of the Loki backend issue (ids used in reports and ACCEPTED-DIFFERENCES.md). */
export const BUG_CLASSES = {
  "partition-drops-values": "Partitioning that drops values",
  "fieldref-and-joined": "Field references AND-joined inside ORs",
  "not-kw-and-kw": "`not (kw and kw)` as one negated alternation",
  "escaped-wildcards": "Escaped wildcards",
  "correlation-yaml-formats": "Correlations in ruler/alerting formats",
  "ip-filter-labels": "Unsanitised labels in ip() filters",
  "numeric-line-filters": "Unquoted numeric line filters",
  booleans: "Booleans",
  "unresolved-placeholders": "Unresolved placeholders",
  "empty-field-names": "Empty field names",
  "timestamp-part-comparisons": "Timestamp-part comparisons",
  "anchored-label-regex": "Anchored label regex",
} as const;

/** A bug class id. */
export type BugClass = keyof typeof BUG_CLASSES;

/** Outcome of comparing one expected query with ours under the accepted rewrites. */
export type QueryMatch =
  | { readonly kind: "equivalent" }
  | { readonly kind: "accepted"; readonly classes: readonly BugClass[] }
  | { readonly kind: "differ" };

const FLAG_GROUP = /^(?:\(\?[a-zA-Z]+\))+/;

/** True when a regex has a `|` outside groups and classes. */
export function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (ch === "[") {
      // Skip a character class (a `]` right after `[` or `[^` is literal).
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
    } else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}

function endsWithUnescapedDollar(body: string): boolean {
  if (!body.endsWith("$")) return false;
  let backslashes = 0;
  for (let i = body.length - 2; i >= 0 && body[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * The documented anchored-label-regex rewrite of a `re` value `R`: `.*R.*`, or `.*(?:R).*` when
 * `R` has a top-level `|`; no `.*` on a side anchored with `^` / `$`; leading flag groups stay in
 * front.
 */
export function anchorLabelRegex(pattern: string): string {
  const flags = FLAG_GROUP.exec(pattern)?.[0] ?? "";
  const body = pattern.slice(flags.length);
  const core = hasTopLevelAlternation(body) ? `(?:${body})` : body;
  const start = body.startsWith("^") ? "" : ".*";
  const end = endsWithUnescapedDollar(body) ? "" : ".*";
  return `${flags}${start}${core}${end}`;
}

/** The content of a quoted LogQL string (`` `raw` `` or `"escaped"`). */
export function unquote(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  return literal.slice(1, -1).replace(/\\(["\\])/g, "$1");
}

/** Whether an unquoted text ends inside a `{…}` stream selector (brace depth of the text so far). */
function braceDepth(textSoFar: string, depth: number): number {
  for (const ch of textSoFar) {
    if (ch === "{") depth++;
    else if (ch === "}") depth--;
  }
  return depth;
}

/**
 * Compares two normalised queries that may differ only in label-filter regexes where ours is the
 * anchored rewrite of the reference's. Returns whether they match and whether a rewrite was used.
 */
function matchWithAnchoredRegexes(expected: string, actual: string): { matches: boolean; used: boolean } {
  const e = splitQuoted(expected);
  const a = splitQuoted(actual);
  if (e.length !== a.length) return { matches: false, used: false };
  let used = false;
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const es = e[i];
    const as = a[i];
    if (es === undefined || as === undefined || es.quoted !== as.quoted) return { matches: false, used: false };
    if (!es.quoted) {
      if (es.text !== as.text) return { matches: false, used: false };
      depth = braceDepth(es.text, depth);
      continue;
    }
    if (es.text === as.text) continue;
    const before = e[i - 1];
    const isLabelRegex = before !== undefined && !before.quoted && /[A-Za-z0-9_](=~|!~)$/.test(before.text) && depth === 0;
    if (!isLabelRegex || unquote(as.text) !== anchorLabelRegex(unquote(es.text))) {
      return { matches: false, used: false };
    }
    used = true;
  }
  return { matches: true, used };
}

/** Sanitises a label name as Loki's `sanitize_label_key` rule does. */
export function sanitizeLabel(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") return "";
  const prefixed = /^[0-9]/.test(trimmed) ? `_${trimmed}` : trimmed;
  return prefixed.replace(/[^A-Za-z0-9_]/g, "_");
}

/** Deterministic rewrites on the reference's raw query text, per class. */
const QUERY_REWRITES: readonly { readonly id: BugClass; readonly rewrite: (query: string) => string }[] = [
  {
    // `id.orig_h!=ip("…")` → `id_orig_h!=ip("…")`.
    id: "ip-filter-labels",
    rewrite: (query) =>
      rewriteUnquoted(query, (text) =>
        text.replace(/(^|[\s|(])([^\s|()=!<>~"`]+)(!?=)ip\(/g, (_m, pre: string, name: string, op: string) => {
          return `${pre}${sanitizeLabel(name)}${op}ip(`;
        }),
      ),
  },
  {
    // Line filter `|= 100` → ``|= `100` ``.
    id: "numeric-line-filters",
    rewrite: (query) =>
      rewriteUnquoted(query, (text) =>
        text.replace(/(^|\s)(\|=|!=)(\s+)(-?\d+(?:\.\d+)?)(?=\s|$)/g, (_m, pre: string, op: string, sp: string, n: string) => {
          return `${pre}${op}${sp}\`${n}\``;
        }),
      ),
  },
];

/** Applies `fn` to the text outside quoted strings. */
function rewriteUnquoted(query: string, fn: (text: string) => string): string {
  return splitQuoted(query)
    .map((s) => (s.quoted ? s.text : fn(s.text)))
    .join("");
}

/** Compares one reference query with ours: equivalent, accepted (with the classes used) or different. */
export function matchQuery(expected: string, actual: string): QueryMatch {
  const actualNorm = normalizeQuery(actual);
  if (normalizeQuery(expected) === actualNorm) return { kind: "equivalent" };
  const classes: BugClass[] = [];
  let corrected = expected;
  for (const { id, rewrite } of QUERY_REWRITES) {
    const next = rewrite(corrected);
    if (next !== corrected) {
      classes.push(id);
      corrected = next;
    }
  }
  const anchored = matchWithAnchoredRegexes(normalizeQuery(corrected), actualNorm);
  if (!anchored.matches) return { kind: "differ" };
  if (anchored.used) classes.push("anchored-label-regex");
  return classes.length > 0 ? { kind: "accepted", classes } : { kind: "differ" };
}

/** A correlation expression of the YAML formats with the reference's embedded Python dict. */
const EMBEDDED_DICT = /\{'(?:alert|uid)': /;

/**
 * The correct alert expression for a reference correlation expression of the ruler /
 * grafana_alerting formats: the embedded repr of the referenced rule's alert is replaced by that
 * rule's log query, and (ruler) the metric query is not wrapped in `count_over_time` again.
 * Undefined when `expr` does not show the bug.
 */
export function correctCorrelationExpr(expr: string, format: "ruler" | "grafana_alerting"): string | undefined {
  const at = expr.search(EMBEDDED_DICT);
  if (at < 0) return undefined;
  const parsed = parsePythonRepr(expr, at);
  if (parsed === undefined) return undefined;
  const inner = innerQuery(parsed.value, format);
  if (inner === undefined) return undefined;
  let fixed = expr.slice(0, at) + inner + expr.slice(parsed.end);
  if (format === "ruler") {
    const unwrapped = /^sum\(count_over_time\(([\s\S]*) \[1m\]\)\) or vector\(0\) > 0$/.exec(fixed)?.[1];
    if (unwrapped === undefined) return undefined;
    fixed = unwrapped;
  }
  return fixed;
}

function innerQuery(dict: unknown, format: "ruler" | "grafana_alerting"): string | undefined {
  if (typeof dict !== "object" || dict === null) return undefined;
  const record = dict as Record<string, unknown>;
  if (format === "ruler") {
    const expr = record["expr"];
    if (typeof expr !== "string") return undefined;
    return /^sum\(count_over_time\(([\s\S]*) \[1m\]\)\) or vector\(0\) > 0$/.exec(expr)?.[1];
  }
  const data = record["data"];
  const model = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined)?.["model"] : undefined;
  const expr = typeof model === "object" && model !== null ? (model as Record<string, unknown>)["expr"] : undefined;
  if (typeof expr !== "string") return undefined;
  return /^sum(?: by \([^)]*\))?\(count_over_time\(([\s\S]*)\[1m\]\)\) > 0$/.exec(expr)?.[1];
}
