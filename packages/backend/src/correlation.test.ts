/** Correlation template helpers (§4.5) and their use by the text base. */
import { describe, expect, it } from "vitest";
import { SigmaNotImplementedError, parseCollection } from "@sigma/core";
import type { SigmaRule, Timespan } from "@sigma/core";
import { convert } from "./convert.js";
import {
  DEFAULT_CORRELATION_OPERATORS,
  renderCorrelationSearch,
  renderGroupBy,
  renderTimespan,
  selectCorrelationTemplate,
} from "./correlation.js";
import { createTestBackend } from "./testing/test-backend.js";
import type { Backend } from "./types.js";

const ts = (text: string, count: number, unit: Timespan["unit"], seconds: number): Timespan => ({ text, count, unit, seconds });

describe("correlation helpers", () => {
  it("uses the reference's comparison operators", () => {
    expect(DEFAULT_CORRELATION_OPERATORS).toEqual({ lt: "<", lte: "<=", gt: ">", gte: ">=", eq: "==", neq: "!=" });
  });

  it("selects the type's template, else the method's default, else fails like the reference", () => {
    const templates = { queries: { m: { event_count: "E", default: "D" }, n: { value_count: "V" } } };
    expect(selectCorrelationTemplate(templates, "m", "event_count")).toBe("E");
    expect(selectCorrelationTemplate(templates, "m", "temporal")).toBe("D");
    expect(() => selectCorrelationTemplate(templates, "n", "temporal")).toThrow(SigmaNotImplementedError);
    expect(() => selectCorrelationTemplate(templates, "n", "temporal")).toThrow(
      "Correlation rule type 'temporal' is not supported by backend.",
    );
  });

  it("renders group-by fields through the field quoting, or the no-field form", () => {
    const g = { expression: " by ({fields}) ", joiner: ", ", none: "" };
    expect(renderGroupBy(["a", "b c"], g, (f) => f.replace(/ /g, "_"))).toBe(" by (a, b_c) ");
    expect(renderGroupBy([], g)).toBe("");
  });

  it("renders timespans as seconds, with mapped units, or as written", () => {
    expect(renderTimespan(ts("5m", 5, "m", 300), { seconds: true })).toBe("300");
    expect(renderTimespan(ts("5m", 5, "m", 300), { unitMapping: { m: "min" } })).toBe("5min");
    expect(renderTimespan(ts("2w", 2, "w", 1209600), { unitMapping: { m: "min" } })).toBe("2w");
  });

  it("needs multi-rule templates for several referenced queries", () => {
    const rule = { title: "r", name: "r" } as SigmaRule;
    const two = [{ rule, queries: ["q1", "q2"] }];
    expect(renderCorrelationSearch([{ rule, queries: ["q"] }], { queries: {} })).toBe("q");
    expect(() => renderCorrelationSearch(two, { queries: {} })).toThrow(
      "Multi-rule correlation search expressions are not supported by the backend.",
    );
    expect(
      renderCorrelationSearch(two, { queries: {}, searchMultiRule: { query: "[{rule}: {query}]", joiner: " | ", expression: "{queries}" } }),
    ).toBe("[r: q1] | [r: q2]");
  });
});

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

describe("correlations through the text base", () => {
  it("converts value_count with aggregation, condition field and group-by", () => {
    const corr = `---
title: Many users
correlation:
  type: value_count
  rules: login
  group-by: [src ip]
  timespan: 1h
  condition:
    gt: 3
    field: user
`;
    const out = convert(createTestBackend(), parseCollection(rules + corr));
    expect(out.errors).toEqual([]);
    expect(out.output).toEqual([
      'action="logout"',
      `action="login" | bin _time span=1h | stats dc(user) as value_count by 'src ip' | search value_count>3`,
    ]);
  });

  it("joins several referenced rules with the multi-rule search template", () => {
    const corr = `---
title: Both
correlation:
  type: event_count
  rules: [login, logout]
  timespan: 10m
  condition:
    gte: 2
`;
    const out = convert(createTestBackend(), parseCollection(rules + corr));
    expect(out.output).toEqual([
      '(action="login") OR (action="logout") | bin _time span=10min | stats count as event_count | search event_count>=2',
    ]);
  });

  it("embeds what finalizeCorrelationSubquery makes of the referenced query, whatever the format", () => {
    const base = createTestBackend() as unknown as Backend;
    const backend: Backend = {
      ...base,
      finalizeCorrelationSubquery: (_rule, query) => `index=auth ${query}`,
      finalizeQuery: (_rule, query, _i, ctx) => (ctx.format === "dict" ? { query } : query),
    };
    const corr = `---
title: Logins
correlation:
  type: event_count
  rules: login
  timespan: 5m
  condition:
    gte: 5
`;
    const out = convert(backend, parseCollection(rules + corr), { format: "dict" });
    expect(out.output).toEqual([
      { query: 'action="logout"' },
      { query: 'index=auth action="login" | bin _time span=5min | stats count as event_count | search event_count>=5' },
    ]);
  });
});
