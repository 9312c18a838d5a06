import { SigmaFeatureNotSupportedByBackendError } from "@sigma/core";
import { describe, expect, it } from "vitest";
import {
  CustomLogSourceErrors,
  customLogSourceSelector,
  setCustomAttribute,
  setCustomLogSource,
  type CustomLogSourceOptions,
} from "../src/index.js";
import { ruleWith, fixtureRules } from "./rules.js";
import { example, shippedPipelines, streamSelector } from "./fixtures.js";

describe("set_custom_log_source: spec examples", () => {
  it("P04: list → alternation, fieldref → the rule's value, template → log source", () => {
    const p04 = example("P04");
    const item = p04.pipelineItem as {
      type: string;
      template: boolean;
      selection: Record<string, unknown>;
    };
    expect(item.type).toBe("set_custom_log_source");
    const rule = ruleWith(p04.detection, p04.logsource);
    const selector = customLogSourceSelector(rule, { selection: item.selection, template: item.template });
    expect(selector).toBe(streamSelector(p04.query));
    expect(selector).toBe("{job=~`a|b|c`,message=`testing`,env=`test`}");
  });

  it("P06: references under a NOT give != and !~", () => {
    const p06 = example("P06");
    const rule = ruleWith(p06.detection);
    expect(customLogSourceSelector(rule, { selection: p06.selection ?? {} })).toBe(streamSelector(p06.query));
  });

  it("P06 as a transformation: stores the selector and keeps the rule's own detections", () => {
    const p06 = example("P06");
    const rule = ruleWith(p06.detection);
    const before = [...rule.detection.definitions.keys()];
    setCustomLogSource({ selection: p06.selection ?? {} }).apply(rule);
    expect(rule.customAttributes["logsource_loki_selection"]).toBe(streamSelector(p06.query));
    expect([...rule.detection.definitions.keys()]).toEqual(before);
  });
});

describe("set_custom_log_source: values", () => {
  const rule = ruleWith({
    sel: { single: "one", many: ["x.y", "z*"] },
    other: { "pattern|re": "fo+|ba[rz]" },
    condition: "sel and other",
  });
  const selectorOf = (selection: CustomLogSourceOptions["selection"], more: Partial<CustomLogSourceOptions> = {}) =>
    customLogSourceSelector(rule, { selection, ...more });

  it("writes plain strings with = and backticks", () => {
    expect(selectorOf({ job: "app" })).toBe("{job=`app`}");
  });

  it("turns wildcards, |contains and lists into unanchored =~ regexes (Python re.escape)", () => {
    expect(selectorOf({ name: "okta*" })).toBe("{name=~`okta.*`}");
    expect(selectorOf({ "namespace|contains": "lo-ki" })).toBe("{namespace=~`.*lo\\-ki.*`}");
    expect(selectorOf({ stream: ["stderr", "std out"] })).toBe("{stream=~`stderr|std\\ out`}");
  });

  it("passes |re through and adds (?i) only with case_insensitive", () => {
    expect(selectorOf({ "name|re": "okta.*" })).toBe("{name=~`okta.*`}");
    expect(selectorOf({ name: "okta*" }, { caseInsensitive: true })).toBe("{name=~`(?i)okta.*`}");
    expect(selectorOf({ job: ["a", "b"] }, { caseInsensitive: true })).toBe("{job=~`(?i)a|b`}");
  });

  it("sanitises label names and keeps the selection's order", () => {
    expect(selectorOf({ "b.c": "1", "0a": "2", a: "3" })).toBe("{b_c=`1`,_0a=`2`,a=`3`}");
  });

  it("quotes values containing a backtick with double quotes, escaping \\ and \"", () => {
    expect(selectorOf({ job: 'a`b"c\\d' })).toBe('{job="a`b\\"c\\\\d"}');
  });

  it("takes referenced values from the rule: one plain string → =, several → =~ alternation", () => {
    expect(selectorOf({ "lbl|fieldref": "single" })).toBe("{lbl=`one`}");
    expect(selectorOf({ "lbl|fieldref": "many" })).toBe("{lbl=~`x\\.y|z.*`}");
    expect(selectorOf({ "lbl|fieldref": "pattern" })).toBe("{lbl=~`fo+|ba[rz]`}");
  });

  it("skips a reference to a field the rule does not use", () => {
    expect(selectorOf({ job: "a", "lbl|fieldref": "missing" })).toBe("{job=`a`}");
  });

  it("skips a reference whose field is used both negated and not negated", () => {
    const [mixed] = fixtureRules(
      "conformance/cases/features/loki-tests/test_pipelines_loki__test_skip_both_negated_and_positive_custom_log_source_pipeline.yml",
    );
    if (mixed?.kind !== "rule") throw new Error("expected a rule");
    expect(customLogSourceSelector(mixed, { selection: { job: "okta", "eventType|fieldref": "eventType" } })).toBe(
      "{job=`okta`}",
    );
  });

  it("ignores keywords of the rule when looking up references", () => {
    const [withKeywords] = fixtureRules(
      "conformance/cases/features/loki-tests/test_pipelines_loki__test_custom_log_source_rule_with_keywords.yml",
    );
    if (withKeywords?.kind !== "rule") throw new Error("expected a rule");
    expect(customLogSourceSelector(withKeywords, { selection: { "msg|fieldref": "msg" } })).toBe(
      "{msg=`Failed login to Okta`}",
    );
  });

  it("collects referenced values over every condition of a multi-condition rule", () => {
    const [multiple] = fixtureRules(
      "conformance/cases/features/loki-tests/test_pipelines_loki__test_multiple_custom_log_source_pipeline.yml",
    );
    if (multiple?.kind !== "rule") throw new Error("expected a rule");
    expect(customLogSourceSelector(multiple, { selection: { "eventType|fieldref": "eventType" } })).toBe(
      "{eventType=~`policy\\.lifecycle\\.update|policy\\.lifecycle\\.del.*|policy\\.life.*\\.`}",
    );
  });

  it("substitutes $category, $product and $service with template", () => {
    const windows = ruleWith("{sel: {a: b}, condition: sel}", "{product: windows, category: process_creation, service: sysmon}");
    const selection = { p: "$product", c: "${category}-x", s: "$service", d: "$$product", u: "$unknown" };
    expect(customLogSourceSelector(windows, { selection, template: true })).toBe(
      "{p=`windows`,c=`process_creation-x`,s=`sysmon`,d=`$product`,u=`$unknown`}",
    );
    expect(customLogSourceSelector(windows, { selection: { p: "$product" } })).toBe("{p=`$product`}");
  });

  it("writes a log source field the rule lacks as None (Python's safe_substitute of None)", () => {
    const noService = ruleWith("{sel: {a: b}, condition: sel}", "{product: windows}");
    expect(customLogSourceSelector(noService, { selection: { s: "$service" }, template: true })).toBe("{s=`None`}");
  });
});

