import { describe, expect, it } from "vitest";
import { VALIDATORS, ValidationConfigError, selectFromConfig, startValidation, validateRules } from "../src/index.js";
import { issuesOf, rule, rules } from "./helpers.js";

// Behaviour of pySigma 1.5's validators (sigma/validators/core/*.py): what each reports, with
// pySigma's issue classes, severities and descriptions.
describe("the registry", () => {
  it("has sigma-cli's 31 validators in its listing order", () => {
    expect(VALIDATORS.map((v) => v.name)).toEqual([
      "all_of_them_condition", "dangling_condition", "dangling_detection", "them_condition_with_single_detection",
      "fieldname_logsource", "specific_instead_of_generic_logsource", "custom_attributes", "duplicate_filename",
      "duplicate_references", "duplicate_title", "filename_length", "identifier_existence", "identifier_uniqueness",
      "invalid_modifier_combinations", "attacktag", "cartag", "cvetag", "d3_fendtag", "detection_tag", "duplicate_tag",
      "namespace_tag", "stptag", "tlptag", "tlpv1_tag", "tlpv2_tag", "tag_format", "control_character", "double_wildcard",
      "escaped_wildcard", "number_as_string", "wildcards_instead_of_modifiers",
    ]);
  });

  it("reads validation configs as pySigma does", () => {
    expect(selectFromConfig({ validators: ["all", "-tlptag"] }).names).not.toContain("tlptag");
    expect(selectFromConfig({}).names).toEqual([]);
    expect(() => selectFromConfig({ validators: ["-nonexist"] })).toThrow("Attempting to remove not existing validator 'nonexist' from validator set {}.");
    expect(() => selectFromConfig({ validators: ["foo"] })).toThrow(new ValidationConfigError("Unknown validator 'foo'"));
    expect(() => selectFromConfig({ config: { tlptag: 3 } })).toThrow("Configuration for validator 'tlptag' is not a dict.");
    const s = selectFromConfig({ validators: ["identifier_existence"], exclusions: { "ABC-1": "identifier_existence", null: ["identifier_existence"] } });
    expect([...s.exclusions.keys()]).toEqual(["abc-1", "null"]);
  });

  it("leaves out the validators a rule's id is excluded from", async () => {
    const noId = rules("title: X\nlogsource: {category: c}\ndetection: {s: {a: 1}, condition: s}\n");
    const selection = { names: ["identifier_existence"], exclusions: new Map([["null", new Set(["identifier_existence"])]]), config: new Map() };
    expect((await startValidation(selection)).validate(noId[0]!)).toEqual([]);
    expect(await validateRules(noId, { ...selection, exclusions: new Map() })).toHaveLength(1);
  });
});

describe("results shared by the validators of one rule", () => {
  it("a rule changed after a validation is read afresh by the next one", async () => {
    const r = rule("sel: {x: 1}\nother: {y: 1}\ncondition: sel");
    const run = await startValidation({ names: ["dangling_detection", "dangling_condition"], exclusions: new Map(), config: new Map() });
    expect(run.validate(r).map((i) => i.fields)).toEqual([[["detection_name", "other"]]]);
    if (r.kind === "rule") r.detection.conditions = ["sel and other or 1 of flt_*"];
    expect(run.validate(r).map((i) => i.fields)).toEqual([[["condition_name", "flt_*"]]]);
  });
});

describe("condition validators", () => {
  it("all_of_them_condition", async () => {
    expect(await issuesOf("all_of_them_condition", [rule("a: {x: 1}\nb: {y: 2}\ncondition: all  of them")])).toEqual(["AllOfThemConditionIssue"]);
    expect(await issuesOf("all_of_them_condition", [rule("a: {x: 1}\ncondition: 1 of them")])).toEqual([]);
  });

  it("dangling_detection and dangling_condition", async () => {
    const r = rule("sel_a: {x: 1}\nsel_b: {y: 2}\nunused: {z: 3}\ncondition: 1 of sel_* or not 1 of flt_*");
    expect(await issuesOf("dangling_detection", [r])).toEqual(["DanglingDetectionIssue detection_name=unused"]);
    expect(await issuesOf("dangling_condition", [r])).toEqual(["DanglingConditionIssue condition_name=flt_*"]);
    // `them` leaves out names starting with `_`
    expect(await issuesOf("dangling_detection", [rule("_a: {x: 1}\nb: {y: 2}\ncondition: all of them")])).toEqual(["DanglingDetectionIssue detection_name=_a"]);
  });

  it("them_condition_with_single_detection (pySigma looks for the text 'them')", async () => {
    expect(await issuesOf("them_condition_with_single_detection", [rule("a: {x: 1}\ncondition: 1 of them")])).toEqual(["ThemConditionWithSingleDetectionIssue"]);
    expect(await issuesOf("them_condition_with_single_detection", [rule("a: {x: 1}\nb: {y: 1}\ncondition: 1 of them")])).toEqual([]);
  });
});

