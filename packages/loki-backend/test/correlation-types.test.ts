/**
 * Every correlation type and option, with the exact query it becomes (the evaluator runs them in
 * test/semantics/correlation-outputs.test.ts) and the located errors for what LogQL cannot say.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { convertRules } from "../src/index.js";
import { validateLogQL } from "../src/validate/index.js";

const rule = (name: string, detection: string, logsource = "{category: test_category, product: test_product}"): string =>
  `title: Rule ${name}\nname: ${name}\nstatus: test\nlogsource: ${logsource}\ndetection: ${detection}\n`;

const RULES = [
  rule("a", "{sel: {fieldA: valueA}, condition: sel}"),
  rule("b", "{sel: {fieldB: valueB}, condition: sel}"),
  rule("c", "{sel: {fieldC: valueC}, condition: sel}"),
  rule("multi", "{x: {fieldA: x}, y: {fieldB: y}, condition: [x, y]}"),
  rule("kw", "{kw: [evil], condition: kw}"),
  rule("w", "{sel: {EventID: 1}, condition: sel}", "{product: windows}"),
].join("---\n");

const A = "{job=~\".+\"} | logfmt | fieldA=~`(?i)^valueA$`";
const B = "{job=~\".+\"} | logfmt | fieldB=~`(?i)^valueB$`";
const C = "{job=~\".+\"} | logfmt | fieldC=~`(?i)^valueC$`";
const W = '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=1';
const NO_ERROR = '| __error__=""';
const tag = (range: string, name: string): string => `label_replace(${range}, "sigma_rule", "${name}", "", "")`;

/** The correlation document with `body` as its `correlation:` map (lines of YAML). */
function document(body: string, extra = ""): string {
  return `${RULES}---\n${extra}title: Correlation\nname: corr\nlevel: high\ncorrelation:\n${body.replace(/^/gm, "  ")}\n`;
}

/** The correlation's query (the last output; the referenced rules are not generated). */
function query(body: string, extra = ""): string {
  const { output, errors } = convertRules(document(body, extra), { path: "c.yml" });
  expect(errors.map((e) => e.message)).toEqual([]);
  const queries = output as string[];
  const last = queries[queries.length - 1] ?? "";
  expect(validateLogQL(last).map((p) => p.message)).toEqual([]);
  return last;
}

/** The error of the correlation: message and location. */
function refusal(body: string, extra = ""): { message: string; line: number | undefined } {
  const { errors } = convertRules(document(body, extra), { path: "c.yml" });
  const [error] = errors;
  expect(error, "an error").toBeDefined();
  return { message: error?.message ?? "", line: error?.location?.line };
}

/** The line where the correlation document starts in `document()`. */
const CORRELATION_LINE = document("").split("\n").indexOf("title: Correlation") + 1;

