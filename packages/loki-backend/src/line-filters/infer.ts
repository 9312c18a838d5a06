/**
 * `add_line_filters` (§5.7): infer one line filter from the label filters, so that Loki can drop
 * most lines before parsing them. The filter is implied by the query, so results do not change.
 */
import { isNormalisedLeaf, type NormalisedLeaf, type NormalisedTree } from "@sigma/backend";
import { containsWildcard, sigmaStringPlainText, type SigmaValue } from "@sigma/core";
import type { LineFilter } from "../logql/ast.js";
import { formatNumber } from "../logql/number.js";
import { splitFlagPrefix } from "../regex/escape.js";
import { labelRegex } from "../convert/string-regex.js";
import { longestCommonSubstring } from "./difflib.js";

type Candidate =
  | { readonly kind: "str"; readonly text: string; readonly negated: boolean }
  | { readonly kind: "regex"; readonly text: string; readonly negated: boolean }
  | { readonly kind: "cidr"; readonly text: string; readonly negated: boolean };

/** How candidates are made: the parser decides whether `field=value` appears in the line. */
export interface InferOptions {
  /** The built-in logfmt parser is used (a custom `loki_parser` never counts as logfmt). */
  readonly logfmt: boolean;
  readonly caseSensitive: boolean;
}

/** The inferred line filter for a (keyword-free) condition, or `undefined`. */
export function inferLineFilter(tree: NormalisedTree, options: InferOptions): LineFilter | undefined {
  const c = candidate(tree, options);
  if (!c) return undefined;
  switch (c.kind) {
    case "str":
      return { kind: "line_filter", op: c.negated ? "!=" : "|=", value: c.text };
    case "regex":
      return { kind: "line_filter", op: c.negated ? "!~" : "|~", value: c.text };
    case "cidr":
      return { kind: "line_filter_ip", op: c.negated ? "!=" : "|=", cidr: c.text };
  }
}

function candidate(t: NormalisedTree, options: InferOptions): Candidate | undefined {
  if (isNormalisedLeaf(t)) return leafCandidate(t, options);
  if (t.expansion) return undefined; // one value for the reference: not a string
  const children = t.args.map((a) => candidate(a, options));
  if (t.type === "and") {
    let best: Candidate | undefined;
    for (const c of children) if (c && (!best || length(c.text) > length(best.text))) best = c;
    return best;
  }
  const texts: string[] = [];
  for (const c of children) {
    if (!c || c.kind !== "str" || c.negated) return undefined;
    texts.push(c.text);
  }
  const common = longestCommonSubstring(texts);
  return common === "" ? undefined : { kind: "str", text: common, negated: false };
}

function length(s: string): number {
  return Array.from(s).length;
}

function leafCandidate(l: NormalisedLeaf, options: InferOptions): Candidate | undefined {
  if (l.type !== "field") return undefined;
  const field = l.field;
  const v = l.value;
  if (v.type === "string" && (containsWildcard(v) || (!v.cased && !options.caseSensitive))) {
    // Such strings become `(?i)^…$` regexes: their line filter is that regex without anchors. Its
    // inner wildcards match newlines as the label filter's do (the outer ones search anyway).
    return { kind: "regex", text: unanchor(labelRegex(v, !v.cased, { dotAll: "inner" })), negated: l.negated };
  }
  if (v.type === "regex") {
    const flags = v.flags.length > 0 ? `(?${v.flags.join("")})` : "";
    return { kind: "regex", text: unanchor(flags + v.pattern), negated: l.negated };
  }
  if (v.type === "cidr") return { kind: "cidr", text: `${v.network}/${v.prefixLength}`, negated: l.negated };
  const text = scalarText(v);
  if (text === undefined) return undefined;
  if (options.logfmt) return { kind: "str", text: `${field}=${text}`, negated: l.negated };
  if (v.type === "null" || l.negated) return undefined;
  return { kind: "str", text, negated: false };
}

function scalarText(v: SigmaValue): string | undefined {
  switch (v.type) {
    case "string":
      return sigmaStringPlainText(v);
    case "number":
      return formatNumber(v.value);
    case "bool":
      return v.value ? "true" : "false";
    case "null":
      return "";
    default:
      return undefined;
  }
}

/** Removes a leading `^` (after flag groups) and a trailing `$`, unless nothing would be left. */
function unanchor(re: string): string {
  const [flags, body] = splitFlagPrefix(re);
  if (body === "^$") return re;
  let b = body.startsWith("^") ? body.slice(1) : body;
  if (b.endsWith("$")) b = b.slice(0, -1);
  return flags + b;
}
