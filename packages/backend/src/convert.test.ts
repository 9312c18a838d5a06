/**
 * The orchestration (§4.1, §4.5): formats, options, condition lists, correlation ordering and
 * `generate`, per-rule error collection with locations, output finalisation.
 */
import { describe, expect, it } from "vitest";
import {
  SigmaBackendError,
  SigmaConversionError,
  SigmaFeatureNotSupportedByBackendError,
  parseCollection,
} from "@sigma/core";
import { convert, convertEach, createConversion } from "./convert.js";
import { createTestBackend } from "./testing/test-backend.js";
import type { Backend } from "./types.js";

const backend = createTestBackend();

const baseRule = `title: Failed logon
name: failed_logon
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4625
  condition: selection
`;

const correlation = (extra = ""): string => `title: Many failed logons
name: many_failed
correlation:
  type: event_count
  rules:
    - failed_logon
  group-by:
    - TargetUserName
  timespan: 5m
  condition:
    gte: 10
${extra}`;

const eventCountQuery =
  "EventID=4625 | bin _time span=5min | stats count as event_count by TargetUserName | search event_count>=10";

describe("convert: formats and options", () => {
  it("rejects an unknown output format with the reference's message", () => {
    expect(() => convert(backend, [], { format: "xml" })).toThrow(SigmaBackendError);
    expect(() => convert(backend, [], { format: "xml" })).toThrow(
      "Unknown output format 'xml', must be one of: default, text, dict",
    );
  });

  it("rejects unknown options and values of the wrong type", () => {
    // @ts-expect-error the options of a typed backend are known: a misspelt name does not compile
    expect(() => convert(backend, [], { options: { colour: "red" } })).toThrow(
      "Parameter 'colour' is not supported by backend 'test'.",
    );
    expect(() => convert(backend, [], { options: { no_not: "maybe" } })).toThrow(
      "Option 'no_not' of backend 'test' expects true or false, got 'maybe'.",
    );
    expect(() => convert(backend, [], { options: { limit: "ten" } })).toThrow("expects a number");
    // @ts-expect-error a list is what the CLI makes of a key given twice, never a valid value
    expect(() => convert(backend, [], { options: { prefix: ["a", "b"] } })).toThrow("was given 2 times");
  });

  it("applies defaults and coerces command-line strings", () => {
    // @ts-expect-error a number for a string option is accepted at run time (its text), not typed
    const ctx = createConversion(backend, { options: { no_not: "TRUE", limit: "1_000", prefix: 7 } }).context;
    expect(ctx.options).toEqual({ no_not: true, deferred_keywords: false, prefix: "7", limit: 1000 });
  });

  // Issue 16: the library reads option text as the CLI does (one implementation, coerceOptionText).
  it.each([
    ["yes", true],
    ["On", true],
    ["1", true],
    ["no", false],
    ["OFF", false],
    ["0", false],
  ])("reads %s for a boolean option as the CLI does", (text, value) => {
    expect(createConversion(backend, { options: { no_not: text } }).context.options.no_not).toBe(value);
  });

  it("reads numbers as the CLI does (Python int, a fraction too)", () => {
    expect(createConversion(backend, { options: { limit: " +0_12 " } }).context.options.limit).toBe(12);
    expect(createConversion(backend, { options: { limit: "2.5" } }).context.options.limit).toBe(2.5);
  });

  it("rejects an unknown correlation method", () => {
    expect(() => convert(backend, [], { correlationMethod: "eql" })).toThrow(
      "Correlation method 'eql' is not supported by backend 'test', must be one of: stats",
    );
  });

  it("finalises queries and output per format", () => {
    const rules = parseCollection(baseRule);
    expect(convert(backend, rules).output).toEqual(["EventID=4625"]);
    expect(convert(backend, rules, { format: "dict" }).output).toEqual([{ title: "Failed logon", query: "EventID=4625" }]);
    const two = parseCollection(`${baseRule}---\n${baseRule.replace("4625", "4624").replace("name: failed_logon\n", "")}`);
    expect(convert(backend, two, { format: "text" }).output).toBe("EventID=4625\nEventID=4624");
  });
});

