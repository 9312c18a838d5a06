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

/** Regex atoms: an escape `\\X`, the wildcard `.*`, or one character. */
function regexAtoms(pattern: string): string[] {
  const atoms: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") {
      atoms.push(pattern.slice(i, i + 2));
      i++;
    } else if (pattern.startsWith(".*", i)) {
      atoms.push(".*");
      i++;
    } else {
      atoms.push(pattern[i] ?? "");
    }
  }
  return atoms;
}

/**
 * Escaped wildcards in regexes: the reference renders a literal `*` / `?` as `\\.*` / `\\.`
 * (escaped backslash + wildcard), or as `\\\*` / `\\\?` in a string without wildcards. Ours may be `\*` / `\?` at any such place (a literal backslash
 * followed by a real wildcard reads the same in the reference's output, so each place may keep it).
 */
export function matchesEscapedWildcardRegex(expected: string, actual: string): boolean {
  const e = regexAtoms(expected);
  const a = regexAtoms(actual);
  let j = 0;
  for (let i = 0; i < e.length; i++, j++) {
    // `\\.*` / `\\.` (wildcard forms) and, for strings without wildcards, `\\\*` / `\\\?`.
    const next = e[i + 1];
    const literal = next === ".*" ? "\\*" : next === "." ? "\\?" : next === "\\*" || next === "\\?" ? next : undefined;
    if (e[i] === "\\\\" && literal !== undefined && a[j] === literal) {
      i++;
      continue;
    }
    if (e[i] !== a[j]) return false;
  }
  return j === a.length;
}

/** Escaped wildcards in plain (non-regex) values: `\*` / `\?` in the reference may be `*` / `?` in ours. */
export function matchesEscapedWildcardPlain(expected: string, actual: string): boolean {
  let j = 0;
  for (let i = 0; i < expected.length; i++, j++) {
    const next = expected[i + 1];
    if (expected[i] === "\\" && (next === "*" || next === "?") && actual[j] === next) {
      i++;
      continue;
    }
    if (expected[i] !== actual[j]) return false;
  }
  return j === actual.length;
}

/**
 * Compares two normalised queries that may differ only inside quoted values, where ours is the
 * documented rewrite of the reference's: anchored label-filter regexes (label filters only) or
 * escaped wildcards (any value). Returns the classes used, or undefined when they do not match.
 */
