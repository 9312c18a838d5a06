/**
 * Accepted differences: places where the reference is wrong and this project emits the correct
 * query. Each class is listed in ACCEPTED-DIFFERENCES.md with the test proving the behaviour; a
 * difference is accepted only when it is EXACTLY the documented rewrite of that class.
 */
import { validateLogQL } from "@sigma/loki-backend/validate";
import { normalizeQuery, splitQuoted, type QuerySegment } from "./normalize.js";
import { parsePythonRepr } from "./python-repr.js";
import { referenceLabelFormatLayout, withoutExpansionParens, type Rewritten } from "./structure.js";

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
  "expansion-grouping": "Expansions inside an AND printed without parentheses",
  "literal-expansion-wildcards": "Wildcards of case-sensitive expansions compared as literal text",
  "keyword-or-dropped": "Keywords OR-ed with other conditions silently AND-ed",
  "line-filter-regex-flags": "Inferred line filters that drop a regex's flags",
  "nul-escaped": "NUL characters written raw",
  "reference-refuses-correlation": "The reference refuses, we convert (correlation types and multi-rule searches)",
  "dotall-wildcards": "Wildcards and `re` searches that stop at a newline",
  "encoded-keywords": "Keywords searched as plain text in JSON / logfmt lines",
  "keyword-line-label": "Keywords combined with other conditions: the reference refuses, we convert",
} as const;

/** A bug class id. */
export type BugClass = keyof typeof BUG_CLASSES;

/** Outcome of comparing one expected query with ours under the accepted rewrites. */
export type QueryMatch =
  | { readonly kind: "equivalent" }
  | { readonly kind: "accepted"; readonly classes: readonly BugClass[] }
  | { readonly kind: "differ" };

const FLAG_GROUP = /^(?:\(\?[a-zA-Z]+\))+/;

