/**
 * The reference's own test rules and the modifier rules (fixtures/conformance/cases/{features,
 * correlations}) against its recorded outputs (expected/default.jsonl). A case may differ only
 * where the reference is wrong; each such case is listed with its bug class and the corrected
 * output, written as edits of the reference's query.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateLogQL } from "../src/validate/index.js";
import { FIXTURES, convertFile, equivalent, loadExpected, normaliseQuery } from "./helpers/conformance.js";

type Accepted =
  | { readonly class: string; readonly edits: readonly (readonly [string, string])[] }
  | { readonly class: string; readonly error: string }
  /** The reference refused (NotImplementedError); we convert: our exact queries are golden. */
  | { readonly class: string; readonly golden: true }
  /** Where the reference refuses or its query has another shape: our queries, exactly. */
  | { readonly class: string; readonly queries: readonly string[] };

const RE = "issue 9: label regex searches";
const NUM = "numeric keyword quoted";
const FIELDREF = "fieldref keeps its place in the boolean expression";
const DATE = "timestamp part compared numerically (zero-padded)";
const ML = "issue 15: wildcards and re wrappers match newlines, (?s:.*) / (?s:.)";
const RE_ML = `${RE}; ${ML}`;
const ENC = "issue 15: keywords search the forms their text takes in the parser's lines";
const ML_ENC = `${ML}; ${ENC}`;
const LL = "issue 15: keywords combined with other conditions go through the line label (the reference refuses)";
const NOT_KW = "not (kw1 and kw2) through the line label (the reference: not kw1 and not kw2)";
const reTilde: Accepted = { class: RE, edits: [['fieldA=~"value`A"', 'fieldA=~".*value`A.*"']] };
const reTildeDq: Accepted = { class: RE, edits: [['fieldA=~"v\\"alue`A"', 'fieldA=~".*v\\"alue`A.*"']] };
const unboundNum: Accepted = { class: NUM, edits: [["|= 100", "|= `100`"]] };
const fieldrefOr: Accepted = { class: FIELDREF, edits: [["match_0=`true` and match_1!=`true`", "match_0=`true` or match_1!=`true`"]] };
// Also a FIELDREF case: `selection or not neg` keeps its OR.
/** A raw NUL (Loki: "invalid character NUL") written as the escape \x00, in both filters of the query. */
function nulEscaped(raw: string): Accepted {
  const escaped = `"${raw.slice(1, -1).replaceAll("\0", "\\x00")}"`;
  return { class: "NUL written as an escape", edits: [[raw, escaped], [raw, escaped]] };
}
const datePart: Accepted = { class: `${DATE}; ${FIELDREF}`, edits: [["date_0=`1` and date_1!=`1`", "date_0=1 or date_1!=1"]] };

const REFUSED = "the reference refuses, we convert";
/** Correlations the reference refuses (its NotImplementedError for the type or the multi-rule search). */
const REFUSED_CASES = [
  "test_collection__rules_with_correlation.yml",
  "test_collection__test_disable_resolve_references.yml",
  "test_conversion_correlations__temporal_correlation_rule.yml",
  "test_conversion_correlations__test_finish_query_temporal_correlation_with_subqueries.yml",
  "test_conversion_correlations__value_avg_correlation_rule.yml",
  "test_conversion_correlations__value_median_correlation_rule.yml",
  "test_conversion_correlations__value_percentile_correlation_rule.yml",
  "test_conversion_correlations__value_sum_correlation_rule.yml",
  "test_extended_correlation_conversion__extended_temporal_correlation_complex.yml",
  "test_extended_correlation_conversion__extended_temporal_correlation_simple_and.yml",
  "test_extended_correlation_conversion__extended_temporal_correlation_simple_not.yml",
  "test_extended_correlation_conversion__extended_temporal_correlation_simple_or.yml",
  "test_extended_correlation_conversion__test_extended_temporal_correlation_multiple_not.yml",
  "test_extended_correlation_conversion__test_extended_temporal_correlation_precedence_and_or.yml",
  "test_extended_correlation_conversion__test_extended_temporal_correlation_precedence_parentheses.yml",
].map((name) => `correlations/pysigma-tests/${name}`);
/** Our queries for them (reviewed; the evaluator runs these shapes in test/semantics/correlation-outputs.test.ts). */
const REFUSED_GOLDEN = JSON.parse(
  readFileSync(new URL("./golden/correlations-the-reference-refuses.json", import.meta.url), "utf8"),
) as Record<string, string[]>;

