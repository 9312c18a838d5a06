/**
 * One test (or more) per transformation type of spec §3.2, including error cases. Expected values
 * follow the semantics described in the spec.
 */
import { SigmaConfigurationError, SigmaTransformationError, SigmaValueError, parseCollection } from "@sigma/core";
import type { SigmaCorrelationRule, SigmaRule } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { applyPipeline, definePipeline, detectionItems, loadPipelineYaml } from "../src/index.js";
import { expectedDetection, rule, shape } from "./helpers.js";

const baseRule = `
title: Test
logsource: {category: process_creation, product: windows}
detection:
  sel:
    CommandLine|contains: whoami
    User: admin
  keywords:
    - evil
  condition: sel or keywords
fields: [CommandLine, User]
`;

/** Applies a pipeline given as YAML `transformations` to a rule given as YAML. */
function run(transformations: string, ruleText = baseRule, vars = "") {
  const pipeline = loadPipelineYaml(`${vars}\ntransformations:\n${transformations}`, { path: "p.yml" });
  return applyPipeline(pipeline, rule(ruleText));
}

function detection(r: SigmaRule, name: string): unknown {
  const d = r.detection.definitions.get(name);
  if (!d) throw new Error(`no detection ${name}`);
  return shape(d);
}

const correlationText = `
title: base
name: base_rule
logsource: {category: process_creation, product: windows}
detection:
  sel: {User: x}
  condition: sel
---
title: corr
correlation:
  type: value_count
  rules: [base_rule]
  group-by: [User, Host]
  timespan: 5m
  aliases:
    user_alias:
      base_rule: User
  condition: {gte: 2, field: User}
`;

function correlation(): SigmaCorrelationRule {
  const c = parseCollection(correlationText, { path: "c.yml" });
  const r = c.rules.find((x) => x.kind === "correlation");
  if (!r || r.kind !== "correlation") throw new Error("no correlation");
  return r;
}

describe("field_name_mapping", () => {
  it("renames fields in detections and the fields list (1:1)", () => {
    const { rule: r } = run(`  - {type: field_name_mapping, mapping: {CommandLine: process.command_line}}`);
    expect(detection(r, "sel")).toEqual(expectedDetection({ "process.command_line|contains": "whoami", User: "admin" }));
    expect(r.fields).toEqual(["process.command_line", "User"]);
  });

  it("maps 1:N into an OR of item copies", () => {
    const { rule: r } = run(`  - {type: field_name_mapping, mapping: {User: [user.name, user.id]}}`);
    const sel = r.detection.definitions.get("sel");
    const or = sel?.items[1];
    expect(or?.kind).toBe("detection");
    expect(or && shape(or)).toEqual({
      linking: "or",
      items: [expectedItem("user.name", "admin"), expectedItem("user.id", "admin")],
    });
    expect(r.fields).toEqual(["CommandLine", "user.name", "user.id"]);
  });

  it("maps keywords to a field and wraps values in *…*", () => {
    const { rule: r } = run(`  - {type: field_name_mapping, mapping: {null: message}}`);
    const [item] = r.detection.definitions.get("keywords")?.items ?? [];
    expect(item?.kind === "item" && [item.field, item.values]).toEqual([
      "message",
      (expectedItem("message|contains", "evil") as { values: unknown }).values,
    ]);
  });

  it("renames field references", () => {
    const text = baseRule.replace("User: admin", "User|fieldref: CommandLine");
    const { rule: r } = run(`  - {type: field_name_mapping, mapping: {CommandLine: cmd}}`, text);
    expect(detection(r, "sel")).toEqual(expectedDetection({ "cmd|contains": "whoami", "User|fieldref": "cmd" }));
  });

  it("renames correlation group-by, aliases and condition field", () => {
    const pipeline = loadPipelineYaml(`transformations:\n  - {type: field_name_mapping, mapping: {User: user.name, Host: [h1, h2]}}`);
    const { rule: c } = applyPipeline(pipeline, correlation());
    expect(c.groupBy).toEqual(["user.name", "h1", "h2"]);
    expect(c.aliases.get("user_alias")?.get("base_rule")).toBe("user.name");
    expect(c.condition.kind === "threshold" && c.condition.fields).toEqual(["user.name"]);
  });

  it("rejects 1:N mapping of a correlation alias / condition field", () => {
    const pipeline = loadPipelineYaml(`transformations:\n  - {type: field_name_mapping, mapping: {User: [a, b]}}`);
    expect(() => applyPipeline(pipeline, correlation())).toThrow(SigmaTransformationError);
  });

  it("tracks field mappings in the state", () => {
    const { state } = run(`  - {id: m, type: field_name_mapping, mapping: {CommandLine: cmd}}`);
    expect([...(state.fieldMappings.get("CommandLine") ?? [])]).toEqual(["cmd"]);
    expect(state.fieldWasProcessedBy("cmd", "m")).toBe(true);
  });

  it("rejects a mapping that is not a map", () => {
    expect(() => run(`  - {type: field_name_mapping, mapping: [a]}`)).toThrow(SigmaConfigurationError);
  });
});