/** The alternatives of a regex's top-level `|` (outside groups and character classes); one when it has none. */
function topLevelAlternatives(pattern: string): string[] {
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
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
    else if (ch === "|" && depth === 0) {
      alternatives.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(pattern.slice(start));
  return alternatives;
}

/** True when a regex has a `|` outside groups and classes. */
function hasTopLevelAlternation(pattern: string): boolean {
  return topLevelAlternatives(pattern).length > 1;
}

/** Whether `body` ends with `suffix` whose first character is not escaped by a backslash. */
function endsWithUnescaped(body: string, suffix: string): boolean {
  if (!body.endsWith(suffix)) return false;
  let backslashes = 0;
  for (let i = body.length - suffix.length - 1; i >= 0 && body[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * The documented anchored-label-regex rewrite of a `re` value `R`: `.*R.*`, or `.*(?:R).*` when
 * `R` has a top-level `|`; no `.*` on a side anchored with `^` / `$` (outside such an
 * alternation, where an anchor binds one alternative only); leading flag groups stay in front.
 */
export function anchorLabelRegex(pattern: string): string {
  const flags = FLAG_GROUP.exec(pattern)?.[0] ?? "";
  const body = pattern.slice(flags.length);
  const grouped = hasTopLevelAlternation(body);
  const core = grouped ? `(?:${body})` : body;
  // A side that already is `.*` gets no second one (outside a top-level alternation).
  // An anchor inside a top-level alternation binds one alternative only: a grouped body gets both.
  const start = !grouped && (body.startsWith("^") || body.startsWith(".*")) ? "" : ".*";
  const end = !grouped && (endsWithUnescaped(body, "$") || endsWithUnescaped(body, ".*")) ? "" : ".*";
  return `${flags}${start}${core}${end}`;
}

/** The content of a quoted LogQL string (`` `raw` `` or `"escaped"`: the escapes the backends write). */
function unquote(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  return literal
    .slice(1, -1)
    .replace(/\\(["\\n]|x[0-9a-fA-F]{2})/g, (_m, e: string) =>
      e === "n" ? "\n" : e.startsWith("x") ? String.fromCharCode(parseInt(e.slice(1), 16)) : e,
    );
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
  const encoding = queryLineEncoding(actual);
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
    let av = unquote(as.text);
    const decoded = depth === 0 && LINE_FILTER_OP.test(before) ? undoLineEncodings(av, encoding, isRegex, ev) : undefined;
    if (decoded !== undefined && decoded !== av) {
      used.add("encoded-keywords");
      av = decoded;
    }
    // A raw NUL (Loki: "invalid character NUL") written as the escape \x00 in a double-quoted string.
    if (es.text.startsWith("`") && ev.includes("\0") && as.text.startsWith('"')) used.add("nul-escaped");
    if (ev === av) continue;
    if (isLabelRegex && av === anchorLabelRegex(ev)) used.add("anchored-label-regex");
    else if (isRegex && matchesEscapedWildcardRegex(ev, av)) used.add("escaped-wildcards");
    else if (!isRegex && /(=|!=|\|=)$/.test(before) && matchesEscapedWildcardPlain(ev, av)) used.add("escaped-wildcards");
    else return undefined;
  }
  return [...used];
}

/**
 * Multi-line values: ours writes Sigma's wildcards, and the search wrappers of `re` values, as
 * `(?s:.*)` / `(?s:.)` where Loki's `.` would stop at a newline; written back as `.*` / `.`
 * they are the reference's.
 */
export function undoDotAll(regex: string): string {
  return regex.replaceAll("(?s:.*)", ".*").replaceAll("(?s:.)", ".");
}

/** A query with {@link undoDotAll} applied to its regex values (after `=~`, `!~`, `|~`) and nothing else. */
export function undoDotAllInQuery(query: string): string {
  const segments = splitQuoted(query);
  return segments
    .map((s, i) => {
      const before = (segments[i - 1]?.text ?? "").replace(/\s+/g, "");
      return s.quoted && /(?:=~|!~|\|~)$/.test(before) ? undoDotAll(s.text) : s.text;
    })
    .join("");
}

/** The operators of line filters. */
const LINE_FILTER = String.raw`(?:\|=|!=|\|~|!~)`;

/** The operator of a line filter, as the normalised text before its value ends (`}|~`, `` `|= ``). */
const LINE_FILTER_OP = new RegExp(String.raw`(?:^|\})${LINE_FILTER}$`);

/** A parser stage after line filters only (quoted values written `Q`). */
const PARSER_AFTER_LINE_FILTERS = new RegExp(String.raw`^(?:${LINE_FILTER}(?:Q|ip\(Q\)))*\|(json|logfmt)(?![A-Za-z0-9_-])`);

/**
 * Where the stream selector of a normalised query ends (just after its `}`; braces inside quoted
 * values do not count), or undefined when it has none.
 */
function selectorEnd(norm: string): number | undefined {
  let depth = 0;
  let at = 0;
  for (const segment of splitQuoted(norm)) {
    if (!segment.quoted) {
      for (let i = 0; i < segment.text.length; i++) {
        const ch = segment.text[i];
        if (ch === "{") depth++;
        else if (ch === "}" && --depth === 0) return at + i + 1;
      }
    }
    at += segment.text.length;
  }
  return undefined;
}

/** How a normalised query's parser says lines are encoded: the first stage after the line filters. */
function queryLineEncoding(norm: string): "json" | "logfmt" | undefined {
  const afterSelector = splitQuoted(norm.slice(selectorEnd(norm) ?? 0))
    .map((s) => (s.quoted ? "Q" : s.text))
    .join("");
  const parser = PARSER_AFTER_LINE_FILTERS.exec(afterSelector)?.[1];
  return parser === "json" || parser === "logfmt" ? parser : undefined;
}

/** The JSON forms of `<`, `>`, `&` and U+2028/9 ours searches besides the character (as regexes). */
const JSON_HTML_FORMS: readonly (readonly [string, string])[] = [
  ["(?:<|\\\\u003c)", "<"],
  ["(?:>|\\\\u003e)", ">"],
  ["(?:\\&|\\\\u0026)", "\\&"],
  ["(?:\u2028|\\\\u2028)", "\u2028"],
  ["(?:\u2029|\\\\u2029)", "\u2029"],
];

/**
 * Encoded keywords: ours searches a keyword's text in the form the query's parser reads it in
 * (JSON: `\` → `\\`, `"` → `\"`, `<` → `<` or `\u003c`, …; logfmt: as it is or quoted with `\`
 * and `"` escaped). Written back as the plain text: the reference's value, or undefined when
 * `value` is not such an encoding (a `re` keyword, a control character).
 */
export function undoLineEncoding(value: string, encoding: "json" | "logfmt", isRegex: boolean): string | undefined {
  if (encoding === "logfmt") return isRegex ? undoLogfmtRegex(value) : value;
  // The escaped backslash of the text, as a regex (`\\`) or as text (`\`).
  const slash = isRegex ? "\\\\" : "\\";
  let out = "";
  for (let i = 0; i < value.length; ) {
    const form = isRegex ? JSON_HTML_FORMS.find(([f]) => value.startsWith(f, i)) : undefined;
    if (form !== undefined) {
      out += form[1];
      i += form[0].length;
    } else if (value.startsWith(slash, i)) {
      const next = value.slice(i + slash.length);
      if (next.startsWith(slash)) out += slash;
      else if (next.startsWith('"')) out += '"';
      else return undefined;
      i += slash.length + (next.startsWith(slash) ? slash.length : 1);
    } else if (isRegex && value[i] === "\\") {
      out += value.slice(i, i + 2);
      i += 2;
    } else {
      out += value[i];
      i++;
    }
  }
  return out;
}

/**
 * {@link undoLineEncoding} with the encoding of the query's parser. A query of keywords only has
 * no parser stage (the rule's still decides the encoding): the encoding that gives the reference's
 * value back is taken, else the first that decodes.
 */
function undoLineEncodings(value: string, encoding: "json" | "logfmt" | undefined, isRegex: boolean, reference: string): string | undefined {
  const tries = encoding === undefined ? (["json", "logfmt"] as const) : [encoding];
  const decoded = tries.map((e) => undoLineEncoding(value, e, isRegex)).filter((d) => d !== undefined && d !== value);
  return decoded.find((d) => d === reference) ?? decoded[0];
}

/** A quoted logfmt value's text: `\`, `"` and control characters escaped. */
function logfmtQuoted(text: string): string {
  const short: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return text.replace(/[\\"\x00-\x1f]/g, (ch) =>
    ch === "\\" || ch === '"' ? `\\${ch}` : (short[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/** `(?:T|Q)` groups where `Q` is the quoted-logfmt form of the escaped text `T`, written back as `T`. */
function undoLogfmtRegex(regex: string): string {
  // An escaped text is escapes and characters other than the regex operators.
  return regex.replace(/\(\?:((?:\\.|[^\\()[\]|])*)\|((?:\\.|[^\\()[\]|])*)\)/g, (group, raw: string, quoted: string) => {
    const text = raw.replace(/\\(.)/gs, "$1");
    return quoted === pyReEscape(logfmtQuoted(text)) && quoted !== raw ? raw : group;
  });
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
  { id: "literal-expansion-wildcards", rewrite: rewriteLiteralWildcards },
  { id: "line-filter-regex-flags", rewrite: rewriteLineFilterFlags },
];

/** Python's `re.escape` (3.7+): a backslash before each of `()[]{}?*+-|^$\.&~#`, space and \t\n\r\v\f. */
export function pyReEscape(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (ch) => `\\${ch}`);
}

/**
 * The reference's regex for a Sigma string with wildcards (§5.4): `(?i)`, `^` unless it starts
 * with `*`, the escaped text with `*` → `.*` and `?` → `.`, `$` unless it ends with `*`.
 */
export function wildcardStringRegex(value: string): string {
  const body = [...value].map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : pyReEscape(ch))).join("");
  return `(?i)${value.startsWith("*") ? "" : "^"}${body}${value.endsWith("*") ? "" : "$"}`;
}

/** A backtick value with a wildcard and no backslash (so no escaped, literal `*` / `?`). */
function isLiteralWildcardValue(segment: QuerySegment | undefined): boolean {
  return segment !== undefined && segment.quoted && segment.text.startsWith("`") && /[*?]/.test(segment.text) && !segment.text.includes("\\");
}

/**
 * Case-sensitive expansions: the reference prints a windash / base64offset value with wildcards
 * as a plain label filter (``f=`*-enc *` ``, never equal to a real value); the correct filter is
 * the regex it prints for the same string outside an expansion (``f=~`(?i).*\-enc\ .*` ``).
 */
function rewriteLiteralWildcards(query: string): string {
  const segments = splitQuoted(query);
  let depth = 0;
  return segments
    .map((s, i) => {
      if (s.quoted) {
        const before = segments[i - 1]?.text ?? "";
        return depth === 0 && /[A-Za-z0-9_]!?=$/.test(before) && isLiteralWildcardValue(s) ? `\`${wildcardStringRegex(unquote(s.text))}\`` : s.text;
      }
      depth = braceDepth(s.text, depth);
      if (depth !== 0 || !isLiteralWildcardValue(segments[i + 1])) return s.text;
      return s.text.replace(/([A-Za-z0-9_])(!?=)$/, (_m, last: string, op: string) => `${last}${op === "=" ? "=~" : "!~"}`);
    })
    .join("");
}

/**
 * `add_line_filters` with a flagged regex (`re|i`): the reference infers the line filter from the
 * regex without its flags (``|~ `R` `` next to ``f=~`(?i)R` ``), a filter that drops lines the
 * query matches; the correct filter keeps them (``|~ `(?i)R` ``). Only a backtick line-filter regex
 * that some label-filter regex of the same query equals once its leading flag group is removed.
 */
function rewriteLineFilterFlags(query: string): string {
  const segments = splitQuoted(query);
  const labelRegexes = segments.flatMap((s, i) =>
    s.quoted && /[A-Za-z0-9_](?:=~|!~)$/.test(segments[i - 1]?.text ?? "") ? [unquote(s.text)] : [],
  );
  return segments
    .map((s, i) => {
      if (!s.quoted || !s.text.startsWith("`") || !/(?:^|\s)(?:\|~|!~)\s*$/.test(segments[i - 1]?.text ?? "")) return s.text;
      const pattern = unquote(s.text);
      if (FLAG_GROUP.test(pattern)) return s.text;
      const flagged = labelRegexes.find((r) => {
        const flags = FLAG_GROUP.exec(r)?.[0];
        return flags !== undefined && r === flags + pattern;
      });
      return flagged === undefined ? s.text : `\`${flagged}\``;
    })
    .join("");
}

/** Applies `fn` to the text outside quoted strings. */
function rewriteUnquoted(query: string, fn: (text: string) => string): string {
  return splitQuoted(query)
    .map((s) => (s.quoted ? s.text : fn(s.text)))
    .join("");
}

/** The reference query with the deterministic rewrites of QUERY_REWRITES applied, and their classes. */
export function correctReference(expected: string): { corrected: string; classes: BugClass[] } {
  const classes: BugClass[] = [];
  let corrected = expected;
  for (const { id, rewrite } of QUERY_REWRITES) {
    const next = rewrite(corrected);
    if (next !== corrected) {
      classes.push(id);
      corrected = next;
    }
  }
  return { corrected, classes };
}

/**
 * Compares one reference query with ours: equivalent, accepted (with the classes used) or
 * different. Accepted means the reference, with its bugs' deterministic rewrites applied, equals
 * ours up to the quoted-value rewrites, possibly after turning ours back into the reference's wrong
 * structure (label_format layout, expansion parentheses; ./structure.ts).
 */
export function matchQuery(expected: string, actual: string): QueryMatch {
  if (normalizeQuery(expected) === normalizeQuery(actual)) return { kind: "equivalent" };
  // Every later comparison sees ours with its dot-all wildcards written back as the reference's.
  const written = undoDotAllInQuery(actual);
  const writtenNorm = normalizeQuery(written);
  const dotAll: BugClass[] = written === actual ? [] : ["dotall-wildcards"];
  const { corrected, classes } = correctReference(expected);
  const correctedNorm = normalizeQuery(corrected);
  const layout = referenceLabelFormatLayout(written);
  const candidates: Rewritten[] = [{ query: writtenNorm, classes: [] }];
  if (layout !== undefined) candidates.push({ query: normalizeQuery(layout.query), classes: layout.classes });
  for (const candidate of candidates) {
    const grouped = withoutExpansionParens(correctedNorm, candidate.query);
    const variants = grouped === undefined ? [candidate] : [candidate, { query: grouped.query, classes: [...candidate.classes, ...grouped.classes] }];
    for (const variant of variants) {
      const quoted = matchQuotedRewrites(correctedNorm, variant.query);
      if (quoted === undefined) continue;
      const all = new Set<BugClass>([...classes, ...variant.classes, ...dotAll, ...quoted]);
      if (all.size > 0) return { kind: "accepted", classes: [...all] };
    }
  }
  const lineLabel = keywordLineLabelClass(correctedNorm, writtenNorm);
  return lineLabel === undefined ? { kind: "differ" } : { kind: "accepted", classes: [...classes, ...dotAll, lineLabel] };
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
  /** The reference's error type (Python class name), when it raised. */
  readonly expectedErrorType?: string | undefined;
  readonly actualQueries: readonly string[] | undefined;
  readonly actualError: string | undefined;
}

/** A label filter without a name in the reference (`| =~…`, `and =~…`): from an empty field name. */
const NAMELESS_LABEL_FILTER = /(?:\||\(|\sand|\sor)\s*(?:=~|!~|!=|=)$/;

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
    // Reference: its error for keywords OR-ed with field conditions or AND-ed inside an OR; ours:
    // queries that search those keywords on the line label.
    id: "keyword-line-label",
    accepts: (o) =>
      /^Operator 'or' not supported by the backend for unbound conditions combined with (?:field conditions|'and')$/.test(o.expectedError ?? "") &&
      (o.actualQueries ?? []).length > 0 &&
      (o.actualQueries ?? []).every((q) => lineLabelOf(q) !== undefined),
  },
  { id: "reference-refuses-correlation", accepts: convertsRefusedCorrelation },
];

/** The reference's NotImplementedError for a correlation type or a search over several rules or queries. */
const REFUSED_CORRELATION = /^(?:Correlation rule type '[a-z_]+' is not supported by backend\.|Multi-rule correlation search expressions are not supported by the backend\.)$/;

/**
 * The reference refused a correlation; we converted the file: every query valid LogQL, and at
 * least one a metric query (a log query starts with its stream selector `{`).
 */
function convertsRefusedCorrelation(o: Outcomes): boolean {
  const queries = o.actualQueries ?? [];
  return (
    o.expectedErrorType === "NotImplementedError" &&
    REFUSED_CORRELATION.test(o.expectedError ?? "") &&
    o.actualError === undefined &&
    queries.length > 0 &&
    queries.every((q) => validateLogQL(q).length === 0) &&
    queries.some((q) => !q.trimStart().startsWith("{"))
  );
}

/** The stage that sets the line label (`| label_format sigma_line=`{{ __line__ }}``), normalised. */
const LINE_LABEL_STAGE = /\|label_format(sigma_line(?:_\d+)?)=`\{\{ __line__ \}\}`/;

/** The line label a query sets, if any. */
export function lineLabelOf(query: string): string | undefined {
  return LINE_LABEL_STAGE.exec(normalizeQuery(query))?.[1];
}

/** The quoted values of a normalised query with the unquoted text just before each. */
function quotedValues(norm: string): { readonly before: string; readonly value: string }[] {
  const segments = splitQuoted(norm);
  return segments.flatMap((s, i) => (s.quoted ? [{ before: segments[i - 1]?.text ?? "", value: unquote(s.text) }] : []));
}

/**
 * Keywords the reference turns into line filters every line must pass although the condition
 * ORs them with other conditions (`keyword-or-dropped`) or negates their AND as one alternation
 * (`not-kw-and-kw`); ours searches them on the line label inside the label filter expression.
 * Accepted when ours has the same stream selector, sets the line label, searches each alternative
 * of each of the reference's line filters there (`sigma_line=~`(?i).*alt.*``), and keeps every
 * other quoted value of the reference. Both queries normalised.
 */
function keywordLineLabelClass(expected: string, actual: string): BugClass | undefined {
  const label = LINE_LABEL_STAGE.exec(actual)?.[1];
  if (label === undefined || !lineFilterFirst(expected)) return undefined;
  const selector = (norm: string): string => norm.slice(0, selectorEnd(norm) ?? 0);
  if (selector(expected) !== selector(actual)) return undefined;
  const ours = quotedValues(actual);
  const onLabel = ours.filter((v) => v.before.endsWith(`${label}=~`) || v.before.endsWith(`${label}!~`)).map((v) => v.value);
  const reference = quotedValues(expected);
  const keywords = reference.filter((v) => LINE_FILTER_OP.test(v.before));
  for (const { before, value } of keywords) {
    const regex = /[|!]~$/.test(before);
    const alternatives = regex ? topLevelAlternatives(value.replace(FLAG_GROUP, "")) : [pyReEscape(value)];
    if (!alternatives.every((alt) => onLabel.some((v) => v.includes(alt)))) return undefined;
  }
  const kept = reference.filter((v) => !keywords.includes(v)).every((r) => ours.some((o) => o.value === r.value));
  if (!kept) return undefined;
  // A negated line filter alternation (`!~ `a|b``) is the reference's `not (kw and kw)` rendering.
  const negated = keywords.some((k) => k.before.endsWith("!~") && hasTopLevelAlternation(k.value));
  return negated ? "not-kw-and-kw" : "keyword-or-dropped";
}

const LINE_FILTER_FIRST = new RegExp(`^${LINE_FILTER}`);

/** Whether a normalised query's first stage after the stream selector is a line filter (a keyword). */
function lineFilterFirst(norm: string): boolean {
  const end = selectorEnd(norm);
  return end !== undefined && LINE_FILTER_FIRST.test(norm.slice(end));
}

/** {@link lineFilterFirst} of any query. */
export function startsWithLineFilter(query: string): boolean {
  return lineFilterFirst(normalizeQuery(query));
}

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
