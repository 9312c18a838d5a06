/**
 * Keywords (unbound values) → line filters (§5.5).
 */
import { assertNoPlaceholder, type NormalisedKeywordLeaf } from "@sigma/backend";
import {
  SigmaFeatureNotSupportedByBackendError,
  SigmaValueError,
  containsWildcard,
  sigmaStringPlainText,
  type SigmaValue,
  type SourceLocation,
} from "@sigma/core";
import type { LineFilter } from "../logql/ast.js";
import { formatNumber } from "../logql/number.js";
import { writableNumber } from "../logql/values.js";
import { pythonReEscape, splitFlagPrefix, stripOuterWildcards } from "../regex/escape.js";
import { assertRe2 } from "./fields.js";
import { regexBody } from "./string-regex.js";

/** A keyword as text to search: plain or regex, and whether the match ignores case. */
type KeywordPattern =
  | { readonly kind: "plain"; readonly text: string }
  | { readonly kind: "regex"; readonly body: string; readonly caseInsensitive: boolean; readonly flags: string };

function keywordPattern(value: SigmaValue, caseSensitive: boolean, location?: SourceLocation): KeywordPattern {
  switch (value.type) {
    case "string": {
      assertNoPlaceholder(value, location);
      if (!containsWildcard(value) && (value.cased || caseSensitive)) return { kind: "plain", text: sigmaStringPlainText(value) };
      const body = regexBody(value);
      return { kind: "regex", body, caseInsensitive: !value.cased, flags: "" };
    }
    case "number":
      return { kind: "plain", text: formatNumber(writableNumber(value.value, location)) };
    case "bool":
      return keywordPattern({ type: "string", parts: [value.value ? "true" : "false"], cased: false }, caseSensitive, location);
    case "regex": {
      const [flags, body] = splitFlagPrefix((value.flags.length > 0 ? `(?${value.flags.join("")})` : "") + value.pattern);
      return { kind: "regex", body, caseInsensitive: /^\(\?[a-z]*i[a-z]*\)/.test(flags), flags };
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

function regexText(p: Extract<KeywordPattern, { kind: "regex" }>): string {
  if (p.flags) return p.flags + p.body;
  return (p.caseInsensitive ? "(?i)" : "") + p.body;
}

/** Converts one keyword leaf into a line filter; `undefined` when it matches every line (`*`). */
export function convertKeywordLeaf(leaf: NormalisedKeywordLeaf, caseSensitive: boolean): LineFilter | undefined {
  const location = leaf.item.location;
  const p = keywordPattern(leaf.value, caseSensitive, location);
  if (p.kind === "plain") return { kind: "line_filter", op: leaf.negated ? "!=" : "|=", value: p.text };
  // Line filters search substrings: outer `.*` only slow Loki down.
  const re = stripOuterWildcards(regexText(p));
  if (re === "" || splitFlagPrefix(re)[1] === "") return undefined;
  assertRe2(re, location);
  return { kind: "line_filter", op: leaf.negated ? "!~" : "|~", value: re };
}

/**
 * Converts an OR of keyword leaves into one regex line filter `|~ `(?i)a|b``: strings escaped,
 * wildcards converted, a single `(?i)` in front when any alternative ignores case.
 */
export function convertKeywordAlternation(leaves: readonly NormalisedKeywordLeaf[], caseSensitive: boolean): LineFilter {
  const alternatives: string[] = [];
  let anyCaseInsensitive = false;
  for (const leaf of leaves) {
    const p = keywordPattern(leaf.value, caseSensitive, leaf.item.location);
    if (p.kind === "plain") {
      alternatives.push(pythonReEscape(p.text));
      continue;
    }
    if (p.caseInsensitive) anyCaseInsensitive = true;
    // Other flags than i cannot be shared by all alternatives: keep them as a local group.
    const otherFlags = p.flags.replace(/[()?i]/g, "");
    alternatives.push(otherFlags ? `(?${otherFlags}:${p.body})` : p.body);
  }
  const re = (anyCaseInsensitive ? "(?i)" : "") + alternatives.join("|");
  assertRe2(re, leaves[0]?.item.location);
  return { kind: "line_filter", op: "|~", value: re };
}
