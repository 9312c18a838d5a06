/** Rule attributes: each validation with its error class, message and location (spec §1.1). */
import { describe, expect, it } from "vitest";
import {
  SigmaAuthorError,
  SigmaConditionError,
  SigmaDateError,
  SigmaDescriptionError,
  SigmaDetectionError,
  SigmaError,
  SigmaFalsePositivesError,
  SigmaFieldsError,
  SigmaIdentifierError,
  SigmaLevelError,
  SigmaLicenseError,
  SigmaLogSourceError,
  SigmaModifiedError,
  SigmaNameError,
  SigmaReferencesError,
  SigmaRelatedError,
  SigmaScopeError,
  SigmaStatusError,
  SigmaTagError,
  SigmaTaxonomyError,
  SigmaTitleError,
  parseCollection,
  parseDetection,
  parseDetections,
  parseRuleDate,
} from "../src/index.js";
import type { SigmaRule } from "../src/index.js";

/** A valid rule; `override` replaces (or with `undefined` removes) top-level attributes. */
function ruleText(override: Record<string, string | undefined> = {}): string {
  const attributes: Record<string, string | undefined> = {
    title: "Test rule",
    id: "5013332f-8a70-4e04-bcc1-06a98a2cca2e",
    status: "test",
    date: "2023-01-01",
    logsource: "\n    category: process_creation\n    product: windows",
    detection: "\n    sel:\n        Image|endswith: '\\\\a.exe'\n    condition: sel",
    level: "high",
    ...override,
  };
  return Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}

function parse(text: string): SigmaRule {
  const rule = parseCollection(text, { path: "r.yml" }).rules[0];
  if (rule?.kind !== "rule") throw new Error("no rule");
  return rule;
}

function error(text: string): SigmaError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof SigmaError) return e;
    throw e;
  }
  throw new Error("no error");
}

/** Line of the first line that starts with `key:` in the text. */
function lineOf(text: string, key: string): number {
  return text.split("\n").findIndex((l) => l.startsWith(`${key}:`)) + 1;
}

describe("valid attributes", () => {
  it("reads every standard attribute", () => {
    const rule = parse(
      ruleText({
        name: "my_rule",
        related: "\n    - id: 9f1d8e5b-4a6f-4c3b-9e2a-1b2c3d4e5f60\n      type: derived",
        taxonomy: "test",
        status: "Experimental",
        description: "desc",
        license: "DRL",
        author: "me",
        references: "\n    - https://example.com",
        fields: "\n    - CommandLine",
        falsepositives: "\n    - Unknown",
        scope: "\n    - server",
        date: "2023/1/2",
        modified: "2024-02-29",
        level: "CRITICAL",
        tags: "\n    - attack.t1059.001\n    - detection.threat-hunting",
        loki_parser: "json",
      }),
    );
    expect(rule).toMatchObject({
      title: "Test rule",
      id: "5013332f-8a70-4e04-bcc1-06a98a2cca2e",
      name: "my_rule",
      related: [{ id: "9f1d8e5b-4a6f-4c3b-9e2a-1b2c3d4e5f60", type: "derived" }],
      taxonomy: "test",
      status: "experimental",
      description: "desc",
      license: "DRL",
      author: "me",
      references: ["https://example.com"],
      fields: ["CommandLine"],
      falsepositives: ["Unknown"],
      scope: ["server"],
      date: "2023-01-02",
      modified: "2024-02-29",
      level: "critical",
      tags: [
        { namespace: "attack", name: "t1059.001" },
        { namespace: "detection", name: "threat-hunting" },
      ],
      customAttributes: { loki_parser: "json" },
      logsource: { category: "process_creation", product: "windows", custom: {} },
      errors: [],
    });
    expect(rule.raw?.["loki_parser"]).toBe("json");
    expect(rule.detection.conditions).toEqual(["sel"]);
    expect(rule.source).toMatchObject({ path: "r.yml", documentIndex: 0, location: { line: 1, column: 1 } });
  });

  it("defaults: taxonomy sigma, empty lists", () => {
    const rule = parse(ruleText({ id: undefined, status: undefined, date: undefined, level: undefined }));
    expect(rule).toMatchObject({ taxonomy: "sigma", tags: [], references: [], related: [] });
    expect(rule.id).toBeUndefined();
  });

  it("keeps YAML 1.1 scalars: 00000429 is a string, yes is a boolean, 0777 is octal", () => {
    const rule = parse(ruleText({ detection: "\n    sel:\n        a: 00000429\n        b: yes\n        c: 0777\n        d: y\n    condition: sel" }));
    const values = rule.detection.definitions.get("sel")?.items.map((i) => (i.kind === "item" ? i.values[0] : undefined));
    expect(values).toEqual([
      { type: "string", parts: ["00000429"], cased: false },
      { type: "bool", value: true },
      { type: "number", value: 511 },
      { type: "string", parts: ["y"], cased: false },
    ]);
  });
});