describe("convert: rules and condition lists", () => {
  it("gives one query per condition, in order", () => {
    const out = convert(backend, parseCollection(baseRule.replace("condition: selection", "condition:\n    - selection\n    - not selection")));
    expect(out.results[0]?.queries).toEqual(["EventID=4625", "NOT EventID=4625"]);
  });

  it("streams results rule by rule", () => {
    const gen = convertEach(backend, parseCollection(`${baseRule}---\n${baseRule.replace("name: failed_logon\n", "")}`));
    const first = gen.next();
    expect(first.done).toBe(false);
    expect(first.value && first.value.queries).toEqual(["EventID=4625"]);
    expect([...gen]).toHaveLength(1);
  });
});

describe("convert: correlations", () => {
  it("converts referenced rules first and emits no standalone query without generate", () => {
    const out = convert(backend, parseCollection(`${correlation()}---\n${baseRule}`));
    expect(out.errors).toEqual([]);
    expect(out.results.map((r) => [r.rule.title, r.referencedOnly, r.queries])).toEqual([
      ["Failed logon", true, []],
      ["Many failed logons", false, [eventCountQuery]],
    ]);
    expect(out.output).toEqual([eventCountQuery]);
  });

  it("also emits the referenced rule's query with generate: true", () => {
    const out = convert(backend, parseCollection(`${baseRule}---\n${correlation("  generate: true\n")}`));
    expect(out.output).toEqual(["EventID=4625", eventCountQuery]);
  });

  it("follows pySigma's order with referenceRuleOrder: referenced rules first, nested correlations before their rules fail", () => {
    const reference: Backend = { ...(backend as unknown as Backend), referenceRuleOrder: true };
    const other = baseRule.replace("name: failed_logon\n", "").replace("Failed logon", "Other").replace("4625", "1");
    const ordered = convert(reference, parseCollection(`${other}---\n${correlation("  generate: true\n")}---\n${baseRule}`));
    expect(ordered.results.map((r) => r.rule.title)).toEqual(["Failed logon", "Other", "Many failed logons"]);
    const nested = `title: Top
correlation:
  type: event_count
  rules: many_failed
  timespan: 1h
  condition:
    gte: 2
---
${correlation()}---
${baseRule}`;
    expect(convert(backend, parseCollection(nested)).errors).toEqual([]);
    expect(convert(reference, parseCollection(nested)).errors.map((e) => e.message)).toEqual([
      "Conversion result not available in rule 'Failed logon'",
      expect.stringMatching(/^Rule 'many_failed' referenced by the correlation could not be converted/),
    ]);
  });

  it("reports unsupported correlation types with the reference's message", () => {
    const temporal = correlation().replace("type: event_count", "type: temporal");
    const out = convert(backend, parseCollection(`${baseRule}---\n${temporal}`));
    expect(out.errors.map((e) => e.message)).toEqual(["Correlation rule type 'temporal' is not supported by backend."]);
  });

  it("fails a correlation whose referenced rule failed, naming the rule", () => {
    const bad = baseRule.replace("EventID: 4625", "EventID|week: 3");
    const out = convert(backend, parseCollection(`${bad}---\n${correlation()}`));
    expect(out.errors).toHaveLength(2);
    expect(out.errors[1]?.message).toContain("Rule 'failed_logon' referenced by the correlation could not be converted");
  });

  it("reports correlations on a backend without correlation support", () => {
    const plain: Backend = { ...(backend as unknown as Backend), correlationMethods: {} };
    const out = convert(plain, parseCollection(`${baseRule}---\n${correlation()}`));
    expect(out.errors.map((e) => e.message)).toEqual(["Backend does not support correlation rules."]);
  });
});

