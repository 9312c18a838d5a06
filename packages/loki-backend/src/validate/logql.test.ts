import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateLogQL } from "./logql.js";

// Valid queries: the reference outputs listed in spec §5.13 (E/P/C examples).
const VALID = [
  '{job=~".+"} | logfmt | fieldA=~`(?i)^valueA$`',
  '{job=~".+"} | logfmt | fieldA=~"(?i)^value`A$"',
  '{job=~".+"} | logfmt | fieldA=100',
  '{job=~".+"} | logfmt | (fieldA=~`(?i)^valueA1$` or fieldA=~`(?i)^valueA2$`) and (fieldB=~`(?i)^valueB1$` or fieldB=~`(?i)^valueB2$`)',
  '{job=~".+"} | logfmt | fieldA=``',
  '{job=~".+"} | logfmt | fieldA=~`(?i)^\\^v\\)\\+\\[al\\]u\\(e.*\\$$`',
  '{job=~".+"} | logfmt | Image=~`(?i).*\\\\cmd\\.exe$`',
  '{job=~".+"} | logfmt | fieldA>1 and fieldB<=2.5',
  '{job=~".+"} | logfmt | fieldA!="" and fieldB=""',
  '{job=~".+"} | logfmt | label_format date_0=`{{ date "15" (unixToTime .fieldA) }}` | date_0=`3`',
  '{job=~"eventlog|winlog|windows|fluentbit.*"}  | json | field2=~`(?i)^Something$`| label_format match_0=`{{ if eq .fieldA .field1 }}true{{ else }}false{{ end }}` | match_0=`true`',
  '{job=~".+"} |~ "(?i)value`A|value\\"B"',
  '{job=~".+"} !~ `(?i)valueA` !~ `(?i)valueB`',
  '{job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` and fieldB=~`(?i)^valueB$` | line_format "{{.fieldA}} {{.fieldB}}"',
  "{job=~`(?i)test`} | pattern `<ip> <ts> <msg>` | fieldA=~`(?i)^valueA$`",
  '{job=~".+"} |= `fieldA=valueA` | logfmt | fieldA=`valueA`',
  '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | label_format Message=`{{ .message | replace "\\\\" "\\\\\\\\" | replace "\\"" "\\\\\\"" }}` | line_format `{{ regexReplaceAll "([^:]+): ?((?:[^\\\\r]*|$))(\\r\\n|$)" .Message "${1}=\\"${2}\\" "}}` | logfmt | Image=~`(?i).*\\.exe$` and event_id=1',
  "{eventType!=`policy.lifecycle.update`,stream!~`.*out`,job=`x`} | logfmt | ruleField!~`.*out`",
  "{job=`mylogs`,filename=~`.*[\\d]+.log$`} | json | line_format `{{.message}}` | logfmt | msg=~`(?i)^testing$`",
  'sum(count_over_time({job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` [30s])) == 42',
  'sum by (fieldB, fieldC) (count_over_time({job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` [1d])) < 100',
  'sum(absent_over_time({job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` [30s])) == 1',
  'count without (fieldB) (sum by (fieldB) (count_over_time({job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` [30s]))) == 42',
  '{job=~".+"} | json | ip_src=ip("10.0.0.0/8") or ip_src!=ip("fe80::/10") or ip_src=ip("192.168.0.1-192.168.0.9")',
  '{job=~".+"} |= ip("2620:83:8000::/48") | json | a=`x`',
  '{job!=""}',
  // Metric forms of correlations.
  'avg_over_time({job="a"} | json | unwrap Bytes | __error__="" [5m]) by ()',
  'quantile_over_time(0.95, {job="a"} | json | unwrap Bytes | __error__="" [5m]) by (Computer) > 500',
  'sum by (Computer) (sum_over_time({job="a"} | json | unwrap Bytes | __error__="" [5m])) > 1000',
  'count by (User) (sum by (User, sigma_rule) (label_replace(count_over_time({job="a"} | json | __error__="" [5m]), "sigma_rule", "a", "", "") or label_replace(count_over_time({job="b"} | json | __error__="" [5m]), "sigma_rule", "b", "", ""))) >= 2',
  'sum by (U) (count_over_time({job="a"} [5m])) unless sum by (U) (count_over_time({job="b"} [5m]))',
  'max by (U) (max_over_time({job="a"} | json | __error__="" | label_format sigma_ts=`{{ __timestamp__ | unixEpochMillis }}` | unwrap sigma_ts [5m])) > min by (U) (min_over_time({job="b"} | json | __error__="" | label_format sigma_ts=`{{ __timestamp__ | unixEpochMillis }}` | unwrap sigma_ts [5m]))',
  'sum(absent_over_time({job="a"} [5m]) and on() absent_over_time({job="b"} [5m])) == 1',
];

