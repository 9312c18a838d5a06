/**
 * Correlation templates through the text base: search (single and multi-rule, aliases), typing,
 * aggregation, group-by, timespan, referenced rules, conditions and extended conditions over rule
 * names. Expected texts follow from the templates below, written by hand.
 */
import { describe, expect, it } from "vitest";
import { parseCollection } from "@sigma/core";
import { convert } from "../convert.js";
import { createTextQueryBackend } from "../text/backend.js";
import type { TextQuerySettings } from "../text/settings.js";
import type { Backend } from "../types.js";
import { correlationKind, dispatchCorrelation, singleRuleSearch } from "./dispatch.js";
import type { CorrelationSettings } from "./settings.js";

const correlation: CorrelationSettings = {
  search: {
    singleRule: "{query}",
    multiRule: "[{queries}]",
    multiRuleQuery: "({query}) as {ruleid}{normalization}",
    multiRuleJoiner: "; ",
    normalization: " set {alias}={field}",
    normalizationJoiner: ",",
  },
  typing: { expression: "types({queries})", query: "{ruleid}:{query}", joiner: "|" },
  methods: {
    stats: {
      query: { default: "{search} | {aggregate} | {condition}", temporal: "{typing} | {aggregate} | {condition}" },
      aggregation: {
        event_count: "count span={timespan}{groupby}",
        value_count: "dc({field}) span={timespan}{groupby}",
        value_percentile: "p{percentile}({field}){groupby}",
        temporal: "seq {referenced_rules}{groupby}",
        temporal_extended: "seq {referenced_rules}",
      },
      condition: {
        event_count: "count{op}{count}",
        value_count: "dc{op}{count}",
        value_percentile: "p{op}{count}",
        temporal: "types>={count}",
        temporal_extended: "where {expression}",
      },
      ruleCondition: { template: "is({ruleid})" },
      groupBy: { expression: " by {fields}", item: "{field}", joiner: "," },
      groupByNoFields: " by all",
      referencedRules: { item: "{ruleid}", joiner: "+" },
    },
  },
  timespanUnits: { m: "min" },
};

const settings: TextQuerySettings = {
  tokens: { and: "AND", or: "OR", not: "NOT", eq: "=" },
  group: "({expr})",
  fieldName: { quote: "'", quotePattern: /^\w+$/ },
  string: { quote: '"', wildcardMulti: "*", wildcardSingle: "?" },
  correlation,
};

const backend = createTextQueryBackend(
  {
    name: "T",
    identifier: "t",
    formats: { default: "" },
    defaultFormat: "default",
    options: {},
    correlationMethods: { stats: "", other: "" },
  },
  settings,
);

const rules = `title: Login
name: login
logsource:
  category: auth
detection:
  sel:
    action: login
  condition: sel
---
title: Logout
name: logout
logsource:
  category: auth
detection:
  sel:
    action: logout
  condition: sel
`;

function correlate(body: string, method?: string, b: Backend = backend) {
  const out = convert(b, parseCollection(`${rules}---\ntitle: C\nname: c\ncorrelation:\n${body}`), method ? { correlationMethod: method } : {});
  return { output: out.output as unknown[], errors: out.errors.map((e) => e.message) };
}