function expectedItem(key: string, value: unknown): unknown {
  return (expectedDetection({ [key]: value }) as { items: unknown[] }).items[0];
}

describe("field name prefix/suffix/transform", () => {
  it("field_name_prefix_mapping replaces a prefix", () => {
    const { rule: r } = run(`  - {type: field_name_prefix_mapping, mapping: {Comm: process.comm}}`);
    expect(r.fields).toEqual(["process.commandLine", "User"]);
  });

  it("field_name_prefix and field_name_suffix add to every field name", () => {
    const { rule: r } = run(`  - {type: field_name_prefix, prefix: "p_"}\n  - {type: field_name_suffix, suffix: "_s"}`);
    expect(detection(r, "sel")).toEqual(expectedDetection({ "p_CommandLine_s|contains": "whoami", p_User_s: "admin" }));
    expect(detection(r, "keywords")).toEqual(expectedDetection(["evil"]));
  });

  it("field_name_transform applies a function, with mapping overrides (TypeScript only)", () => {
    const pipeline = definePipeline({
      transformations: [{ type: "field_name_transform", transform_func: (f) => f.toLowerCase(), mapping: { User: "usr" } }],
    });
    const { rule: r } = applyPipeline(pipeline, rule(baseRule));
    expect(r.fields).toEqual(["commandline", "usr"]);
  });

  it("field_name_transform in YAML is an error (no function)", () => {
    expect(() => run(`  - {type: field_name_transform}`)).toThrow(/transform_func/);
  });
});

describe("detection item transformations", () => {
  it("drop_detection_item drops the selected items", () => {
    const { rule: r } = run(
      `  - type: drop_detection_item\n    field_name_conditions: [{type: include_fields, fields: [User]}]`,
    );
    expect(detection(r, "sel")).toEqual(expectedDetection({ "CommandLine|contains": "whoami" }));
  });

  it("hashes_fields splits Hashes values into per-algorithm fields", () => {
    const text = `
title: h
logsource: {product: windows}
detection:
  sel:
    Hashes|contains:
      - SHA256=${"a".repeat(64)}
      - MD5=${"b".repeat(32)}
      - IMPHASH=${"c".repeat(32)}
  condition: sel
`;
    const { rule: r } = run(`  - {type: hashes_fields, valid_hash_algos: [MD5, SHA256]}`, text);
    expect(detection(r, "sel")).toEqual({
      linking: "and",
      items: [
        {
          linking: "or",
          items: [
            (expectedDetection({ FileSHA256: "a".repeat(64) }) as { items: unknown[] }).items[0],
            (expectedDetection({ FileMD5: "b".repeat(32) }) as { items: unknown[] }).items[0],
          ],
        },
      ],
    });
  });

  it("hashes_fields without any valid hash is an error", () => {
    const text = `
title: h
logsource: {product: windows}
detection:
  sel: {Hashes: "XYZ=1"}
  condition: sel
`;
    expect(() => run(`  - {type: hashes_fields, valid_hash_algos: [MD5]}`, text)).toThrow(SigmaValueError);
  });

  it("extract_fields turns named groups into fields", () => {
    const text = `
title: e
logsource: {product: x}
detection:
  sel: {Target: "user=alice;host=h1"}
  condition: sel
`;
    const { rule: r } = run(
      `  - {type: extract_fields, regex: "user=(?P<user>[^;]+);host=(?P<host>.+)", field_prefix: "x_"}`,
      text,
    );
    expect(detection(r, "sel")).toEqual({
      linking: "and",
      items: [expectedDetection({ x_user: "alice", x_host: "h1" })],
    });
  });

  it("detection_item_failure fails on selected items only", () => {
    const items = `  - type: detection_item_failure\n    message: no users\n    field_name_conditions: [{type: include_fields, fields: [User]}]`;
    expect(() => run(items)).toThrow("no users");
    expect(() => run(items.replace("[User]", "[Nope]"))).not.toThrow();
  });
});