describe("event_count", () => {
  it.each([
    ["no group-by", "", "sum"],
    ["one group-by field", "group-by: [user]\n", "sum by (user) "],
    ["several group-by fields (names sanitised)", "group-by: [user, host.name]\n", "sum by (user, host_name) "],
  ])("two rules, %s: the tagged union of their counts", (_name, groupBy, sum) => {
    expect(query(`type: event_count\nrules: [a, b]\n${groupBy}timespan: 5m\ncondition: {gte: 3}`)).toBe(
      `${sum}(${tag(`count_over_time(${A} ${NO_ERROR} [5m])`, "a")} or ${tag(`count_over_time(${B} ${NO_ERROR} [5m])`, "b")}) >= 3`,
    );
  });

  it.each([
    ["gt", ">"],
    ["gte", ">="],
    ["lt", "<"],
    ["lte", "<="],
    ["eq", "=="],
    ["neq", "!="],
  ])("operator %s", (op, logql) => {
    expect(query(`type: event_count\nrules: [a, b]\ntimespan: 1h\ncondition: {${op}: 5}`)).toMatch(new RegExp(`\\) ${logql} 5$`));
  });

  it("one rule with one query and no aliases: the reference's query", () => {
    expect(query("type: event_count\nrules: a\ngroup-by: [user]\ntimespan: 5m\ncondition: {gte: 3}")).toBe(`sum by (user) (count_over_time(${A} [5m])) >= 3`);
  });

  it("aliases: each rule's field becomes the alias label (label_format, templates keep the field)", () => {
    expect(
      query(`type: event_count
rules: [a, b]
aliases:
  user: {a: TargetUserName, b: User}
  host: {a: Computer, b: host}
group-by: [user, host]
timespan: 5m
condition: {gte: 3}`),
    ).toBe(
      `sum by (user, host) (${tag(`count_over_time(${A} ${NO_ERROR} | label_format user=\`{{.TargetUserName}}\`,host=\`{{.Computer}}\` [5m])`, "a")} or ` +
        `${tag(`count_over_time(${B} ${NO_ERROR} | label_format user=\`{{.User}}\` [5m])`, "b")}) >= 3`,
    );
  });

  it("an alias on one rule alone is no longer the reference's form", () => {
    expect(query("type: event_count\nrules: a\naliases:\n  user: {a: User.Name}\ngroup-by: [user]\ntimespan: 5m\ncondition: {gte: 3}")).toBe(
      `sum by (user) (count_over_time(${A} ${NO_ERROR} | label_format user=\`{{.User_Name}}\` [5m])) >= 3`,
    );
  });

  it("several queries of one rule: their union, untagged (an event is counted once)", () => {
    expect(query("type: event_count\nrules: multi\ngroup-by: [user]\ntimespan: 5m\ncondition: {gte: 3}")).toBe(
      "sum by (user) (count_over_time({job=~\".+\"} | logfmt | fieldA=~`(?i)^x$` | __error__=\"\" [5m]) or " +
        "count_over_time({job=~\".+\"} | logfmt | fieldB=~`(?i)^y$` | __error__=\"\" [5m])) >= 3",
    );
  });

  it("rules with different stream selectors and parsers", () => {
    expect(query("type: event_count\nrules: [a, w]\ntimespan: 5m\ncondition: {gte: 2}")).toBe(
      `sum(${tag(`count_over_time(${A} ${NO_ERROR} [5m])`, "a")} or ${tag(`count_over_time(${W} ${NO_ERROR} [5m])`, "w")}) >= 2`,
    );
  });

  it.each(["{eq: 0}", "{lte: 0}", "{lt: 1}"])("no event (%s) over two rules: every search absent", (condition) => {
    expect(query(`type: event_count\nrules: [a, b]\ngroup-by: [user]\ntimespan: 5m\ncondition: ${condition}`)).toBe(
      `sum by (user) (absent_over_time(${A} ${NO_ERROR} [5m]) and on() absent_over_time(${B} ${NO_ERROR} [5m])) == 1`,
    );
  });

  it("a rule of keywords only gets its parser when the group-by needs the events' fields", () => {
    expect(query("type: event_count\nrules: kw\ngroup-by: [user]\ntimespan: 5m\ncondition: {gte: 2}")).toBe(
      'sum by (user) (count_over_time({job=~".+"} |~ `(?i)evil` | logfmt | __error__="" [5m])) >= 2',
    );
    expect(query("type: event_count\nrules: kw\ntimespan: 5m\ncondition: {gte: 2}")).toBe('sum(count_over_time({job=~".+"} |~ `(?i)evil` [5m])) >= 2');
  });

  it("a group-by field that is a LogQL keyword is refused at the correlation", () => {
    const { message, line } = refusal("type: event_count\nrules: a\ngroup-by: ['on']\ntimespan: 5m\ncondition: {gte: 2}");
    expect(message).toContain("The group-by field 'on' becomes the label 'on', a LogQL keyword");
    expect(line).toBe(CORRELATION_LINE);
  });
});