describe("set_custom_log_source: errors", () => {
  const rule = ruleWith("{sel: {a: b}, condition: sel}");
  const failure = (selection: CustomLogSourceOptions["selection"]) => {
    try {
      customLogSourceSelector(rule, { selection });
    } catch (error) {
      expect(error).toBeInstanceOf(SigmaFeatureNotSupportedByBackendError);
      return (error as Error).message;
    }
    throw new Error("no error");
  };

  it("uses the messages of §5.6", () => {
    const quoted = shippedPipelines.set_custom_log_source.errors;
    for (const message of Object.values(CustomLogSourceErrors)) {
      expect(quoted.some((q) => ("equals" in q ? q.equals === message : message.endsWith(q.endsWith))), message).toBe(true);
    }
  });

  it("rejects keywords", () => {
    expect(failure({ "": "value" })).toBe(CustomLogSourceErrors.fieldEqualsValue);
    expect(failure(["value"])).toBe(CustomLogSourceErrors.fieldEqualsValue);
  });

  it("rejects an OR across different labels", () => {
    expect(failure([{ a: "x" }, { b: "y" }])).toBe(CustomLogSourceErrors.singleFieldOr);
  });

  it("accepts an OR of single-label maps on the same label", () => {
    expect(customLogSourceSelector(rule, { selection: [{ a: "x" }, { a: "y" }] })).toBe("{a=~`x|y`}");
  });

  it("rejects ORs that nest further", () => {
    expect(failure([{ a: "x", b: "y" }, { a: "z" }])).toBe(CustomLogSourceErrors.singleNesting);
  });

  it("rejects values other than strings, field references and regexes", () => {
    expect(failure({ "a|cidr": "10.0.0.0/8" })).toBe(CustomLogSourceErrors.valueTypes);
    expect(failure({ a: null })).toBe(CustomLogSourceErrors.valueTypes);
    expect(failure({ a: true })).toBe(CustomLogSourceErrors.valueTypes);
  });

  it("rejects two required values for one label", () => {
    expect(failure({ "a|all": ["x", "y"] })).toBe(CustomLogSourceErrors.oneValue);
  });
});

describe("set_custom_log_source on correlation rules", () => {
  it("sets the selector on each referenced rule", () => {
    const rules = fixtureRules(
      "conformance/cases/correlations/loki-tests/test_pipelines_loki__test_set_custom_log_source_correlation_rule.yml",
    );
    const correlation = rules.find((r) => r.kind === "correlation");
    if (correlation?.kind !== "correlation") throw new Error("expected a correlation");
    setCustomLogSource({ selection: { "eventtype|fieldref": "legacyeventtype" } }).apply(correlation);
    const [base] = correlation.rules;
    expect(base?.customAttributes["logsource_loki_selection"]).toBe("{eventtype=`core.user_auth.login_failed`}");
    expect(correlation.customAttributes["logsource_loki_selection"]).toBeUndefined();
  });
});

describe("set_custom_attribute", () => {
  it("P08: sets loki_parser and logsource_loki_selection", () => {
    const p08 = example("P08");
    const { loki_parser: parser, logsource_loki_selection: selection } = p08.customAttributes ?? {};
    const rule = ruleWith(p08.detection);
    setCustomAttribute("loki_parser", parser).apply(rule);
    setCustomAttribute("logsource_loki_selection", selection).apply(rule);
    expect(rule.customAttributes).toMatchObject({ loki_parser: parser, logsource_loki_selection: selection });
    // The backend then uses them verbatim (§5.3).
    expect(p08.query.startsWith(`${selection} | ${parser} | `)).toBe(true);
  });

  it("works on correlation rules", () => {
    const correlation = fixtureRules(
      "conformance/cases/correlations/loki-tests/test_pipelines_loki__test_set_custom_attribute_correlation_rule.yml",
    ).find((r) => r.kind === "correlation");
    if (!correlation) throw new Error("expected a correlation");
    setCustomAttribute("loki_parser", "json").apply(correlation);
    expect(correlation.customAttributes["loki_parser"]).toBe("json");
  });
});