describe("validateLogQL accepts valid queries", () => {
  it.each(VALID)("%s", (query) => {
    expect(validateLogQL(query)).toEqual([]);
  });
});

// Invalid queries: the message must name the problem and the range must cover it.
const INVALID: [query: string, message: RegExp, at: string][] = [
  ['{job="a"} |= "C:\\Windows"', /invalid escape \\W/, "\\W"],
  ['{job="a"} | logfmt | a="it\\\'s"', /invalid escape/, "\\'"],
  ["{job=`a`} |~ `a(?=b)`", /invalid or unsupported Perl syntax: `\(\?=`/, "`a(?=b)`"],
  ["{job=`a`} | logfmt | a=~`(unclosed`", /missing closing \)/, "`(unclosed`"],
  ["{job=~`a[`}", /missing closing \]/, "`a[`"],
  ['{job=~".*"}', /at least one regexp or equality matcher/, '{job=~".*"}'],
  ['{job=~".*",env=""} |= `x`', /at least one regexp or equality matcher/, '{job=~".*",env=""}'],
  ["{job=`a`} | logfmt | =~`(?i)^valueC$`", /without a label name/, "="],
  ["{job=`a`} | logfmt | 0field=`x`", /invalid label name "0field"/, "0field"],
  ["{job=`a`} | logfmt | naïve=`x`", /invalid label name "naïve"/, "naïve"],
  ["{job=`a`} | logfmt | label_format naïve=`x`", /invalid label name "naïve"/, "naïve"],
  ['{job=`a`} | json | id.orig_h!=ip("::1/128")', /invalid label name "id.orig_h"/, "id.orig_h"],
  ["{job=`a`} |= 100", /line filter value 100 must be a quoted string/, "100"],
  ['{job=`a`} | json | a=ip("1.2.3")', /invalid ip\(\) argument "1.2.3"/, '"1.2.3"'],
  ['{job=`a`} | logfmt | line_format "{{.a"', /unclosed action/, '"{{.a"'],
  ["{job=`a`} | logfmt | label_format m=`{{ if eq .a .b }}true`", /no matching \{\{end\}\}/, "`{{ if eq .a .b }}true`"],
  ["{job=`a`} | logfmt | line_format `{{ }}`", /empty/, "`{{ }}`"],
  ['{job=`a`} | logfmt | line_format `{{ replace "x }}`', /unterminated quoted string/, '`{{ replace "x }}`'],
  ["{job=`a`} | logfmt | a=`b` and (())", /syntax error/, ")"],
  // Loki's checks of range aggregations: grouping only on functions of values, unwrap only where read.
  ['sum_over_time({job="a"} | json | unwrap n [5m]) by (x)', /grouping not allowed for sum_over_time aggregation/, "sum_over_time("],
  ['count_over_time({job="a"} [5m]) by (x)', /grouping not allowed for count_over_time aggregation/, "count_over_time("],
  ['absent_over_time({job="a"} [5m]) by (x)', /grouping not allowed for absent_over_time/, "absent_over_time("],
  ['avg_over_time({job="a"} [5m])', /invalid aggregation avg_over_time without unwrap/, "avg_over_time("],
  ['count_over_time({job="a"} | json | unwrap n [5m])', /invalid aggregation count_over_time with unwrap/, "unwrap n"],
  ['label_replace(count_over_time({job="a"} [5m]), "0x", "y", "", "")', /invalid destination label name/, '"0x"'],
  ['label_replace(count_over_time({job="a"} [5m]), "x", "y", "job", "a(")', /invalid regex in label_replace/, '"a("'],
];