describe("value_count", () => {
  it("two rules: distinct values of the field per group", () => {
    expect(query("type: value_count\nrules: [a, b]\ngroup-by: [host]\ntimespan: 5m\ncondition: {field: user, gte: 2}")).toBe(
      `count without (user) (sum by (host, user) (${tag(`count_over_time(${A} ${NO_ERROR} [5m])`, "a")} or ${tag(`count_over_time(${B} ${NO_ERROR} [5m])`, "b")})) >= 2`,
    );
  });

  it("the field may be an alias", () => {
    expect(query("type: value_count\nrules: [a, b]\naliases:\n  user: {a: TargetUserName, b: User}\ntimespan: 5m\ncondition: {field: user, gt: 1}")).toBe(
      `count without (user) (sum by (user) (${tag(`count_over_time(${A} ${NO_ERROR} | label_format user=\`{{.TargetUserName}}\` [5m])`, "a")} or ` +
        `${tag(`count_over_time(${B} ${NO_ERROR} | label_format user=\`{{.User}}\` [5m])`, "b")})) > 1`,
    );
  });
});

describe("temporal", () => {
  const seen = (groupBy: string, range = "5m"): string =>
    `sum by (${groupBy}${groupBy ? ", " : ""}sigma_rule) (${tag(`count_over_time(${A} ${NO_ERROR} [${range}])`, "a")} or ${tag(`count_over_time(${B} ${NO_ERROR} [${range}])`, "b")})`;

  it("default condition: every referenced rule seen in the group", () => {
    expect(query("type: temporal\nrules: [a, b]\ngroup-by: [user]\ntimespan: 5m")).toBe(`count by (user) (${seen("user")}) >= 2`);
  });

  it("without group-by", () => {
    expect(query("type: temporal\nrules: [a, b]\ntimespan: 5m")).toBe(`count(${seen("")}) >= 2`);
  });

  it("a threshold: at least that many of the rules", () => {
    expect(query("type: temporal\nrules: [a, b]\ngroup-by: [user]\ntimespan: 5m\ncondition: {gt: 1}")).toBe(`count by (user) (${seen("user")}) > 1`);
  });

  it("no rule seen (lt 1): every search absent", () => {
    expect(query("type: temporal\nrules: [a, b]\ntimespan: 5m\ncondition: {lt: 1}")).toBe(
      `sum(absent_over_time(${A} ${NO_ERROR} [5m]) and on() absent_over_time(${B} ${NO_ERROR} [5m])) == 1`,
    );
  });
});

describe("temporal with an expression condition", () => {
  const p = (search: string): string => `sum by (user) (count_over_time(${search} ${NO_ERROR} [5m]))`;
  const expr = (condition: string): string => query(`type: temporal\ncondition: ${condition}\ngroup-by: [user]\ntimespan: 5m`);

  it.each([
    ["a and b", `${p(A)} and ${p(B)}`],
    ["a or b", `${p(A)} or ${p(B)}`],
    ["a and not b", `${p(A)} unless ${p(B)}`],
    ["not b and a", `${p(A)} unless ${p(B)}`],
    ["a or b and c", `${p(A)} or (${p(B)} and ${p(C)})`],
    ["(a or b) and c", `(${p(A)} or ${p(B)}) and ${p(C)}`],
    ["(a or b) and not c", `(${p(A)} or ${p(B)}) unless ${p(C)}`],
    ["a and not (b or c)", `${p(A)} unless (${p(B)} or ${p(C)})`],
    ["not not a", p(A)],
    ["not (not a or not b)", `${p(A)} and ${p(B)}`],
    ["a and (b or not c)", `(${p(A)} and ${p(B)}) or (${p(A)} unless ${p(C)})`],
  ])("%s", (condition, logql) => {
    expect(expr(condition)).toBe(logql);
  });

  it.each(["not a", "a or not b", "not (a and b)"])("'%s' holds where nothing happened: refused", (condition) => {
    const { message, line } = refusal(`type: temporal\ncondition: ${condition}\ngroup-by: [user]\ntimespan: 5m`);
    expect(message).toContain(`The correlation condition '${condition}' holds when none of its rules was seen`);
    expect(line).toBe(CORRELATION_LINE);
  });

  it("a name that the correlation does not reference is refused", () => {
    expect(refusal("type: temporal\nrules: [a, b]\ncondition: a and c\ntimespan: 5m").message).toContain(
      "The correlation condition names 'c', which is not among the rules it references (a, b)",
    );
  });

  it("an expression too large once distributed is refused before it is built", () => {
    const names = ["a", "b", "c"];
    const factor = (i: number): string => `(${names[i % 3]} or not ${names[(i + 1) % 3]})`;
    const condition = ["a", ...Array.from({ length: 12 }, (_, i) => factor(i))].join(" and ");
    expect(refusal(`type: temporal\ncondition: ${condition}\ntimespan: 5m`).message).toContain("more than 256 rule vectors");
  });
});

describe("temporal_ordered", () => {
  const stamp = "label_format sigma_ts=`{{ __timestamp__ | unixEpochMillis }}` | unwrap sigma_ts [5m]";

  it("two rules: the second rule's latest event after the first rule's earliest, per group", () => {
    expect(query("type: temporal_ordered\nrules: [a, b]\ngroup-by: [user]\ntimespan: 5m")).toBe(
      `max by (user) (max_over_time(${B} ${NO_ERROR} | ${stamp})) > min by (user) (min_over_time(${A} ${NO_ERROR} | ${stamp}))`,
    );
  });

  it("aliases join the time label", () => {
    expect(query("type: temporal_ordered\nrules: [a, b]\naliases:\n  user: {a: TargetUserName, b: User}\ngroup-by: [user]\ntimespan: 5m")).toBe(
      `max by (user) (max_over_time(${B} ${NO_ERROR} | label_format user=\`{{.User}}\`,sigma_ts=\`{{ __timestamp__ | unixEpochMillis }}\` | unwrap sigma_ts [5m])) > ` +
        `min by (user) (min_over_time(${A} ${NO_ERROR} | label_format user=\`{{.TargetUserName}}\`,sigma_ts=\`{{ __timestamp__ | unixEpochMillis }}\` | unwrap sigma_ts [5m]))`,
    );
  });

  it("the explicit default condition (gte: 2) is the default", () => {
    expect(query("type: temporal_ordered\nrules: [a, b]\ntimespan: 5m\ncondition: {gte: 2}")).toBe(
      `max(max_over_time(${B} ${NO_ERROR} | ${stamp})) > min(min_over_time(${A} ${NO_ERROR} | ${stamp}))`,
    );
  });

  it.each([
    ["three rules", "rules: [a, b, c]", "temporal_ordered over 3 rules cannot be written in LogQL"],
    ["another condition", "rules: [a, b]\ncondition: {gte: 1}", "temporal_ordered with the condition gte: 1 cannot be written in LogQL"],
    ["an expression", "condition: a and b", "temporal_ordered with a condition expression cannot be written in LogQL"],
  ])("%s: refused, saying why", (_name, part, message) => {
    const refused = refusal(`type: temporal_ordered\n${part}\ntimespan: 5m`);
    expect(refused.message).toContain(message);
    expect(refused.line).toBe(CORRELATION_LINE);
  });
});