describe("placeholders", () => {
  const text = `
title: p
logsource: {product: windows}
detection:
  sel:
    User|expand: "%admins%"
    Host|expand: "x%servers%"
  condition: sel
`;

  it("wildcard_placeholders replaces placeholders by *, honouring include", () => {
    const { rule: r } = run(`  - {type: wildcard_placeholders, include: [servers]}`, text);
    const items = [...detectionItems(r)];
    expect(items[1]?.values).toEqual((expectedDetection({ Host: "x*" }) as { items: Array<{ values: unknown }> }).items[0]?.values);
    expect(items[0]?.values[0]).toMatchObject({ type: "string", parts: [{ kind: "placeholder", name: "admins" }] });
  });

  it("value_placeholders replaces by the vars' values (OR)", () => {
    const { rule: r } = run(`  - {type: value_placeholders, exclude: [servers]}`, text, "vars: {admins: [root, 'adm*']}");
    const items = [...detectionItems(r)];
    expect(items[0]?.values).toEqual([
      { type: "string", parts: ["root"], cased: false },
      { type: "string", parts: ["adm", { kind: "wildcard", wildcard: "*" }], cased: false },
    ]);
  });

  it("value_placeholders with a missing variable is an error", () => {
    expect(() => run(`  - {type: value_placeholders}`, text, "vars: {admins: a}")).toThrow(
      "Placeholder replacement variable 'servers' doesn't exists.",
    );
  });

  it("query_expression_placeholders makes a query expression with the mapped id", () => {
    const { rule: r } = run(
      `  - {type: query_expression_placeholders, include: [admins], expression: "{field} in list({id})", mapping: {admins: admin_list}}`,
      text,
    );
    expect([...detectionItems(r)][0]?.values).toEqual([
      { type: "query_expression", expression: "{field} in list({id})", id: "admin_list" },
    ]);
  });

  it("query_expression_placeholders requires placeholder-only values", () => {
    expect(() =>
      run(`  - {type: query_expression_placeholders, include: [servers], expression: "{field}"}`, text),
    ).toThrow("Placeholder query expression transformation only allows placeholder-only strings.");
  });

  it("include and exclude are exclusive", () => {
    expect(() => run(`  - {type: wildcard_placeholders, include: [a], exclude: [b]}`, text)).toThrow(
      /include and exclude lists can only be used exclusively/,
    );
  });
});