const ACCEPTED: Record<string, Accepted> = {
  ...Object.fromEntries(REFUSED_CASES.map((key) => [key, { class: REFUSED, golden: true } as const])),
  "features/loki-tests/test_backend_loki__test_loki_field_name_empty_whitespace_null.yml": {
    class: "blank field name",
    error: "Field name '   ' is empty",
  },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_name_empty_whitespace_null.yml": {
    class: "blank field name",
    error: "Field name '   ' is empty",
  },
  "features/loki-tests/test_backend_loki__test_loki_field_re_tilde.yml": reTilde,
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_re_tilde.yml": reTilde,
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_re_tilde.yml": reTilde,
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_re_tilde.yml": reTilde,
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_re_tilde_double_quote.yml": reTildeDq,
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_re_tilde_double_quote.yml": reTildeDq,
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_re_tilde_double_quote.yml": reTildeDq,
  "features/loki-tests/test_backend_loki__test_loki_unbound_num.yml": unboundNum,
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_unbound_num.yml": unboundNum,
  "features/loki-tests/test_backend_negation_loki__test_loki_not_unbound_num.yml": { class: NUM, edits: [["!= 100", "!= `100`"]] },
  "features/loki-tests/test_backend_loki_fieldref__test_loki_field_ref_json_multi_selection.yml": {
    class: FIELDREF,
    edits: [
      ["| json | field2=~`(?i)^Something$`| label_format", "| json | label_format"],
      ["| match_0=`true`", "| match_0=`true` and field2=~`(?i)^Something$`"],
    ],
  },
  "features/loki-tests/test_backend_loki_fieldref__test_loki_field_ref_substring_matching.yml": {
    class: FIELDREF,
    edits: [["match_1!=`true` and match_2=`true`", "match_1!=`true` or match_2=`true`"]],
  },
  "features/loki-tests/test_pipelines_loki__test_negated_custom_log_source_pipeline.yml": {
    class: RE,
    edits: [["ruleField!~`.*out`", "ruleField!~`.*out.*`"]],
  },
  "features/modifiers/chain_fieldref_contains.yml": fieldrefOr,
  "features/modifiers/chain_fieldref_endswith.yml": fieldrefOr,
  "features/modifiers/chain_fieldref_startswith.yml": fieldrefOr,
  "features/modifiers/fieldref.yml": fieldrefOr,
  "features/modifiers/chain_re_i_m_s.yml": {
    class: RE,
    edits: [["`(?ims)valueA`", "`(?ims).*valueA.*`"], ["`(?ims)valueA`", "`(?ims).*valueA.*`"]],
  },
  "features/modifiers/chain_re_s.yml": {
    class: RE,
    edits: [["`(?s)valueA.*valueB`", "`(?s).*valueA.*valueB.*`"], ["`(?s)valueA.*valueB`", "`(?s).*valueA.*valueB.*`"]],
  },
  "features/modifiers/i.yml": { class: RE, edits: [["`(?i)valueA`", "`(?i).*valueA.*`"], ["`(?i)valueA`", "`(?i).*valueA.*`"]] },
  "features/modifiers/ignorecase.yml": {
    class: RE,
    edits: [["`(?i)valueA`", "`(?i).*valueA.*`"], ["`(?i)valueA`", "`(?i).*valueA.*`"]],
  },
  "features/modifiers/utf16.yml": nulEscaped("`(?i)^\uFEFFv\0a\0l\0u\0e\0A\0$`"),
  "features/modifiers/utf16be.yml": nulEscaped("`(?i)^\0v\0a\0l\0u\0e\0A$`"),
  "features/modifiers/wide.yml": nulEscaped("`(?i)^v\0a\0l\0u\0e\0A\0$`"),
  "features/modifiers/expand.yml": { class: "unresolved placeholder", error: "unhandled placeholder 'test'" },
  "features/modifiers/minute.yml": datePart,
  "features/modifiers/hour.yml": datePart,
  "features/modifiers/day.yml": datePart,
  "features/modifiers/month.yml": datePart,
  "features/modifiers/year.yml": datePart,
  "features/loki-tests/test_backend_loki__test_loki_collect_errors.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line=~`(?i).*valueA.*` or fieldA=~`(?i)^valueB$`"] },
  "features/loki-tests/test_backend_loki__test_loki_field_cased_endswith.yml": { class: ML, edits: [["`.*bar$`", "`(?s:.*)bar$`"]] },
  "features/loki-tests/test_backend_loki__test_loki_field_cased_startswith.yml": { class: ML, edits: [["`^foo.*`", "`^foo(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki__test_loki_or_unbound_tilde_double_quote.yml": { class: ENC, edits: [["\"(?i)value`A|value\\\"B\"", "\"(?i)value`A|(?:value\\\"B|value\\\\\\\\\\\"B)\""]] },
  "features/loki-tests/test_backend_loki__test_loki_unbound_or_field.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line=~`(?i).*valueA.*` or fieldA=~`(?i)^valueB$`"] },
  "features/loki-tests/test_backend_loki__test_loki_unbound_re_wildcard.yml": { class: ML, edits: [["`(?i)va.ue`", "`(?i)va(?s:.)ue`"]] },
  "features/loki-tests/test_backend_loki__test_loki_wildcard_escape.yml": { class: ML, edits: [["`(?i)^\\^v\\)\\+\\[al\\]u\\(e.*\\$$`", "`(?i)^\\^v\\)\\+\\[al\\]u\\(e(?s:.*)\\$$`"]] },
  "features/loki-tests/test_backend_loki__test_loki_wildcard_multi.yml": { class: ML, edits: [["`(?i)^value.*`", "`(?i)^value(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki__test_loki_wildcard_single.yml": { class: ML, edits: [["`(?i)^va.ue$`", "`(?i)^va(?s:.)ue$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_endswith.yml": { class: ML, edits: [["`(?i).*bar$`", "`(?i)(?s:.*)bar$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_eq_wildcard.yml": { class: ML, edits: [["`(?i)^value.A$`", "`(?i)^value(?s:.)A$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_not_eq_wildcard.yml": { class: ML, edits: [["`(?i)^value.A$`", "`(?i)^value(?s:.)A$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_field_startswith.yml": { class: ML, edits: [["`(?i)^foo.*`", "`(?i)^foo(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_regex_query.yml": { class: RE_ML, edits: [["`foo.*bar`", "`(?s:.*)foo.*bar(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_wildcard_escape.yml": { class: ML, edits: [["`(?i)^\\^v\\)\\+\\[al\\]u\\(e.*\\$$`", "`(?i)^\\^v\\)\\+\\[al\\]u\\(e(?s:.*)\\$$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_wildcard_multi.yml": { class: ML, edits: [["`(?i)^value.*`", "`(?i)^value(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters__test_loki_lf_wildcard_single.yml": { class: ML, edits: [["`(?i)^va.ue$`", "`(?i)^va(?s:.)ue$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_endswith.yml": { class: ML, edits: [["`(?i).*bar$`", "`(?i)(?s:.*)bar$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_eq_wildcard.yml": { class: ML, edits: [["`(?i)^value.A$`", "`(?i)^value(?s:.)A$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_not_eq_wildcard.yml": { class: ML, edits: [["`(?i)^value.A$`", "`(?i)^value(?s:.)A$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_field_startswith.yml": { class: ML, edits: [["`(?i)^foo.*`", "`(?i)^foo(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_regex_query.yml": { class: RE_ML, edits: [["`foo.*bar`", "`(?s:.*)foo.*bar(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_wildcard_escape.yml": { class: ML, edits: [["`(?i)^\\^v\\)\\+\\[al\\]u\\(e.*\\$$`", "`(?i)^\\^v\\)\\+\\[al\\]u\\(e(?s:.*)\\$$`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_wildcard_multi.yml": { class: ML, edits: [["`(?i)^value.*`", "`(?i)^value(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_add_line_filters_case_insensitive__test_loki_lf_wildcard_single.yml": { class: ML, edits: [["`(?i)^va.ue$`", "`(?i)^va(?s:.)ue$`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_collect_not_supported_errors.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line=~`(?i).*valueA.*` or fieldA=~`(?i)^valueB$`"] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_endswith.yml": { class: ML, edits: [["`(?i).*bar$`", "`(?i)(?s:.*)bar$`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_startswith.yml": { class: ML, edits: [["`(?i)^foo.*`", "`(?i)^foo(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_or_unbound_tilde_double_quote.yml": { class: ENC, edits: [["\"(?i)value`A|value\\\"B\"", "\"(?i)value`A|(?:value\\\"B|value\\\\\\\\\\\"B)\""]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_regex_query.yml": { class: RE_ML, edits: [["`foo.*bar`", "`(?s:.*)foo.*bar(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_unbound_or_field.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line=~`(?i).*valueA.*` or fieldA=~`(?i)^valueB$`"] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_unbound_re_wildcard.yml": { class: ML, edits: [["`(?i)va.ue`", "`(?i)va(?s:.)ue`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_wildcard_escape.yml": { class: ML, edits: [["`(?i)^\\^v\\)\\+\\[al\\]u\\(e.*\\$$`", "`(?i)^\\^v\\)\\+\\[al\\]u\\(e(?s:.*)\\$$`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_wildcard_multi.yml": { class: ML, edits: [["`(?i)^value.*`", "`(?i)^value(?s:.*)`"]] },
  "features/loki-tests/test_backend_loki_case_sensitive__test_loki_wildcard_single.yml": { class: ML, edits: [["`(?i)^va.ue$`", "`(?i)^va(?s:.)ue$`"]] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_and_unbound.yml": { class: NOT_KW, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line!~`(?i).*valueA.*` or sigma_line!~`(?i).*valueB.*`"] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_multi_or_unbound.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line!~`(?i).*valueA.*` and sigma_line!~`(?i).*valueB.*` or sigma_line!~`(?i).*valueC.*` and sigma_line!~`(?i).*valueD.*`"] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_regex_query.yml": { class: RE_ML, edits: [["`foo.*bar`", "`(?s:.*)foo.*bar(?s:.*)`"]] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_unbound_and_field.yml": { class: LL, queries: ["{job=~\".+\"} | logfmt | label_format sigma_line=`{{ __line__ }}` | sigma_line!~`(?i).*valueA.*` or fieldA!~`(?i)^valueB$`"] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_wildcard_multi.yml": { class: ML, edits: [["`(?i)^value.*`", "`(?i)^value(?s:.*)`"]] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_wildcard_single.yml": { class: ML, edits: [["`(?i)^va.ue$`", "`(?i)^va(?s:.)ue$`"]] },
  "features/loki-tests/test_backend_negation_loki__test_loki_not_wildcard_unbound.yml": { class: ML, edits: [["`(?i)va.ue`", "`(?i)va(?s:.)ue`"]] },
  "features/loki-tests/test_pipelines_loki__test_custom_log_source_rule_with_keywords.yml": { class: ML_ENC, edits: [["`(?i)policy\\\\\\.life\\..*\\\\\\.`", "`(?i)(?:policy\\\\\\.life\\.|policy\\\\\\\\\\.life\\.)(?s:.*)(?:\\\\\\.|\\\\\\\\\\.)`"], ["`(?i)^policy\\.lifecycle\\.del.*`", "`(?i)^policy\\.lifecycle\\.del(?s:.*)`"]] },
  "features/loki-tests/test_pipelines_loki__test_multiple_custom_log_source_pipeline.yml": { class: RE_ML, edits: [["`(?i)^policy\\.lifecycle\\.del.*`", "`(?i)^policy\\.lifecycle\\.del(?s:.*)`"], ["`policy\\.life.*\\.`", "`(?s:.*)policy\\.life.*\\.(?s:.*)`"]] },
  "features/loki-tests/test_pipelines_loki__test_skip_both_negated_and_positive_custom_log_source_pipeline.yml": { class: ML, edits: [["`(?i)^policy\\.lifecycle\\..*`", "`(?i)^policy\\.lifecycle\\.(?s:.*)`"], ["`(?i).*create$`", "`(?i)(?s:.*)create$`"]] },
  "features/loki-tests/test_pipelines_loki__test_windows_grafana_pipeline.yml": { class: ML, edits: [["`(?i).*\\.exe$`", "`(?i)(?s:.*)\\.exe$`"]] },
  "features/modifiers/chain_endswith_cased.yml": { class: ML, edits: [["`.*\\\\ValueA\\.exe$`", "`(?s:.*)\\\\ValueA\\.exe$`"], ["`.*\\\\ValueA\\.exe$`", "`(?s:.*)\\\\ValueA\\.exe$`"]] },
  "features/modifiers/chain_re_escapes.yml": { class: RE_ML, edits: [["\"\\\\\\\\d+\\\\\\\\.\\\\\\\\d+`x\"", "\"(?s:.*)\\\\\\\\d+\\\\\\\\.\\\\\\\\d+`x(?s:.*)\""], ["\"\\\\\\\\d+\\\\\\\\.\\\\\\\\d+`x\"", "\"(?s:.*)\\\\\\\\d+\\\\\\\\.\\\\\\\\d+`x(?s:.*)\""]] },
  "features/modifiers/chain_startswith_cased.yml": { class: ML, edits: [["`^ValueA.*`", "`^ValueA(?s:.*)`"], ["`^ValueA.*`", "`^ValueA(?s:.*)`"]] },
  "features/modifiers/endswith.yml": { class: ML, edits: [["`(?i).*valueA$`", "`(?i)(?s:.*)valueA$`"], ["`(?i).*valueA$`", "`(?i)(?s:.*)valueA$`"]] },
  "features/modifiers/re.yml": { class: ML, edits: [["`.*valueA$`", "`(?s:.*)valueA$`"], ["`.*valueA$`", "`(?s:.*)valueA$`"]] },
  "features/modifiers/startswith.yml": { class: ML, edits: [["`(?i)^valueA.*`", "`(?i)^valueA(?s:.*)`"], ["`(?i)^valueA.*`", "`(?i)^valueA(?s:.*)`"]] },
};

/** Applies the edits in order, each to its first occurrence after the previous one. */
function applyEdits(query: string, edits: readonly (readonly [string, string])[]): string {
  let out = query;
  let from = 0;
  for (const [a, b] of edits) {
    const at = out.indexOf(a, from);
    if (at < 0) throw new Error(`edit target not found: ${a}`);
    out = out.slice(0, at) + b + out.slice(at + a.length);
    from = at + b.length;
  }
  return out;
}

function listYaml(dir: URL): string[] {
  const out: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = `${path}/${name}`;
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".yml")) out.push(full);
    }
  };
  walk(fileURLToPath(dir).replace(/\/$/, ""));
  return out.sort();
}

const expected = loadExpected("default");
const fixturesRoot = fileURLToPath(FIXTURES);
const files = [
  ...listYaml(new URL("conformance/cases/features/", FIXTURES)),
  ...listYaml(new URL("conformance/cases/correlations/", FIXTURES)),
].map((f) => f.slice(fixturesRoot.length));

describe("conformance cases (default configuration)", () => {
  it("finds the case files", () => {
    expect(files.length).toBeGreaterThan(300);
  });
  for (const path of files) {
    const key = path.replace("conformance/cases/", "");
    const accepted = ACCEPTED[key];
    it(accepted ? `${key} (accepted difference: ${accepted.class})` : key, () => {
      const exp = expected.get(path);
      expect(exp, "expected entry").toBeDefined();
      if (!exp) return;
      const outcome = convertFile(path);
      // Whatever we emit is valid LogQL (Loki's grammar and its string/label rules).
      if ("queries" in outcome) for (const q of outcome.queries) expect(validateLogQL(q), q).toEqual([]);
      if (!accepted) {
        expect(outcome, JSON.stringify(exp)).toSatisfy((o: typeof outcome) => equivalent(o, exp));
        return;
      }
      // An accepted difference must really differ from the reference …
      expect(equivalent(outcome, exp)).toBe(false);
      // … and be exactly the correction.
      if ("error" in accepted) {
        expect("error" in outcome && outcome.error.message).toContain(accepted.error);
      } else if ("golden" in accepted) {
        expect(exp.error?.type).toBe("NotImplementedError");
        expect(exp.error?.message).toMatch(/^(?:Correlation rule type '\w+' is not supported by backend\.|Multi-rule correlation search expressions are not supported by the backend\.)$/);
        expect(outcome).toEqual({ queries: REFUSED_GOLDEN[key] });
      } else if ("queries" in accepted) {
        expect("queries" in outcome ? outcome.queries.map(normaliseQuery) : outcome).toEqual(accepted.queries.map(normaliseQuery));
      } else {
        const want = (exp.queries ?? []).map((q, i) => (i === 0 ? applyEdits(q, accepted.edits) : q));
        expect("queries" in outcome ? outcome.queries.map(normaliseQuery) : outcome).toEqual(want.map(normaliseQuery));
      }
    });
  }
});
