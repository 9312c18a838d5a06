/**
 * Loki's custom attributes are LogQL fragments pasted into the query (issue 16): `loki_parser`
 * must be pipeline stages and `logsource_loki_selection` a stream selector. Anything else is a
 * located error, from the rule or from the pipeline that sets it; never a query that means
 * something else than it shows.
 */
import { describe, expect, it } from "vitest";
import { SigmaConfigurationError, SigmaValueError, SigmaBackendError, convertRules, loadPipeline } from "../src/index.js";
import { PROMTAIL_SYSMON_PARSER } from "../src/reexport/pipelines.js";
import { validateLogQL } from "../src/validate/index.js";

const rule = (extra: string): string =>
  `title: t\nlogsource: {product: p}\ndetection:\n  sel:\n    a: x\n    b: 1\n  condition: sel\n${extra}\n`;

function converted(extra: string): string[] {
  const { output, errors } = convertRules(rule(extra), { path: "r.yml" });
  expect(errors).toEqual([]);
  const queries = output as string[];
  for (const q of queries) expect(validateLogQL(q), q).toEqual([]);
  return queries;
}

function refused(extra: string): SigmaValueError {
  const { output, errors } = convertRules(rule(extra), { path: "r.yml" });
  expect(output).toEqual([]);
  expect(errors).toHaveLength(1);
  const [error] = errors;
  expect(error).toBeInstanceOf(SigmaValueError);
  expect(error?.location).toMatchObject({ path: "r.yml", line: 1, column: 1 });
  return error as SigmaValueError;
}

describe("loki_parser: LogQL pipeline stages", () => {
  it.each([
    ["json", "| json | a=~`(?i)^x$` and b=1"],
    ["logfmt", "| logfmt | a=~"],
    ["unpack", "| unpack | a=~"],
    ["'| json |'", "| json | a=~"],
    ["'json a=\"b\", c'", '| json a="b", c | a=~'],
    ["'logfmt --strict a'", "| logfmt --strict a | a=~"],
    ["'pattern \"<_> <a> <b>\"'", '| pattern "<_> <a> <b>" | a=~'],
    ["'regexp \"(?P<a>\\\\w+) (?P<b>\\\\d+)\"'", '| regexp "(?P<a>\\\\w+) (?P<b>\\\\d+)" | a=~'],
    ["'json | line_format \"{{.message}}\" | logfmt'", '| json | line_format "{{.message}}" | logfmt | a=~'],
    ["'json | drop __error__'", "| json | drop __error__ | a=~"],
  ])("%s", (value, expected) => {
    const [query] = converted(`loki_parser: ${value}`);
    expect(query).toContain(expected);
  });

  it("the promtail sysmon parser of loki_promtail_sysmon", () => {
    expect(converted(`loki_parser: ${JSON.stringify(PROMTAIL_SYSMON_PARSER)}`)[0]).toContain(PROMTAIL_SYSMON_PARSER);
  });

  it.each([
    ["'json #'", "'#' at character 6 starts a LogQL comment"],
    ["'json # x'", "starts a LogQL comment"],
    ["'json | a=\"x\" or vector(1)'", "does not parse as LogQL"],
    ["'json) or vector(1'", "does not parse as LogQL"],
    ["'json `'", "does not parse as LogQL"],
    ["'{job=\"x\"}'", "does not parse as LogQL"],
    ["'|'", "it is empty"],
    ["'json | a=~\"(?<=x)y\"'", "invalid regex"],
    ["'line_format \"{{ .a \"'", "invalid template"],
    ["'sum'", "does not parse as LogQL"],
  ])("refuses %s", (value, reason) => {
    const error = refused(`loki_parser: ${value}`);
    expect(error.message).toContain("Custom attribute 'loki_parser' must be LogQL pipeline stages");
    expect(error.message).toContain(reason);
  });

  it.each([
    ["{a: b}", "not a mapping"],
    ["[json]", "not a list"],
    ["5", "not the number 5"],
    ["true", "not the boolean true"],
  ])("refuses a value that is no string: %s", (value, reason) => {
    expect(refused(`loki_parser: ${value}`).message).toContain(reason);
  });

  it("an empty value means the default parser", () => {
    expect(converted("loki_parser: ''")[0]).toContain("| logfmt |");
    expect(converted("loki_parser:")[0]).toContain("| logfmt |");
  });
});