describe("metadata validators", () => {
  const two = (a: string, b: string, yaml = ""): ReturnType<typeof rules> => [
    rule("s: {x: 1}\ncondition: s", yaml, a),
    rule("s: {x: 2}\ncondition: s", yaml, b),
  ];

  it("duplicate_title and identifier_uniqueness report every rule sharing the key, once", async () => {
    expect(await issuesOf("duplicate_title", two("a/rule_one_x.yml", "b/rule_two_x.yml"))).toEqual(["DuplicateTitleIssue title=Test"]);
    expect(await issuesOf("identifier_uniqueness", two("a/rule_one_x.yml", "b/rule_two_x.yml"))).toEqual([
      "IdentifierCollisionIssue identifier=0e0b5f1c-8f3a-4d3e-9a77-3c1b8f0f9a11",
    ]);
  });

  it("duplicate_filename counts files, not documents", async () => {
    expect(await issuesOf("duplicate_filename", two("a/same_name.yml", "b/same_name.yml"))).toEqual(["DuplicateFilenameIssue filename=same_name.yml"]);
    expect(await issuesOf("duplicate_filename", two("a/same_name.yml", "a/same_name.yml"))).toEqual([]);
  });

  it("filename_length: 10 to 90 characters, or the configured sizes", async () => {
    expect(await issuesOf("filename_length", [rule("s: {x: 1}\ncondition: s", "", "dir/short.yml")])).toEqual(["FilenameLengthIssue filename=short.yml"]);
    expect(await issuesOf("filename_length", [rule("s: {x: 1}\ncondition: s", "", "dir/short.yml")], { min_size: 5 })).toEqual([]);
    await expect(issuesOf("filename_length", [], { max_size: "long" })).rejects.toThrow(ValidationConfigError);
  });

  it("identifier_existence, duplicate_references", async () => {
    expect(await issuesOf("identifier_existence", rules("title: X\nlogsource: {category: c}\ndetection: {s: {a: 1}, condition: s}\n"))).toEqual([
      "IdentifierExistenceIssue",
    ]);
    expect(await issuesOf("duplicate_references", [rule("s: {x: 1}\ncondition: s", "references: [https://a, https://b, https://a]")])).toEqual([
      "DuplicateReferencesIssue reference=https://a",
    ]);
  });

  it("custom_attributes: only pySigma's list of misspellings, the first one found", async () => {
    expect(await issuesOf("custom_attributes", [rule("s: {x: 1}\ncondition: s", "realted: []\nreference: [x]")])).toEqual(["CustomAttributesIssue fieldname=realted"]);
    expect(await issuesOf("custom_attributes", [rule("s: {x: 1}\ncondition: s", "titel: X\nloki_parser: json")])).toEqual([]);
  });
});