describe("rule transformations", () => {
  it("add_condition adds a named detection and rewrites every condition", () => {
    const { rule: r } = run(`  - {type: add_condition, name: extra, conditions: {EventID: [1, 2]}}`);
    expect(detection(r, "extra")).toEqual(expectedDetection({ EventID: [1, 2] }));
    expect(r.detection.conditions).toEqual(["extra and (sel or keywords)"]);
  });

  it("add_condition negated and template", () => {
    const { rule: r } = run(
      `  - {type: add_condition, name: c, negated: true, template: true, conditions: {Channel: "$product-$category"}}`,
    );
    expect(detection(r, "c")).toEqual(expectedDetection({ Channel: "windows-process_creation" }));
    expect(r.detection.conditions).toEqual(["not c and (sel or keywords)"]);
  });

  it("add_condition draws a _cond_ name of 10 lowercase letters", () => {
    const { rule: r } = run(`  - {type: add_condition, conditions: {A: 1}}`);
    expect(r.detection.conditions[0]).toMatch(/^_cond_[a-z]{10} and \(sel or keywords\)$/);
  });

  it("add_condition accepts modifiers in the conditions", () => {
    const { rule: r } = run(`  - {type: add_condition, name: c, conditions: {"A|startswith": x}}`);
    expect(detection(r, "c")).toEqual(expectedDetection({ "A|startswith": "x" }));
  });

  it("add_condition with an invalid detection fails when the pipeline is loaded", () => {
    expect(() => loadPipelineYaml(`transformations:\n  - {type: add_condition, conditions: {"A|nomod": x}}`)).toThrow(
      "Unknown modifier 'nomod'",
    );
  });

  it("change_logsource replaces the log source (missing parameters become absent)", () => {
    const { rule: r } = run(`  - {type: change_logsource, product: linux, service: auditd}`);
    expect(r.logsource).toEqual({ product: "linux", service: "auditd", custom: {} });
  });

  it("add_field, remove_field and set_field edit the fields list", () => {
    expect(run(`  - {type: add_field, field: [a, User]}`).rule.fields).toEqual(["CommandLine", "User", "a"]);
    expect(run(`  - {type: remove_field, field: User}`).rule.fields).toEqual(["CommandLine"]);
    expect(run(`  - {type: set_field, fields: [x, y]}`).rule.fields).toEqual(["x", "y"]);
  });

  it("set_state writes the pipeline state", () => {
    expect(run(`  - {type: set_state, key: k, val: 42}`).state.state).toEqual({ k: 42 });
  });

  it("set_custom_attribute sets a custom attribute (also on correlation rules)", () => {
    expect(run(`  - {type: set_custom_attribute, attribute: loki_parser, value: json}`).rule.customAttributes).toMatchObject({
      loki_parser: "json",
    });
    const pipeline = loadPipelineYaml(`transformations:\n  - {type: set_custom_attribute, attribute: a, value: 1}`);
    expect(applyPipeline(pipeline, correlation()).rule.customAttributes.a).toBe(1);
  });

  it("rule_failure fails with the message, located at the rule", () => {
    try {
      run(`  - {type: rule_failure, message: "not supported"}`);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SigmaTransformationError);
      expect((e as SigmaTransformationError).message).toBe("not supported");
      expect((e as SigmaTransformationError).location?.path).toBe("rule.yml");
    }
  });

  it("strict_field_mapping_failure lists unmapped fields", () => {
    const items = `  - {type: field_name_mapping, mapping: {CommandLine: cmd}}\n  - {type: strict_field_mapping_failure}`;
    expect(() => run(items)).toThrow("The following fields are not mapped: User");
    expect(() => run(items.replace("{CommandLine: cmd}", "{CommandLine: cmd, User: u}"))).not.toThrow();
  });

  it("nest applies its items when its own conditions hold", () => {
    const items = `
  - type: nest
    rule_conditions: [{type: logsource, product: windows}]
    items:
      - {id: inner, type: set_state, key: a, val: 1}
      - {type: add_field, field: z}`;
    const { rule: r, state } = run(items);
    expect(state.state).toEqual({ a: 1 });
    expect(r.fields).toContain("z");
    expect(state.appliedIds.has("inner")).toBe(true);
    const other = run(items.replace("product: windows", "product: linux"));
    expect(other.state.state).toEqual({});
  });
});