describe("correlation templates", () => {
  it("fills search, aggregation, group-by (quoted), mapped timespan and condition", () => {
    expect(correlate("  type: event_count\n  rules: login\n  group-by: [user, src ip]\n  timespan: 5m\n  condition:\n    gte: 10\n").output).toEqual([
      'action="logout"',
      "action=\"login\" | count span=5min by user,'src ip' | count>=10",
    ]);
  });

  it("uses the no-field group-by, the condition field and percentiles", () => {
    expect(correlate("  type: value_count\n  rules: login\n  timespan: 1h\n  condition:\n    gt: 3\n    field: user\n").output[1]).toBe(
      'action="login" | dc(user) span=1h by all | dc>3',
    );
    expect(
      correlate("  type: value_percentile\n  rules: login\n  timespan: 1h\n  condition:\n    gt: 3\n    field: ms\n    percentile: 95\n").output[1],
    ).toBe('action="login" | p95(ms) by all | p>3');
    expect(correlate("  type: value_percentile\n  rules: login\n  timespan: 1h\n  condition:\n    gt: 3\n    field: ms\n").errors).toEqual([
      "Percentile must be specified in condition for value_percentile correlation type in rule 'c'",
    ]);
  });

  it("joins several rules with the multi-rule templates and their alias assignments", () => {
    const out = correlate(
      "  type: event_count\n  rules: [login, logout]\n  aliases:\n    u:\n      login: user\n      logout: usr\n  timespan: 2m\n  condition:\n    gte: 2\n",
    );
    expect(out.output).toEqual(['[(action="login") as login set u=user; (action="logout") as logout set u=usr] | count span=2min by all | count>=2']);
  });

  it("passes each referenced query through the search and typing hooks", () => {
    const hooked = createTextQueryBackend(
      { name: "T", identifier: "t", formats: { default: "" }, defaultFormat: "default", options: {}, correlationMethods: { stats: "" } },
      settings,
      { multiRuleSearchQuery: (query) => `search ${query}`, typingQuery: (query) => query.toUpperCase() },
    );
    expect(correlate("  type: event_count\n  rules: [login, logout]\n  timespan: 2m\n  condition:\n    gte: 2\n", undefined, hooked).output).toEqual([
      '[(search action="login") as login; (search action="logout") as logout] | count span=2min by all | count>=2',
    ]);
    expect(correlate("  type: temporal\n  rules: [login, logout]\n  timespan: 2m\n", undefined, hooked).output[0]).toMatch(
      /^types\(login:ACTION="LOGIN"\|logout:ACTION="LOGOUT"\)/,
    );
  });

  it("writes typing and referenced rules where the frame asks for them", () => {
    expect(correlate("  type: temporal\n  rules: [login, logout]\n  group-by: [user]\n  timespan: 2m\n").output).toEqual([
      'types(login:action="login"|logout:action="logout") | seq login+logout by user | types>=2',
    ]);
  });

  it("writes an extended condition over rule names with the language's operators (frame: the method's default)", () => {
    expect(correlate("  type: temporal\n  rules: [login, logout]\n  timespan: 2m\n  condition: login and not (logout or login)\n").output).toEqual([
      '[(action="login") as login; (action="logout") as logout] | seq login+logout | where is(login) AND NOT (is(logout) OR is(login))',
    ]);
  });

  it("fails kinds and methods the templates do not cover, with the reference's messages", () => {
    expect(correlate("  type: value_sum\n  rules: login\n  timespan: 1h\n  condition:\n    gt: 3\n    field: n\n").errors).toEqual([
      "Correlation type 'value_sum' is not supported by backend.",
    ]);
    expect(correlate("  type: event_count\n  rules: login\n  timespan: 1h\n  condition:\n    gt: 3\n", "other").errors).toEqual([
      "Correlation method 'other' is not supported by backend for correlation type 'event_count'.",
    ]);
  });

  it("fails several rules without multi-rule templates", () => {
    const single = createTextQueryBackend(
      { name: "T", identifier: "t", formats: { default: "" }, defaultFormat: "default", options: {}, correlationMethods: { stats: "" } },
      { ...settings, correlation: { ...correlation, search: { singleRule: "{query}" } } },
    );
    expect(correlate("  type: event_count\n  rules: [login, logout]\n  timespan: 1h\n  condition:\n    gt: 3\n", undefined, single).errors).toEqual([
      "Multi-rule correlation search expressions are not supported by the backend.",
    ]);
  });
});

describe("correlation dispatch", () => {
  const [corr] = parseCollection(`${rules}---\ntitle: C\ncorrelation:\n  type: temporal\n  rules: [login, logout]\n  timespan: 1m\n  condition: login and logout\n`).rules.slice(2);

  it("names extended temporal rules by their condition", () => {
    expect(corr?.kind === "correlation" && correlationKind(corr)).toBe("temporal_extended");
  });

  it("calls the converter of the kind, else fails like the reference", () => {
    if (corr?.kind !== "correlation") throw new Error("no correlation");
    expect(dispatchCorrelation(corr, { temporal_extended: () => "yes" })).toBe("yes");
    expect(() => dispatchCorrelation(corr, { temporal: () => "no" })).toThrow("Correlation rule type 'temporal_extended' is not supported by backend.");
  });

  it("takes the one query of a single-rule correlation", () => {
    if (corr?.kind !== "correlation") throw new Error("no correlation");
    expect(singleRuleSearch(corr, [{ queries: ["q"] }])).toBe("q");
    expect(() => singleRuleSearch(corr, [{ queries: ["q"] }, { queries: ["r"] }])).toThrow(
      "Multi-rule correlation search expressions are not supported by the backend.",
    );
  });
});