type Case = [attribute: string, value: string | undefined, cls: abstract new (...args: never[]) => SigmaError, message: string | RegExp];

const cases: Case[] = [
  ["title", undefined, SigmaTitleError, "Sigma rule must have a title"],
  ["title", "\n    a: b", SigmaTitleError, "Sigma rule title must be a string"],
  ["title", "x".repeat(257), SigmaTitleError, "Sigma rule title length must not exceed 256 characters"],
  ["id", "not-a-uuid", SigmaIdentifierError, "Sigma rule identifier must be an UUID"],
  ["id", "[1]", SigmaIdentifierError, "Sigma rule identifier must be an UUID"],
  ["name", "[1]", SigmaNameError, /name must be a non-empty string/],
  ["related", "x", SigmaRelatedError, /related must be a list/],
  ["related", "\n    - id: nope\n      type: derived", SigmaRelatedError, "Sigma related identifier must be an UUID"],
  ["related", "\n    - id: 9f1d8e5b-4a6f-4c3b-9e2a-1b2c3d4e5f60\n      type: cousin", SigmaRelatedError, /'cousin' is not a valid Sigma related type/],
  ["taxonomy", "[x]", SigmaTaxonomyError, /taxonomy must be a non-empty string/],
  ["status", "final", SigmaStatusError, "'final' is not a valid Sigma rule status"],
  ["description", "[x]", SigmaDescriptionError, "Sigma rule description must be a string"],
  ["license", "[x]", SigmaLicenseError, "Sigma rule license must be a string"],
  ["author", "\n    a: b", SigmaAuthorError, "Sigma rule author must be a string"],
  ["references", "https://example.com", SigmaReferencesError, "Sigma rule references must be a list"],
  ["fields", "CommandLine", SigmaFieldsError, "Sigma rule fields must be a list"],
  ["falsepositives", "Unknown", SigmaFalsePositivesError, "Sigma rule falsepositives must be a list"],
  ["scope", "server", SigmaScopeError, "Sigma rule scope must be a list"],
  ["date", "2023-13-01", SigmaDateError, "Rule date '2023-13-01' is invalid, use yyyy-mm-dd"],
  ["date", "01.02.2023", SigmaDateError, "Rule date '01.02.2023' is invalid, use yyyy-mm-dd"],
  ["modified", "2023-02-30", SigmaModifiedError, "Rule modified '2023-02-30' is invalid, use yyyy-mm-dd"],
  ["level", "urgent", SigmaLevelError, /'urgent' is not a valid Sigma rule level/],
  ["tags", "attack.t1059", SigmaTagError, "Sigma rule tags must be a list"],
  ["tags", "\n    - nodot", SigmaTagError, /Sigma tag 'nodot' must be 'namespace.name'/],
  ["logsource", undefined, SigmaLogSourceError, /must have a log source definition/],
  ["logsource", "windows", SigmaLogSourceError, /log source must be a map/],
  ["logsource", "\n    definition: only a definition", SigmaLogSourceError, "Sigma log source can't be empty"],
  ["logsource", "\n    product: [a]", SigmaLogSourceError, "Sigma log source product must be a string"],
  ["detection", undefined, SigmaDetectionError, /must have a detection definition/],
  ["detection", "sel", SigmaDetectionError, /detection must be a map/],
  ["detection", "\n    condition: sel", SigmaDetectionError, "No detections defined in Sigma rule"],
  ["detection", "\n    sel: {}\n    condition: sel", SigmaDetectionError, "Detection is empty"],
  ["detection", "\n    sel: []\n    condition: sel", SigmaDetectionError, "Detection is empty"],
  ["detection", "\n    sel:\n        a: b", SigmaConditionError, /at least one condition/],
  ["detection", "\n    sel:\n        a: b\n    condition:\n        x: y", SigmaConditionError, /condition must be a string or a list/],
  ["detection", "\n    sel:\n        a:\n            b: c\n    condition: sel", SigmaDetectionError, /value of 'a' must be a value or a list/],
];