describe("value transformations", () => {
  const text = `
title: v
logsource: {product: windows}
detection:
  sel:
    Path: '*\\Windows\\cmd.exe'
    Name: FooBar
    Num: 12
  condition: sel
`;
  const values = (r: SigmaRule) => [...detectionItems(r)].map((i) => i.values);

  it("replace_string replaces in the string form; wildcards stay, backslashes stay literal", () => {
    const { rule: r } = run(`  - {type: replace_string, regex: 'Windows', replacement: 'System32'}`, text);
    expect(values(r)[0]).toEqual([{ type: "string", parts: [{ kind: "wildcard", wildcard: "*" }, "\\System32\\cmd.exe"], cased: false }]);
  });

  it("replace_string with interpret_special reads wildcards in the replacement", () => {
    const { rule: r } = run(`  - {type: replace_string, regex: 'Bar', replacement: '*', interpret_special: true}`, text);
    expect(values(r)[1]).toEqual([{ type: "string", parts: ["Foo", { kind: "wildcard", wildcard: "*" }], cased: false }]);
  });

  it("replace_string with skip_special leaves wildcards", () => {
    const { rule: r } = run(`  - {type: replace_string, regex: '(\\w+)$', replacement: '\\1x', skip_special: true}`, text);
    expect(values(r)[1]).toEqual([{ type: "string", parts: ["FooBarx"], cased: false }]);
  });

  it("map_string maps whole values, lists fan out", () => {
    const { rule: r } = run(`  - {type: map_string, mapping: {FooBar: [a, b]}}`, text);
    expect(values(r)[1]).toEqual([
      { type: "string", parts: ["a"], cased: false },
      { type: "string", parts: ["b"], cased: false },
    ]);
  });

  it("regex turns strings into case-insensitive bracket regexes by default", () => {
    const { rule: r } = run(
      `  - type: regex\n    field_name_conditions: [{type: include_fields, fields: [Name]}]`,
      text,
    );
    expect(values(r)[1]).toEqual([{ type: "regex", pattern: "[fF][oO][oO][bB][aA][rR]", flags: [] }]);
    const flag = run(`  - {type: regex, method: ignore_case_flag}`, text).rule;
    expect(values(flag)[0]).toEqual([{ type: "regex", pattern: ".*\\\\Windows\\\\cmd\\.exe", flags: ["i"] }]);
  });

  it("case lowers, uppers or snake_cases text", () => {
    expect(values(run(`  - {type: case, method: upper}`, text).rule)[1]).toEqual([{ type: "string", parts: ["FOOBAR"], cased: false }]);
    expect(values(run(`  - {type: case, method: snake_case}`, text).rule)[1]).toEqual([{ type: "string", parts: ["foo_bar"], cased: false }]);
  });

  it("set_value replaces values, force_type converts", () => {
    const { rule: r } = run(`  - {type: set_value, value: "5", force_type: num}`, text);
    expect(values(r)).toEqual([[{ type: "number", value: 5 }], [{ type: "number", value: 5 }], [{ type: "number", value: 5 }]]);
    expect(() => run(`  - {type: set_value, value: abc, force_type: num}`, text)).toThrow(/can't be converted to number/);
  });

  it("convert_type converts numbers to strings and numeric strings to numbers", () => {
    expect(values(run(`  - {type: convert_type, target_type: str}`, text).rule)[2]).toEqual([{ type: "string", parts: ["12"], cased: false }]);
    const num = `
title: n
logsource: {product: x}
detection:
  sel: {A: "42"}
  condition: sel
`;
    expect(values(run(`  - {type: convert_type, target_type: num}`, num).rule)[0]).toEqual([{ type: "number", value: 42 }]);
    expect(() => run(`  - {type: convert_type, target_type: num}`, text)).toThrow(SigmaValueError);
  });

  it("marks changed detection items with the item id", () => {
    const { rule: r } = run(`  - {id: up, type: case, method: upper}`, text);
    expect([...detectionItems(r)].map((i) => i.appliedProcessingItems?.has("up") ?? false)).toEqual([true, true, false]);
  });
});