describe("validateLogQL rejects invalid queries and says where", () => {
  it.each(INVALID)("%s", (query, message, at) => {
    const problems = validateLogQL(query);
    expect(problems.length).toBeGreaterThan(0);
    const problem = problems.find((p) => message.test(p.message));
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(query.slice(problem?.from, problem?.to)).toContain(at);
  });
});

// The reference's own outputs over the corpus (issue: 3 corpus queries Loki's grammar rejects).
describe("reference outputs (expected/default.jsonl)", () => {
  const file = new URL("../../../../fixtures/conformance/expected/default.jsonl", import.meta.url);
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { path: string; queries?: string[] });

  const invalid = new Map<string, string[]>();
  for (const line of lines) {
    for (const query of line.queries ?? []) {
      const problems = validateLogQL(query);
      if (problems.length > 0) invalid.set(line.path, problems.map((p) => p.message));
    }
  }

  it("has exactly three invalid queries on the SigmaHQ corpus, for these reasons", () => {
    const corpus = [...invalid].filter(([path]) => path.startsWith("corpus/"));
    expect(corpus.map(([path]) => path)).toEqual([
      // `initselection: [0, 6]` becomes unquoted numeric line filters `|= 0 |= 6`, and the
      // emptied OR group prints as `(())`.
      "corpus/sigma/rules/linux/auditd/execve/lnx_auditd_system_shutdown_reboot.yml",
      // ip() label filters on the unsanitised zeek field `id.resp_h` / `id.orig_h`.
      "corpus/sigma/rules/network/zeek/zeek_http_webdav_put_request.yml",
      "corpus/sigma/rules/network/zeek/zeek_rdp_public_listener.yml",
    ]);
    const [shutdown, webdav, rdp] = corpus.map(([, messages]) => messages.join("\n"));
    expect(shutdown).toMatch(/line filter value 0 must be a quoted string/);
    expect(shutdown).toMatch(/syntax error/);
    expect(webdav).toMatch(/invalid label name "id.resp_h"/);
    expect(rdp).toMatch(/invalid label name "id.orig_h"/);
  });

  it("flags the reference test-suite cases with unquoted numbers, empty field names and raw NUL characters", () => {
    const cases = [...invalid].filter(([path]) => path.startsWith("conformance/")).map(([path]) => path);
    expect(cases).toEqual([
      "conformance/cases/features/loki-tests/test_backend_loki__test_loki_field_name_empty_whitespace_null.yml",
      "conformance/cases/features/loki-tests/test_backend_loki__test_loki_unbound_num.yml",
      "conformance/cases/features/loki-tests/test_backend_loki_case_sensitive__test_loki_field_name_empty_whitespace_null.yml",
      "conformance/cases/features/loki-tests/test_backend_loki_case_sensitive__test_loki_unbound_num.yml",
      "conformance/cases/features/loki-tests/test_backend_negation_loki__test_loki_not_unbound_num.yml",
      // `wide` / `utf16` / `utf16be` values hold NUL characters, which the reference writes raw.
      "conformance/cases/features/modifiers/utf16.yml",
      "conformance/cases/features/modifiers/utf16be.yml",
      "conformance/cases/features/modifiers/wide.yml",
    ]);
    const nul = [...invalid].filter(([path]) => path.includes("modifiers/")).flatMap(([, messages]) => messages);
    expect(nul.every((m) => m === "invalid character NUL")).toBe(true);
  });
});
