/**
 * Pipelines in the orchestration (§3.4, §3.5, §4.1): backend + user + output-format pipelines merged
 * in that order, vars `backend`, `output_format`, `backend_<option>`, processing state, postprocessing
 * after `finalizeQuery`, finalizers after `finalizeOutput`.
 */
import { describe, expect, it } from "vitest";
import { parseCollection } from "@sigma/core";
import { loadPipelineYaml } from "@sigma/processing";
import { convert } from "./convert.js";
import { createTestBackend } from "./testing/test-backend.js";
import type { Backend, RuleContext } from "./types.js";
import type { TestBackendOptions } from "./testing/test-backend.js";

const rule = `title: Proc
logsource:
  product: windows
detection:
  sel:
    Image: x
    User|expand: '%admins%'
  condition: sel
`;

const pipeline = (yaml: string) => loadPipelineYaml(yaml);

const mapImage = pipeline(`name: user
transformations:
  - type: field_name_mapping
    mapping:
      Image: process.executable
  - type: value_placeholders
`);

describe("pipelines in convert", () => {
  it("applies user pipelines and fills placeholders from pipeline vars", () => {
    const vars = pipeline(`name: vars
vars:
  admins: [root, admin]
`);
    const out = convert(createTestBackend(), parseCollection(rule), { pipelines: [vars, mapImage] });
    expect(out.errors.map(String)).toEqual([]);
    expect(out.output).toEqual(['process.executable="x" AND (User IN ("root", "admin"))']);
  });

  it("merges backend, user and output-format pipelines in that order", () => {
    const base = createTestBackend();
    const backendPipeline = pipeline(`name: backend
transformations:
  - type: field_name_mapping
    mapping:
      process.executable: exe
`);
    const formatPipeline = pipeline(`name: fmt
transformations:
  - type: field_name_prefix
    prefix: "f."
`);
    const backend: Backend<TestBackendOptions> = {
      ...base,
      processingPipeline: backendPipeline,
      outputFormatPipelines: { text: formatPipeline },
    };
    const vars = pipeline(`name: vars
vars:
  admins: [root]
`);
    // The backend pipeline runs first, so it does not see the user mapping's new name.
    expect(convert(backend, parseCollection(rule), { pipelines: [vars, mapImage] }).output).toEqual([
      'process.executable="x" AND User="root"',
    ]);
    expect(convert(backend, parseCollection(rule), { pipelines: [vars, mapImage], format: "text" }).output).toBe(
      'f.process.executable="x" AND f.User="root"',
    );
  });

  it("exposes vars and the set_state store to the backend", () => {
    const seen: Array<Readonly<Record<string, unknown>>> = [];
    const base = createTestBackend();
    const backend: Backend<TestBackendOptions> = {
      ...base,
      convertRule(r, ctx: RuleContext<TestBackendOptions>) {
        seen.push(ctx.processingState, ctx.pipelineState.vars);
        return ["q"];
      },
    };
    const state = pipeline(`name: state
transformations:
  - type: set_state
    key: index
    val: main
`);
    convert(backend, parseCollection(rule), { pipelines: [state], options: { prefix: "p" }, format: "text" });
    expect(seen[0]).toEqual({ index: "main" });
    expect(seen[1]).toMatchObject({ backend: "test", output_format: "text", backend_prefix: "p", backend_no_not: false });
  });

  it("leaves out backend_<option> vars when the backend says so", () => {
    const seen: Array<Readonly<Record<string, unknown>>> = [];
    const base = createTestBackend();
    const backend: Backend<TestBackendOptions> = {
      ...base,
      optionsAsPipelineVars: false,
      convertRule(_r, ctx) {
        seen.push(ctx.pipelineState.vars);
        return ["q"];
      },
    };
    convert(backend, parseCollection(rule));
    expect(Object.keys(seen[0] ?? {}).filter((k) => k.startsWith("backend_"))).toEqual([]);
  });

  it("runs postprocessing after finalizeQuery and finalizers after finalizeOutput", () => {
    const base = createTestBackend();
    const backend: Backend<TestBackendOptions> = {
      ...base,
      finalizeQuery: (_r, q) => `<${q}>`,
      finalizeOutput: (queries) => queries.map((q) => `${String(q)};`),
    };
    const output = pipeline(`name: out
transformations:
  - type: field_name_mapping
    mapping:
      Image: exe
postprocessing:
  - type: embed
    prefix: "["
    suffix: "]"
finalizers:
  - type: concat
    separator: " | "
`);
    const two = parseCollection(`${rule.replace("    User|expand: '%admins%'\n", "")}---\n${rule
      .replace("    User|expand: '%admins%'\n", "")
      .replace("x", "y")}`);
    expect(convert(backend, two, { pipelines: [output] }).output).toBe('[<exe="x">]; | [<exe="y">];');
  });

  it("records pipeline errors against the rule", () => {
    const failing = pipeline(`name: fail
transformations:
  - type: rule_failure
    message: Windows rules are not supported here
    rule_conditions:
      - type: logsource
        product: windows
`);
    const out = convert(createTestBackend(), parseCollection(rule, { path: "r.yml" }), { pipelines: [failing] });
    expect(out.output).toEqual([]);
    expect(out.errors.map((e) => e.message)).toEqual(["Windows rules are not supported here"]);
    expect(out.errors[0]?.location?.path).toBe("r.yml");
  });
});
