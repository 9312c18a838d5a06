/**
 * Keywords (unbound values) → line filters (§5.5), or → filters on the line label (./line-label.ts)
 * where line filters cannot express the condition. A keyword searches the raw line: its text
 * anywhere in it, ignoring case unless `cased` / `case_sensitive`; `*` and `?` also match newlines
 * (a raw line that is not JSON can hold them), and where the parser says how lines are encoded,
 * the text is searched in its encoded forms (../regex/line-encoding.ts). A `re` keyword is the
 * author's regex over the raw line, run as written.
 */
import { assertNoPlaceholder, type NormalisedKeywordLeaf } from "@sigma/backend";
import {
  SigmaFeatureNotSupportedByBackendError,
  SigmaValueError,
  containsWildcard,
  endsWithWildcard,
  plainSigmaString,
  sigmaStringFromParts,
  sigmaStringPlainText,
  startsWithWildcard,
  wildcardMulti,
  type SigmaStringValue,
  type SigmaValue,
  type SourceLocation,
} from "@sigma/core";
import type { LabelFilterExpr, LineFilter } from "../logql/ast.js";
import { formatNumber } from "../logql/number.js";
import { writableNumber } from "../logql/values.js";
import { anchorForLabelFilter, splitFlagPrefix, stripOuterWildcards } from "../regex/escape.js";
import { encodedTextRegex, soleEncodedText, type LineEncoding } from "../regex/line-encoding.js";
import { assertRe2 } from "./fields.js";
import { labelRegex, regexBody } from "./string-regex.js";

/** What decides how the keywords of one query are written. */
export interface KeywordOptions {
  readonly caseSensitive: boolean;
  /** How the query's parser says lines are encoded; undefined: as they are. */
  readonly encoding: LineEncoding | undefined;
}

/**
 * A keyword as text to search: a Sigma string (numbers and booleans as their text), searched as
 * plain text when it has no wildcard and keeps its case; or a `re` pattern with its flag groups.
 */
type Keyword =
  | { readonly kind: "string"; readonly value: SigmaStringValue; readonly plain: boolean }
  | { readonly kind: "regex"; readonly pattern: string; readonly caseInsensitive: boolean };

function keyword(value: SigmaValue, caseSensitive: boolean, location?: SourceLocation): Keyword {
  switch (value.type) {
    case "string":
      assertNoPlaceholder(value, location);
      return { kind: "string", value, plain: !containsWildcard(value) && (value.cased || caseSensitive) };
    case "number":
      return { kind: "string", value: plainSigmaString(formatNumber(writableNumber(value.value, location)), true), plain: true };
    case "bool":
      return keyword(plainSigmaString(value.value ? "true" : "false"), caseSensitive, location);
    case "regex": {
      const pattern = (value.flags.length > 0 ? `(?${value.flags.join("")})` : "") + value.pattern;
      return { kind: "regex", pattern, caseInsensitive: /^\(\?[a-z]*i[a-z]*\)/.test(splitFlagPrefix(pattern)[0]) };
    }
    case "cidr":
      throw new SigmaValueError("CIDR values can't appear as standalone value without a field name.", location);
    default:
      throw new SigmaFeatureNotSupportedByBackendError(
        `Keyword values of type '${value.type}' are not supported by the backend: they need a field name`,
        location,
      );
  }
}

/** The search regex of a string keyword: `(?i)` unless it keeps its case, inner wildcards matching newlines. */
function stringSearchRegex(k: Extract<Keyword, { kind: "string" }>, encoding: LineEncoding | undefined): string {
  return (k.value.cased ? "" : "(?i)") + regexBody(k.value, "inner", encoding);
}

/** Converts one keyword leaf into a line filter; `undefined` when it matches every line (`*`). */
export function convertKeywordLeaf(leaf: NormalisedKeywordLeaf, options: KeywordOptions): LineFilter | undefined {
  const location = leaf.item.location;
  const k = keyword(leaf.value, options.caseSensitive, location);
  if (k.kind === "string" && k.plain) {
    const text = sigmaStringPlainText(k.value);
    const sole = soleEncodedText(text, options.encoding);
    if (sole !== undefined) return { kind: "line_filter", op: leaf.negated ? "!=" : "|=", value: sole };
    const re = encodedTextRegex(text, options.encoding);
    assertRe2(re, location);
    return { kind: "line_filter", op: leaf.negated ? "!~" : "|~", value: re };
  }
  // Line filters search substrings: outer `.*` only slow Loki down.
  const re = stripOuterWildcards(k.kind === "regex" ? k.pattern : stringSearchRegex(k, options.encoding));
  if (re === "" || splitFlagPrefix(re)[1] === "") return undefined;
  assertRe2(re, location);
  return { kind: "line_filter", op: leaf.negated ? "!~" : "|~", value: re };
}

/**
 * Converts an OR of keyword leaves into one regex line filter `|~ `(?i)a|b``: strings escaped,
 * wildcards converted, a single `(?i)` in front when any alternative ignores case.
 */
export function convertKeywordAlternation(leaves: readonly NormalisedKeywordLeaf[], options: KeywordOptions): LineFilter {
  const alternatives: string[] = [];
  let anyCaseInsensitive = false;
  for (const leaf of leaves) {
    const k = keyword(leaf.value, options.caseSensitive, leaf.item.location);
    if (k.kind === "string") {
      if (!k.plain) anyCaseInsensitive ||= !k.value.cased;
      alternatives.push(
        k.plain ? encodedTextRegex(sigmaStringPlainText(k.value), options.encoding) : regexBody(k.value, "inner", options.encoding),
      );
      continue;
    }
    const [flags, body] = splitFlagPrefix(k.pattern);
    if (k.caseInsensitive) anyCaseInsensitive = true;
    // Other flags than i cannot be shared by all alternatives: keep them as a local group.
    const otherFlags = flags.replace(/[()?i]/g, "");
    alternatives.push(otherFlags ? `(?${otherFlags}:${body})` : body);
  }
  const re = (anyCaseInsensitive ? "(?i)" : "") + alternatives.join("|");
  assertRe2(re, leaves[0]?.item.location);
  return { kind: "line_filter", op: "|~", value: re };
}

/** `*value*`: a string that matches where the keyword occurs in a whole line. */
function searchString(v: SigmaStringValue): SigmaStringValue {
  if (v.parts.length === 0) return sigmaStringFromParts([wildcardMulti], v.cased);
  const start = startsWithWildcard(v) ? [] : [wildcardMulti];
  const end = endsWithWildcard(v) ? [] : [wildcardMulti];
  return sigmaStringFromParts([...start, ...v.parts, ...end], v.cased);
}

/**
 * Converts one keyword leaf into a filter on the line label `label` (a label holding the whole
 * line): the keyword's search as a whole-value regex, written as field values are.
 */
export function keywordLabelFilter(leaf: NormalisedKeywordLeaf, label: string, options: KeywordOptions): LabelFilterExpr {
  const location = leaf.item.location;
  const k = keyword(leaf.value, options.caseSensitive, location);
  const re =
    k.kind === "regex"
      ? anchorForLabelFilter(k.pattern)
      : labelRegex(searchString(k.value), !k.plain && !k.value.cased, { encoding: options.encoding });
  assertRe2(re, location);
  return { kind: "string_filter", label, op: leaf.negated ? "!~" : "=~", value: re };
}