describe("value_sum, value_avg, value_percentile, value_median", () => {
  const unwrapped = (search: string, field = "bytes"): string => `${search} | unwrap ${field} ${NO_ERROR} [10m]`;

  it("value_sum: per-group sum of the field over every rule", () => {
    expect(query("type: value_sum\nrules: [a, b]\ngroup-by: [host]\ntimespan: 10m\ncondition: {field: bytes, gt: 1000}")).toBe(
      `sum by (host) (${tag(`sum_over_time(${unwrapped(A)})`, "a")} or ${tag(`sum_over_time(${unwrapped(B)})`, "b")}) > 1000`,
    );
  });

  it("value_sum: the field may be an alias (each rule's field is unwrapped)", () => {
    expect(query("type: value_sum\nrules: [a, b]\naliases:\n  size: {a: Bytes, b: Length}\ntimespan: 10m\ncondition: {field: size, gt: 1000}")).toBe(
      `sum(${tag(`sum_over_time(${unwrapped(A, "Bytes")})`, "a")} or ${tag(`sum_over_time(${unwrapped(B, "Length")})`, "b")}) > 1000`,
    );
  });

  it.each([
    ["value_avg", "", "avg_over_time("],
    ["value_median", "", "quantile_over_time(0.5, "],
    ["value_percentile", ", percentile: 95", "quantile_over_time(0.95, "],
    ["value_percentile", ", percentile: 33.3", "quantile_over_time(0.333, "],
  ])("%s over one rule%s", (type, percentile, fn) => {
    expect(query(`type: ${type}\nrules: a\ngroup-by: [host]\ntimespan: 10m\ncondition: {field: bytes, gte: 500${percentile}}`)).toBe(
      `${fn}${unwrapped(A)}) by (host) >= 500`,
    );
  });

  it("value_avg without group-by: one average over every sample (by ())", () => {
    expect(query("type: value_avg\nrules: a\ntimespan: 10m\ncondition: {field: bytes, lt: 5}")).toBe(`avg_over_time(${unwrapped(A)}) by () < 5`);
  });

  it("value_avg over several rules: one log query, their label filters joined with or", () => {
    expect(query("type: value_avg\nrules: [a, b, multi]\ngroup-by: [host]\ntimespan: 10m\ncondition: {field: bytes, gt: 5}")).toBe(
      "avg_over_time({job=~\".+\"} | logfmt | fieldA=~`(?i)^valueA$` or fieldB=~`(?i)^valueB$` or fieldA=~`(?i)^x$` or fieldB=~`(?i)^y$` | unwrap bytes | __error__=\"\" [10m]) by (host) > 5",
    );
  });

  it("value_avg over several rules with AND-ed filters: each rule's filter in parentheses", () => {
    const extra = `${rule("ab", "{sel: {fieldA: 1, fieldB: 2}, condition: sel}")}---\n`;
    expect(query("type: value_avg\nrules: [ab, c]\ntimespan: 10m\ncondition: {field: bytes, gt: 5}", extra)).toBe(
      "avg_over_time({job=~\".+\"} | logfmt | (fieldA=1 and fieldB=2) or fieldC=~`(?i)^valueC$` | unwrap bytes | __error__=\"\" [10m]) by () > 5",
    );
  });

  it.each([
    ["different streams", "rules: [a, w]", "'a' and 'w' read different streams"],
    ["the value in different fields", "rules: [a, b]\naliases:\n  size: {a: Bytes, b: Length}", "'a' and 'b' hold the value in different fields"],
    ["keywords in one rule", "rules: [a, kw]", "'a' and 'kw' differ before their label filters"],
  ])("value_avg over several rules with %s: refused, saying why", (_name, part, message) => {
    const field = part.includes("size") ? "size" : "bytes";
    const refused = refusal(`type: value_avg\n${part}\ntimespan: 10m\ncondition: {field: ${field}, gt: 5}`);
    expect(refused.message).toContain("value_avg over several searches needs their samples in one log query");
    expect(refused.message).toContain(message);
  });

  it.each([
    ["missing", "", "Percentile must be specified in condition for value_percentile correlation type in rule 'corr'"],
    ["above 100", ", percentile: 101", "must be between 0 and 100, not 101"],
    ["below 0", ", percentile: -1", "must be between 0 and 100, not -1"],
  ])("a percentile %s is refused", (_name, percentile, message) => {
    expect(refusal(`type: value_percentile\nrules: a\ntimespan: 10m\ncondition: {field: bytes, gte: 1${percentile}}`).message).toContain(message);
  });

  it("one condition field only", () => {
    expect(refusal("type: value_sum\nrules: a\ntimespan: 10m\ncondition: {field: [x, y], gte: 1}").message).toContain(
      "value_sum correlation takes one condition field, not 2 (x, y)",
    );
  });
});