function matchQuotedRewrites(expected: string, actual: string): BugClass[] | undefined {
  const e = splitQuoted(expected);
  const a = splitQuoted(actual);
  if (e.length !== a.length) return undefined;
  const used = new Set<BugClass>();
  let depth = 0;
  for (let i = 0; i < e.length; i++) {
    const es = e[i];
    const as = a[i];
    if (es === undefined || as === undefined || es.quoted !== as.quoted) return undefined;
    if (!es.quoted) {
      if (es.text !== as.text) return undefined;
      depth = braceDepth(es.text, depth);
      continue;
    }
    if (es.text === as.text) continue;
    const before = e[i - 1]?.text ?? "";
    const isRegex = /(=~|!~|\|~)$/.test(before);
    const isLabelRegex = depth === 0 && /[A-Za-z0-9_](=~|!~)$/.test(before);
    const ev = unquote(es.text);
    const av = unquote(as.text);
    if (isLabelRegex && av === anchorLabelRegex(ev)) used.add("anchored-label-regex");
    else if (isRegex && matchesEscapedWildcardRegex(ev, av)) used.add("escaped-wildcards");
    else if (!isRegex && /(=|!=|\|=)$/.test(before) && matchesEscapedWildcardPlain(ev, av)) used.add("escaped-wildcards");
    else return undefined;
  }
  return [...used];
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
    // Line filter `|= 100` → ``|= `100` `` (also right before a range, `|= 100[1m]`).
    id: "numeric-line-filters",
    rewrite: (query) =>
      rewriteUnquoted(query, (text) =>
        text.replace(/(^|\s)(\|=|!=)(\s+)(-?\d+(?:\.\d+)?)(?=\s|\[|$)/g, (_m, pre: string, op: string, sp: string, n: string) => {
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
  const quoted = matchQuotedRewrites(normalizeQuery(corrected), actualNorm);
  if (quoted === undefined) return { kind: "differ" };
  classes.push(...quoted);
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

/** What the reference had and what we produced for a file, for error-level acceptances. */
interface Outcomes {
  readonly expectedQueries: readonly string[] | undefined;
  readonly expectedError: string | undefined;
  readonly actualQueries: readonly string[] | undefined;
  readonly actualError: string | undefined;
}

/** A label filter without a name in the reference (`| =~…`, `and =~…`): from an empty field name. */
const NAMELESS_LABEL_FILTER = /(?:\||\(|\sand|\sor)\s*(?:=~|!~|!=|=)$/;

/** A negated line filter alternation (`!~ `a|b``): the reference's `not (kw and kw)` rendering. */
function hasNegatedAlternation(query: string): boolean {
  const segments = splitQuoted(query);
  return segments.some((s, i) => {
    const before = segments[i - 1];
    return s.quoted && before !== undefined && !before.quoted && /(?:^|\s|`|")!~\s*$/.test(before.text) && hasTopLevelAlternation(unquote(s.text));
  });
}

/**
 * Error-level accepted differences: the reference raised where a correct query exists, or
 * produced a wrong query where this project reports an error. Each rule checks both sides.
 */
const OUTCOME_RULES: readonly { readonly id: BugClass; readonly accepts: (o: Outcomes) => boolean }[] = [
  {
    // Reference: NotImplementedError for boolean values; ours: the word as a string filter,
    // `f=~`(?i)^true$`` (case-sensitive mode: `f=`true``).
    id: "booleans",
    accepts: (o) =>
      /^Boolean value (True|False) not supported by the backend/.test(o.expectedError ?? "") &&
      (o.actualQueries ?? []).some((q) => /[A-Za-z0-9_](?:(?:=~|!~)`\(\?i\)\^(?:true|false)\$`|!?=`(?:true|false)`)/.test(q)),
  },
  {
    // Reference: `| =~`…`` (empty label name); ours: an error asking for a field mapping.
    id: "empty-field-names",
    accepts: (o) =>
      /empty after turning it into a Loki label name/.test(o.actualError ?? "") &&
      (o.expectedQueries ?? []).some((q) => splitQuoted(q).some((s, i, all) => s.quoted && i > 0 && !all[i - 1]?.quoted && NAMELESS_LABEL_FILTER.test(all[i - 1]?.text ?? ""))),
  },
  {
    // Reference: `%name%` emitted literally; ours: SigmaPlaceholderError.
    id: "unresolved-placeholders",
    accepts: (o) =>
      /unhandled placeholder '([^']+)'/.test(o.actualError ?? "") &&
      (o.expectedQueries ?? []).some((q) => q.includes(`%${/unhandled placeholder '([^']+)'/.exec(o.actualError ?? "")?.[1] ?? ""}%`)),
  },
  {
    // Reference: `not (kw1 and kw2)` as `!~ `kw1|kw2`` (means not kw1 and not kw2); ours: an error.
    id: "not-kw-and-kw",
    accepts: (o) =>
      /Negated AND of keywords/.test(o.actualError ?? "") && (o.expectedQueries ?? []).some(hasNegatedAlternation),
  },
];

/** The bug class explaining an error-level difference, or undefined. */
export function acceptOutcomeDifference(o: Outcomes): BugClass | undefined {
  return OUTCOME_RULES.find((rule) => rule.accepts(o))?.id;
}

/** Whether unquoted text of `fragment` has balanced parentheses (quoted strings skipped). */
function balancedParens(fragment: string): boolean {
  let depth = 0;
  for (const segment of splitQuoted(fragment)) {
    if (segment.quoted) continue;
    for (const ch of segment.text) {
      if (ch === "(") depth++;
      else if (ch === ")" && --depth < 0) return false;
    }
  }
  return depth === 0;
}

/**
 * Partitioning that drops values: the reference splits a long query into parts holding
 * `int(n / parts)` OR arguments each and loses the remainder. Ours keeps it in the last part, so
 * our last query is the reference's with `or <term>…` inserted after one OR argument. Arguments
 * are normalised queries (see normalizeQuery).
 */
export function isOrInsertion(expected: string, actual: string): boolean {
  const extra = actual.length - expected.length;
  if (extra <= 2) return false;
  let prefix = 0;
  while (prefix < expected.length && expected[prefix] === actual[prefix]) prefix++;
  let suffix = 0;
  while (suffix < expected.length && expected[expected.length - 1 - suffix] === actual[actual.length - 1 - suffix]) suffix++;
  for (let q = Math.max(0, expected.length - suffix); q <= prefix; q++) {
    const inserted = actual.slice(q, q + extra);
    const before = expected[q - 1] ?? "";
    if (inserted.startsWith("or") && /[`")0-9]/.test(before) && balancedParens(inserted.slice(2))) return true;
  }
  return false;
}
