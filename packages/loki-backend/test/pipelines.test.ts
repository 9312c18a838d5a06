/**
 * Pipelines, custom attributes and filters (spec §5.13 P01–P09), through `convertRules`.
 */
import { describe, expect, it } from "vitest";
import { convertRules, loadPipeline } from "../src/index.js";

function rule(logsource: string, detection: string): string {
  return `title: Test
status: test
logsource: ${logsource}
detection: ${detection}
`;
}

function convertOk(text: string, pipelines: Parameters<typeof convertRules>[1] extends infer O ? O : never): unknown {
  const result = convertRules(text, pipelines);
  expect(result.errors.map(String)).toEqual([]);
  return result.output;
}

describe("§5.13 pipelines", () => {
  it("P01 loki_grafana_logfmt", () => {
    const text = rule(
      "{product: test, service: test}",
      "{sel-path: [{c-uri: /a/path/to/something}, {cs-uri-query: /a/different/path}], sel: {sc-status: 200}, condition: all of sel*}",
    );
    expect(convertOk(text, { pipelines: ["loki_grafana_logfmt"] })).toEqual([
      '{job=~".+"} | logfmt | (path=~`(?i)^/a/path/to/something$` or path=~`(?i)^/a/different/path$`) and status=200',
    ]);
  });

  it("P01 also under the original README's name loki_log_parser", () => {
    const text = rule("{product: test, service: test}", "{sel: {c-uri: /a/path, sc-status: 200}, condition: sel}");
    expect(convertOk(text, { pipelines: ["loki_log_parser"] })).toEqual([
      '{job=~".+"} | logfmt | path=~`(?i)^/a/path$` and status=200',
    ]);
  });

  it("P02 also under the alias loki_promtail_sysmon_message", () => {
    const text = rule("{product: windows, service: sysmon}", "{sel: {EventID: 1}, condition: sel}");
    expect(convertOk(text, { pipelines: ["loki_promtail_sysmon_message"] })).toEqual(
      convertOk(text, { pipelines: ["loki_promtail_sysmon"] }),
    );
  });

  it("P02 loki_promtail_sysmon", () => {
    const text = rule("{product: windows, service: sysmon}", "{sel: {Image|endswith: .exe, EventID: 1}, condition: sel}");
    expect(convertOk(text, { pipelines: ["loki_promtail_sysmon"] })).toEqual([
      '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | label_format Message=`{{ .message | replace "\\\\" "\\\\\\\\" | replace "\\"" "\\\\\\"" }}` | line_format `{{ regexReplaceAll "([^:]+): ?((?:[^\\\\r]*|$))(\\r\\n|$)" .Message "${1}=\\"${2}\\" "}}` | logfmt | Image=~`(?i)(?s:.*)\\.exe$` and event_id=1',
    ]);
  });

  it("P03 loki_okta_system_log", () => {
    const text = rule(
      "{product: okta, service: okta}",
      "{sel: {eventType: [policy.lifecycle.update, policy.lifecycle.delete], legacyeventtype: core.user_auth.login_failed, displaymessage: Failed login to Okta}, condition: sel}",
    );
    expect(convertOk(text, { pipelines: ["loki_okta_system_log"] })).toEqual([
      "{job=~\".+\"} | json | (event_eventType=~`(?i)^policy\\.lifecycle\\.update$` or event_eventType=~`(?i)^policy\\.lifecycle\\.delete$`) and event_legacyEventType=~`(?i)^core\\.user_auth\\.login_failed$` and event_displayMessage=~`(?i)^Failed\\ login\\ to\\ Okta$`",
    ]);
  });

  it("P04 set_custom_log_source with template", () => {
    const pipeline = loadPipeline(`name: custom
priority: 20
transformations:
  - type: set_custom_log_source
    template: true
    selection:
      job: [a, b, c]
      message|fieldref: msg
      env: $product
`);
    const text = rule("{product: test, service: test}", "{sel: {msg: testing}, condition: sel}");
    expect(convertOk(text, { pipelines: [pipeline] })).toEqual([
      "{job=~`a|b|c`,message=`testing`,env=`test`} | logfmt | msg=~`(?i)^testing$`",
    ]);
  });

  // The reference's P06 output, `{eventType!=`…`,stream!~`.*out`} | logfmt | …`, has only matchers
  // that accept a missing label: Loki refuses such a selector ("queries require at least one regexp
  // or equality matcher that does not have an empty-compatible value"). Issue 16: a located error.
  it("P06 set_custom_log_source from negated references only: a selector Loki refuses is a rule error", () => {
    const pipeline = loadPipeline(`name: custom
transformations:
  - type: set_custom_log_source
    selection:
      eventType|fieldref: eventType
      stream|fieldref: ruleField
`);
    const text = rule(
      "{product: okta, service: okta}",
      "{sel1: {legacyeventtype: core.user_auth.login_failed, displaymessage: Failed login to Okta}, sel2: {eventType: policy.lifecycle.update, ruleField|re: '.*out'}, condition: sel1 and not sel2}",
    );
    const { output, errors } = convertRules(text, { pipelines: [pipeline], path: "r.yml" });
    expect(output).toEqual([]);
    expect(errors.map(String)).toEqual([
      "r.yml:1:1: Custom attribute 'logsource_loki_selection' must be a LogQL stream selector such as {job=\"x\", app=~\"y.+\"}; " +
        "\"{eventType!=`policy.lifecycle.update`,stream!~`.*out`}\" is not: queries require at least one regexp or equality matcher " +
        'that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    ]);
  });

  it("P08 set_custom_attribute for parser and stream selector", () => {
    const pipeline = loadPipeline(`name: custom
transformations:
  - type: set_custom_attribute
    attribute: loki_parser
    value: "json | line_format \`{{.message}}\` | logfmt"
  - type: set_custom_attribute
    attribute: logsource_loki_selection
    value: "{job=\`mylogs\`,filename=~\`.*[\\\\d]+.log$\`}"
`);
    const text = rule("{product: test, service: test}", "{sel: {msg: testing}, condition: sel}");
    expect(convertOk(text, { pipelines: [pipeline] })).toEqual([
      "{job=`mylogs`,filename=~`.*[\\d]+.log$`} | json | line_format `{{.message}}` | logfmt | msg=~`(?i)^testing$`",
    ]);
  });

  it("P09 Sigma filter", () => {
    const text = `title: Test
name: test_rule
status: test
logsource: {category: test_category, product: test_product}
detection: {sel: {fieldA: valueA}, condition: sel}
---
title: Filter
status: test
logsource: {category: test_category, product: test_product}
filter:
  rules: [test_rule]
  selection: {fieldB: valueB}
  condition: not selection
`;
    expect(convertOk(text, {})).toEqual(['{job=~".+"} | logfmt | fieldA=~`(?i)^valueA$` and fieldB!~`(?i)^valueB$`']);
  });
});

describe("convertRules", () => {
  it("collects rule errors instead of throwing", () => {
    const result = convertRules(rule("{product: test}", "{sel: {fieldA|week: 1}, condition: sel}"));
    expect(result.errors.map((e) => e.message)).toEqual([
      "Field equals week value expressions are not supported by the backend",
    ]);
  });
  it("throws for an unknown pipeline name", () => {
    expect(() => convertRules(rule("{product: test}", "{sel: {a: b}, condition: sel}"), { pipelines: ["nope"] })).toThrow(
      "The pipeline 'nope' was not found.",
    );
  });
});