describe("timespans in every unit", () => {
  it.each([
    ["30s", "30s"],
    ["5m", "5m"],
    ["2h", "2h"],
    ["3d", "3d"],
    ["2w", "2w"],
    ["1M", "30d10h29m6s"],
    ["2M", "60d20h58m12s"],
    ["1y", "365d5h49m12s"],
    ["0M", "0s"],
  ])("%s → [%s]", (timespan, range) => {
    expect(query(`type: event_count\nrules: a\ntimespan: ${timespan}\ncondition: {gte: 1}`)).toBe(`sum(count_over_time(${A} [${range}])) >= 1`);
  });
});

describe("correlations over correlations", () => {
  const INNER = `title: Many A
name: many_a
correlation:
  type: event_count
  rules: a
  group-by: [user, host]
  timespan: 10m
  condition: {gte: 5}
---
`;
  const inner = `sum by (user, host) (count_over_time(${A} [10m])) >= 5`;

  it("temporal: the referenced correlation counts as seen while its condition holds", () => {
    expect(query("type: temporal\nrules: [many_a, b]\ngroup-by: [user]\ntimespan: 5m", INNER)).toBe(
      `count by (user) (sum by (user, sigma_rule) (${tag(inner, "many_a")} or ${tag(`count_over_time(${B} ${NO_ERROR} [5m])`, "b")})) >= 2`,
    );
  });

  it("an alias names the referenced correlation's group-by field", () => {
    expect(query("type: temporal\nrules: [many_a, b]\naliases:\n  account: {many_a: user, b: User}\ngroup-by: [account]\ntimespan: 5m", INNER)).toBe(
      `count by (account) (sum by (account, sigma_rule) (${tag(`label_replace(${inner}, "account", "$1", "user", "(.*)")`, "many_a")} or ` +
        `${tag(`count_over_time(${B} ${NO_ERROR} | label_format account=\`{{.User}}\` [5m])`, "b")})) >= 2`,
    );
  });

  it("temporal with an expression: the correlation's groups", () => {
    expect(query("type: temporal\ncondition: many_a and not b\ngroup-by: [host]\ntimespan: 5m", INNER)).toBe(
      `sum by (host) (${inner}) unless sum by (host) (count_over_time(${B} ${NO_ERROR} [5m]))`,
    );
  });

  it("its group-by must hold the outer group-by", () => {
    expect(refusal("type: temporal\nrules: [many_a, b]\ngroup-by: [domain]\ntimespan: 5m", INNER).message).toContain(
      "Group-by field 'domain' is not among the group-by fields of the referenced correlation 'many_a' (user, host)",
    );
  });

  it("a correlation of no event has no groups", () => {
    const none = INNER.replace("{gte: 5}", "{eq: 0}");
    expect(refusal("type: temporal\nrules: [many_a, b]\ntimespan: 5m", none).message).toContain("'many_a' fires when no event occurs");
  });

  it.each(["event_count", "value_count", "value_sum", "temporal_ordered"])("%s over a correlation: refused, asking for its rules", (type) => {
    const condition = type === "temporal_ordered" ? "" : `\ncondition: {gte: 2${type.startsWith("value") ? ", field: n" : ""}}`;
    expect(refusal(`type: ${type}\nrules: [many_a, b]\ntimespan: 5m${condition}`, INNER).message).toMatch(
      /^'many_a' is a correlation rule: .*; reference the rules it correlates instead/,
    );
  });
});

describe("generate: referenced rules keep their own queries", () => {
  it("a chain (temporal_ordered over a generated event_count): the rules and the inner correlation convert, the outer is refused", () => {
    const file = new URL("../../../fixtures/conformance/cases/correlations/pysigma-tests/test_conversion_correlations__test_correlation_generate_chained_rule.yml", import.meta.url);
    const { output, errors } = convertRules(readFileSync(file, "utf8"), { path: "chained.yml" });
    const WIN = '{job=~"eventlog|winlog|windows|fluentbit.*"} | json';
    expect(output).toEqual([
      `${WIN} | EventID=528 or EventID=4624`,
      `${WIN} | EventID=529 or EventID=4625`,
      `sum by (User) (count_over_time(${WIN} | EventID=529 or EventID=4625 [10m])) >= 10`,
    ]);
    expect(errors.map((e) => [e.message.split(":")[0], e.location?.line])).toEqual([["'multiple_failed_login' is a correlation rule", 38]]);
  });

  it("generate on a two-rule temporal correlation: both rules, then the correlation", () => {
    const { output, errors } = convertRules(document("type: temporal\nrules: [a, b]\ngenerate: true\ntimespan: 5m"), { path: "c.yml" });
    expect(errors).toEqual([]);
    const queries = output as string[];
    expect(queries.slice(0, 2)).toEqual([A, B]);
    expect(queries.at(-1)).toMatch(/^count\(sum by \(sigma_rule\)/);
  });
});

describe("the YAML formats use the metric query as the alert expression", () => {
  const body = "type: temporal\nrules: [a, b]\ngroup-by: [user]\ntimespan: 5m";

  it.each(["ruler", "grafana_alerting"] as const)("%s", (format) => {
    const expected = query(body);
    const { output, errors } = convertRules(document(body), { path: "c.yml", format });
    expect(errors).toEqual([]);
    const doc = load(output as string) as { groups: { rules: Record<string, unknown>[] }[] };
    const alerts = doc.groups[0]?.rules ?? [];
    const alert = alerts[alerts.length - 1] as { expr?: string; data?: { model: { expr: string } }[] };
    expect(alert.expr ?? alert.data?.[0]?.model.expr).toBe(expected);
  });
});