describe("convert: per-rule errors", () => {
  const three = `${baseRule.replace("name: failed_logon\n", "")}---\n${baseRule
    .replace("name: failed_logon\n", "")
    .replace("EventID: 4625", "EventID|week: 3")}---\n${baseRule.replace("name: failed_logon\n", "").replace("4625", "1")}`;

  it("records a SigmaError with the rule's location and converts the other rules", () => {
    const out = convert(backend, parseCollection(three, { path: "rules.yml" }));
    expect(out.output).toEqual(["EventID=4625", "EventID=1"]);
    expect(out.errors).toHaveLength(1);
    const error = out.errors[0];
    expect(error).toBeInstanceOf(SigmaFeatureNotSupportedByBackendError);
    expect(error?.location?.path).toBe("rules.yml");
    const line = three.split("\n").findIndex((l) => l.includes("EventID|week")) + 1;
    expect(error?.location?.line).toBe(line);
    expect(out.results[1]?.errors).toEqual([error]);
  });

  it("throws the first rule error when errors are not collected", () => {
    expect(() => convert(backend, parseCollection(three, { path: "rules.yml" }), { collectErrors: false })).toThrow(
      "Field equals timestamp part value expressions are not supported by the backend.",
    );
  });

  it("wraps other exceptions into a SigmaConversionError naming the rule's source", () => {
    const crashing: Backend = {
      ...(backend as unknown as Backend),
      convertRule(rule) {
        if (rule.detection.definitions.get("selection")?.items.length === 1 && rule.title === "Boom") {
          throw new TypeError("cannot read x of undefined");
        }
        return ["ok"];
      },
    };
    const out = convert(crashing, parseCollection(`${baseRule}---\n${baseRule.replace("Failed logon", "Boom").replace("name: failed_logon\n", "")}`, { path: "r.yml" }));
    expect(out.output).toEqual(["ok"]);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toBeInstanceOf(SigmaConversionError);
    expect(out.errors[0]?.message).toMatch(/^cannot read x of undefined \(while converting rule r\.yml:\d+/);
  });

  it("passes rules with parse errors through as errors without converting them", () => {
    const collection = parseCollection(`${baseRule}---\n${baseRule.replace("title: Failed logon", "title: 3\nlevel: extreme")}`, {
      collectErrors: true,
      path: "p.yml",
    });
    const out = convert(backend, collection);
    expect(out.output).toEqual(["EventID=4625"]);
    expect(out.errors.length).toBeGreaterThan(0);
  });
});

describe("convert: warnings", () => {
  it("gives each rule the warnings its conversion recorded, and converts it all the same", () => {
    const warning: Backend = {
      ...(createTestBackend() as unknown as Backend),
      convertRule(rule, ctx) {
        if (rule.title === "Long") ctx.warn("query too long to split");
        return [rule.title];
      },
    };
    const text = `${baseRule.replace("Failed logon", "Long")}---\n${baseRule.replace("name: failed_logon\n", "")}`;
    const out = convert(warning, parseCollection(text));
    expect(out.results.map((r) => [r.queries, r.warnings])).toEqual([
      [["Long"], ["query too long to split"]],
      [["Failed logon"], []],
    ]);
    // finalize reads only the queries
    expect(createConversion(warning).finalize([{ queries: ["a"] }, { queries: ["b"] }])).toEqual(["a", "b"]);
  });
});

describe("convert: per-run state", () => {
  const counting = (): Backend => ({
    ...(createTestBackend() as unknown as Backend),
    convertRule: (_rule, ctx) => [`q${ctx.nextId("q")}`],
  });
  const two = `${baseRule}---\n${baseRule.replace("name: failed_logon\n", "")}`;

  it("keeps counters per conversion, so one backend serves interleaved runs", () => {
    const backend = counting();
    const a = createConversion(backend).convertEach(parseCollection(two));
    const b = createConversion(backend).convertEach(parseCollection(two));
    expect([a.next().value?.queries, b.next().value?.queries, a.next().value?.queries, b.next().value?.queries]).toEqual([
      ["q0"],
      ["q0"],
      ["q1"],
      ["q1"],
    ]);
  });

  it("records an exception of finalizeQuery against the rule", () => {
    const backend: Backend = {
      ...(createTestBackend() as unknown as Backend),
      finalizeQuery: () => {
        throw new RangeError("bad format");
      },
    };
    const out = convert(backend, parseCollection(baseRule, { path: "f.yml" }));
    expect(out.output).toEqual([]);
    expect(out.errors[0]?.message).toMatch(/^bad format \(while finalizing query for rule f\.yml/);
  });
});