describe("log source validators", () => {
  const sysmon = (detection: string, service = "sysmon"): ReturnType<typeof rules> =>
    rules(`title: T\nlogsource: {product: windows, service: ${service}}\ndetection:\n${detection.replace(/^/gm, "    ")}\n`);

  it("specific_instead_of_generic_logsource: Sysmon event IDs and Security 4688, numbers only", async () => {
    expect(await issuesOf("specific_instead_of_generic_logsource", sysmon("s: {EventID: [1, 13, 26, 30]}\ncondition: s"))).toEqual([
      "SpecificInsteadOfGenericLogsourceIssue logsource=product=windows service=sysmon event_id=1 generic_logsource=category=process_creation",
      "SpecificInsteadOfGenericLogsourceIssue logsource=product=windows service=sysmon event_id=13 generic_logsource=category=registry_event",
      "SpecificInsteadOfGenericLogsourceIssue logsource=product=windows service=sysmon event_id=26 generic_logsource=category=file_delete_detected",
    ]);
    expect(await issuesOf("specific_instead_of_generic_logsource", sysmon("s: {EventID: 4688}\ncondition: s", "security"))).toHaveLength(1);
    expect(await issuesOf("specific_instead_of_generic_logsource", sysmon("s: {EventID: '1'}\ncondition: s"))).toEqual([]);
  });

  it("fieldname_logsource: log source keys other than category, product, service, definition", async () => {
    const r = rules("title: T\nlogsource: {product: windows, definition: d, labels: x}\ndetection: {s: {a: 1}, condition: s}\n");
    expect(await issuesOf("fieldname_logsource", r)).toEqual(["FieldnameLogsourceIssue fieldname=labels"]);
  });
});

describe("modifier validator", () => {
  it("invalid_modifier_combinations", async () => {
    const r = rule(
      "s:\n    a|endswith|all: [x, y]\n    b|base64offset: z\n    c|windash|contains|all: ['-a', '-b']\n    d|re|i|ignorecase: 'x'\n    e|base64|base64: 'q'\n    f|contains|all: [x, y]\ncondition: s",
    );
    expect(await issuesOf("invalid_modifier_combinations", [r])).toEqual([
      "AllWithoutContainsModifierIssue detection_item=a|endswith|all",
      "Base64OffsetWithoutContainsModifierIssue detection_item=b|base64offset",
      "WindowsDashCombinedWithAllModifierIssue detection_item=c|windash|contains|all",
      "ModifierAppliedMultipleIssue detection_item=d|re|i|ignorecase modifiers=i",
    ]);
  });
});

describe("value validators", () => {
  it("control_character: characters below U+001F in string values", async () => {
    expect(await issuesOf("control_character", [rule('s: {a: "x\\ty", b: "p\\x1fq"}\ncondition: s')])).toEqual([
      "ControlCharacterIssue detection_item=a string=x\ty",
    ]);
  });

  it("double_wildcard, escaped_wildcard (not in regular expressions)", async () => {
    expect(await issuesOf("double_wildcard", [rule("s: {a: 'x**y', b: 'x*?y'}\ncondition: s")])).toEqual(["DoubleWildcardIssue detection_item=a string=x**y"]);
    expect(await issuesOf("escaped_wildcard", [rule("s: {a: 'x\\*y', b|re: 'x\\*y', c: 'x*y'}\ncondition: s")])).toEqual([
      "EscapedWildcardIssue detection_item=a string=x\\*y",
    ]);
  });

  it("number_as_string: what Python's int() reads, without spaces, before wildcards are added", async () => {
    const r = rule("s:\n    a: '42'\n    b: '-7'\n    c: '1_000'\n    d: '4 2'\n    e: 42\n    f|contains: '42'\n    g: '4.2'\ncondition: s");
    expect(await issuesOf("number_as_string", [r])).toEqual([
      "NumberAsStringIssue detection_item=a string=42",
      "NumberAsStringIssue detection_item=b string=-7",
      "NumberAsStringIssue detection_item=c string=1_000",
    ]);
  });

  it("wildcards_instead_of_modifiers reads the values as written (before modifiers)", async () => {
    const r = rule(
      "s:\n    a: '*x*'\n    b: ['*x', '*y']\n    c: ['x*', 'y']\n    d|contains: '*x'\n    e: '*'\n    f|endswith: '*x*'\n    g: ['x*', 'y*']\n    h: '*x?y*'\nk: ['*key*']\ncondition: s or k",
    );
    expect(await issuesOf("wildcards_instead_of_modifiers", [r])).toEqual([
      "WildcardsInsteadOfContainsModifierIssue detection_item=a",
      "WildcardInsteadOfEndswithIssue detection_item=b",
      "WildcardInsteadOfEndswithIssue detection_item=d|contains",
      "WildcardsInsteadOfContainsModifierIssue detection_item=f|endswith",
      "WildcardInsteadOfStartswithIssue detection_item=g",
      "WildcardsInsteadOfContainsModifierIssue detection_item=<keyword>",
    ]);
  });
});