describe("attribute validation errors", () => {
  it.each(cases)("%s = %j → %o %s", (attribute, value, cls, message) => {
    const text = ruleText({ [attribute]: value });
    const e = error(text);
    expect(e).toBeInstanceOf(cls);
    if (typeof message === "string") expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(e.location?.path).toBe("r.yml");
    const line = lineOf(text, attribute);
    // located at the attribute (its key or value, or inside it); a missing attribute at the document
    expect(e.location?.line).toBeGreaterThanOrEqual(line > 0 ? line : 1);
  });

  it("locates errors at the offending value", () => {
    const text = ruleText({ status: "final" });
    expect(error(text).location).toEqual({ path: "r.yml", line: lineOf(text, "status"), column: 9 });
  });

  it("locates modifier errors at the detection item key", () => {
    const text = ruleText({ detection: "\n    sel:\n        a|nope: x\n    condition: sel" });
    expect(error(text).location).toMatchObject({ line: lineOf(text, "detection") + 2, column: 9 });
    expect(error(text).message).toBe("Unknown modifier 'nope'");
  });

  it("collectErrors keeps every error on the rule instead of throwing", () => {
    const text = ruleText({ status: "final", level: "urgent", date: "x", id: "y" });
    const rule = parseCollection(text, { path: "r.yml", collectErrors: true }).rules[0];
    expect(rule?.errors.map((e) => e.constructor.name).sort()).toEqual([
      "SigmaDateError",
      "SigmaIdentifierError",
      "SigmaLevelError",
      "SigmaStatusError",
    ]);
    expect(rule?.errors.every((e) => e.location?.line !== undefined)).toBe(true);
  });

  it("collectErrors keeps the good detections of a rule with a bad one", () => {
    const text = ruleText({ detection: "\n    sel:\n        a|nope: x\n    other:\n        b: c\n    condition: sel or other" });
    const rule = parseCollection(text, { collectErrors: true }).rules[0];
    expect(rule?.kind === "rule" && [...rule.detection.definitions.keys()]).toEqual(["sel", "other"]);
    expect(rule?.errors.map((e) => e.message)).toEqual(["Unknown modifier 'nope'"]);
  });
});