describe("logsource_loki_selection: a stream selector", () => {
  it.each([
    ['\'{job="x"}\'', '{job="x"} | logfmt'],
    ["'{job=\"x\", app=~\"y.+\"}'", '{job="x", app=~"y.+"} | logfmt'],
    ["'{job=`x`,app!=`y`}'", "{job=`x`,app!=`y`} | logfmt"],
  ])("%s", (value, expected) => {
    expect(converted(`logsource_loki_selection: ${value}`)[0]?.startsWith(expected)).toBe(true);
  });

  it.each([
    ["'{job=\"x\"} or vector(1)'", "something else than a log query"],
    ["'{job=\"x\"} | json'", "more than a stream selector"],
    ["'{job=\"x\"} # comment'", "starts a LogQL comment"],
    ["'job=\"x\"'", "does not parse as LogQL"],
    ["'{job=~\".*\"}'", "at least one regexp or equality matcher"],
    ["'{job=~\"(\"}'", "invalid regex"],
    ["'{}'", "does not parse as LogQL"],
    ["'  '", "it is empty"],
  ])("refuses %s", (value, reason) => {
    const error = refused(`logsource_loki_selection: ${value}`);
    expect(error.message).toContain("Custom attribute 'logsource_loki_selection' must be a LogQL stream selector");
    expect(error.message).toContain(reason);
  });

  it("refuses a mapping instead of printing [object Object]", () => {
    expect(refused("logsource_loki_selection: {job: x}").message).toContain("not a mapping");
  });
});

describe("set by a pipeline", () => {
  const pipeline = (attribute: string, value: string): string =>
    `name: p\npriority: 30\ntransformations:\n  - type: set_custom_attribute\n    attribute: ${attribute}\n    value: ${value}\n`;

  it("a bad value is refused when the pipeline is loaded, at the value", () => {
    let error: unknown;
    try {
      loadPipeline(pipeline("loki_parser", "'json #'"), "p.yml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigmaConfigurationError);
    expect((error as SigmaConfigurationError).message).toContain("starts a LogQL comment");
    expect((error as SigmaConfigurationError).location).toMatchObject({ path: "p.yml", line: 6, column: 12 });
    expect(() => loadPipeline(pipeline("logsource_loki_selection", "{job: x}"), "p.yml")).toThrow(/not a mapping/);
  });

  it("other attributes are not checked", () => {
    expect(() => loadPipeline(pipeline("my_attribute", "'json #'"), "p.yml")).not.toThrow();
  });

  it("a good value converts", () => {
    const p = loadPipeline(pipeline("loki_parser", "'json | logfmt'"), "p.yml");
    const { output, errors } = convertRules(rule(""), { pipelines: [p] });
    expect(errors).toEqual([]);
    expect(output).toEqual(['{job=~".+"} | json | logfmt | a=~`(?i)^x$` and b=1']);
  });

  it("a selector built by set_custom_log_source that matches every stream is a rule error", () => {
    const p = loadPipeline(
      "name: p\npriority: 30\ntransformations:\n  - type: set_custom_log_source\n    selection: {job|re: '.*'}\n",
      "p.yml",
    );
    const { output, errors } = convertRules(rule(""), { pipelines: [p], path: "r.yml" });
    expect(output).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("at least one regexp or equality matcher")]);
  });
});

describe("loki_group_by_field is a label name like a field name", () => {
  const alerting = (field: string) =>
    convertRules(rule("id: 5638f7c0-ac70-491d-8465-2a65075e0d86"), { format: "grafana_alerting", options: { loki_group_by_field: field } });

  it("sanitised", () => {
    const text = alerting("host.name) or vector(1) #").output as string;
    expect(text).toContain("sum by (host_name__or_vector_1___)(count_over_time(");
    expect(alerting("host").output as string).toContain("sum by (host)(count_over_time(");
  });

  it("a LogQL keyword is refused", () => {
    expect(() => alerting("json")).toThrow(SigmaBackendError);
    expect(() => alerting("json")).toThrow(/LogQL keyword/);
  });
});