describe("tag validators", () => {
  const tagged = (...tags: string[]): ReturnType<typeof rules> => [rule("s: {x: 1}\ncondition: s", `tags: [${tags.join(", ")}]`)];

  it("pattern tags (car, cve, detection, stp), namespaces, format, duplicates", async () => {
    expect(await issuesOf("cartag", tagged("car.2016-04-005", "car.2016-4-5"))).toEqual(["InvalidPatternTagIssue tag=car.2016-4-5"]);
    expect(await issuesOf("cvetag", tagged("cve.2021-44228", "cve.2021"))).toEqual(["InvalidPatternTagIssue tag=cve.2021"]);
    expect(await issuesOf("detection_tag", tagged("detection.threat-hunting", "detection.dfir-extra", "detection.other"))).toEqual([
      "InvalidPatternTagIssue tag=detection.other",
    ]);
    expect(await issuesOf("stptag", tagged("stp.1", "stp.3k", "stp.6"))).toEqual(["InvalidPatternTagIssue tag=stp.6"]);
    expect(await issuesOf("namespace_tag", tagged("attack.t1059", "foo.bar"))).toEqual(["InvalidNamespaceTagIssue tag=foo.bar"]);
    expect(await issuesOf("tag_format", tagged("attack.t1059", "Attack.x", "attack.a b"))).toEqual([
      "InvalidTagFormatIssue tag=Attack.x",
      "InvalidTagFormatIssue tag=attack.a b",
    ]);
    expect(await issuesOf("duplicate_tag", tagged("cve.1-2", "cve.1-2"))).toEqual(["DuplicateTagIssue tag=cve.1-2"]);
  });

  it("TLP tags: either version, only version 1, only version 2", async () => {
    const t = tagged("tlp.white", "tlp.clear", "tlp.amber-strict", "tlp.grey");
    expect(await issuesOf("tlptag", t)).toEqual(["InvalidTLPTagIssue tag=tlp.grey"]);
    expect(await issuesOf("tlpv1_tag", t)).toEqual(["InvalidTLPTagIssue tag=tlp.clear", "InvalidTLPTagIssue tag=tlp.amber-strict", "InvalidTLPTagIssue tag=tlp.grey"]);
    expect(await issuesOf("tlpv2_tag", t)).toEqual(["InvalidTLPTagIssue tag=tlp.white", "InvalidTLPTagIssue tag=tlp.grey"]);
  });

  it("attacktag: current Enterprise objects pass, retired ones get the low issue with their replacement", async () => {
    const t = tagged("attack.stealth", "attack.defense-impairment", "attack.t1685.001", "attack.s0002", "attack.g0016", "attack.c0001",
      "attack.dc0001", "attack.m1047", "attack.defense-evasion", "attack.t1562", "attack.g0042", "attack.ds0005", "attack.ta0005", "attack.T1059");
    expect(await issuesOf("attacktag", t)).toEqual([
      "InvalidATTACKTagIssue tag=attack.defense-evasion",
      "DeprecatedATTACKTagIssue tag=attack.t1562 kind=technique status=revoked replacement=attack.t1685",
      "DeprecatedATTACKTagIssue tag=attack.g0042 kind=group status=revoked replacement=attack.g0040",
      "DeprecatedATTACKTagIssue tag=attack.ds0005 kind=data_source status=deprecated replacement=",
      "InvalidATTACKTagIssue tag=attack.ta0005",
      "InvalidATTACKTagIssue tag=attack.T1059",
    ]);
  });

  it("attacktag: the domains setting widens or narrows the current objects", async () => {
    const t = tagged("attack.defense-evasion", "attack.t0800", "attack.evasion", "attack.t1059");
    expect(await issuesOf("attacktag", t, { domains: ["enterprise", "mobile", "ics"] })).toEqual([]);
    expect(await issuesOf("attacktag", t, { domains: "ics" })).toEqual(["InvalidATTACKTagIssue tag=attack.defense-evasion", "InvalidATTACKTagIssue tag=attack.t1059"]);
    await expect(issuesOf("attacktag", t, { domains: ["enterprise", "pre"] })).rejects.toThrow(ValidationConfigError);
  });
});