describe("detections", () => {
  function detection(yaml: string): SigmaRule["detection"] {
    return parse(ruleText({ detection: yaml })).detection;
  }

  it("map = AND of items, list of maps = OR, list of scalars = keywords", () => {
    const d = detection("\n    m:\n        a: 1\n        b: 2\n    l:\n        - a: 1\n        - b: 2\n    k:\n        - foo\n        - bar\n    s: single\n    condition: m");
    expect(d.definitions.get("m")).toMatchObject({ linking: "and", items: [{ field: "a" }, { field: "b" }] });
    expect(d.definitions.get("l")).toMatchObject({ linking: "or", items: [{ kind: "detection" }, { kind: "detection" }] });
    const k = d.definitions.get("k");
    expect(k?.items).toHaveLength(1);
    expect(k?.items[0]).toMatchObject({ kind: "item", field: null, values: [{ type: "string" }, { type: "string" }] });
    expect(d.definitions.get("s")?.items[0]).toMatchObject({ field: null, values: [{ parts: ["single"] }] });
  });

  it("'|all' and a YAML-null key make keyword items", () => {
    const d = detection("\n    k:\n        '|all':\n            - a\n            - b\n    n:\n        ~: x\n    condition: k");
    expect(d.definitions.get("k")?.items[0]).toMatchObject({ field: null, linking: "and", modifiers: ["all"] });
    expect(d.definitions.get("n")?.items[0]).toMatchObject({ field: null });
  });

  it("condition lists give several conditions, each located", () => {
    const d = detection("\n    a: x\n    condition:\n        - a\n        - not a");
    expect(d.conditions).toEqual(["a", "not a"]);
    expect(d.conditionLocations?.map((l) => l?.line)).toEqual([11, 12]);
  });

  it("mixed lists are an OR of nested detections", () => {
    const d = detection("\n    x:\n        - a: 1\n        - kw\n    condition: x");
    expect(d.definitions.get("x")).toMatchObject({ linking: "or", items: [{ kind: "detection" }, { kind: "detection", items: [{ field: null }] }] });
  });

  it("detection items keep their locations", () => {
    const text = ruleText({ detection: "\n    sel:\n        a: 1\n        b:\n            - x\n            - y\n    condition: sel" });
    const item = parse(text).detection.definitions.get("sel")?.items[1];
    const base = lineOf(text, "detection");
    expect(item?.location).toEqual({ path: "r.yml", line: base + 3, column: 9 });
  });
});

describe("rule dates", () => {
  it.each([
    ["2024-02-29", "2024-02-29"],
    ["2023-02-29", undefined],
    ["1900-02-29", undefined],
    ["2000-02-29", "2000-02-29"],
    ["2023/1/2", "2023-01-02"],
    ["2023-04-31", undefined],
    ["2023-00-10", undefined],
    ["2023-1/2", undefined],
  ])("%s → %s", (text, iso) => {
    expect(parseRuleDate(text)).toBe(iso);
  });
});

describe("conditions are checked when the rule is read", () => {
  it.each([
    ["sel and missing", "Detection 'missing' not defined in detections"],
    ["sel | count() > 5", /pipe syntax/],
    ["sel and (", /./],
  ])("%s", (condition, message) => {
    const text = ruleText({ detection: `\n    sel:\n        a: b\n    condition: ${condition}` });
    const e = error(text);
    expect(e).toBeInstanceOf(SigmaConditionError);
    if (typeof message === "string") expect(e.message).toBe(message);
    else expect(e.message).toMatch(message);
    expect(e.location?.line).toBe(lineOf(text, "detection") + 3);
  });
});

describe("parseDetections / parseDetection (for processing)", () => {
  it("parses a detection map without a condition (add_condition)", () => {
    const d = parseDetections({ sel: { "Image|endswith": ["a.exe", "b.exe"] }, kw: ["x"] });
    expect([...d.definitions.keys()]).toEqual(["sel", "kw"]);
    expect(d.conditions).toEqual([]);
    expect(d.definitions.get("sel")?.items[0]).toMatchObject({ field: "Image", modifiers: ["endswith"], linking: "or" });
  });

  it("checks a condition when there is one", () => {
    expect(() => parseDetections({ sel: { a: 1 }, condition: "other" })).toThrow("Detection 'other' not defined in detections");
  });

  it("parseDetection parses one search identifier value, located", () => {
    const d = parseDetection({ a: 1, b: [2, 3] }, { path: "p.yml", line: 4, column: 5 });
    expect(d).toMatchObject({ linking: "and", location: { path: "p.yml", line: 4, column: 5 } });
    expect(() => parseDetection({}, { line: 2 })).toThrow("Detection is empty");
  });
});
