/**
 * The pipeline YAML loader (spec §3.1): the spec's example, validation errors with locations, and
 * automatic ids.
 */
import { SigmaConfigurationError, SigmaYAMLError } from "@sigma/core";
import { describe, expect, it } from "vitest";
import {
  applyPipeline,
  autoItemId,
  definePipeline,
  detectionItems,
  finalizeQueries,
  loadPipelineYaml,
  pipelineFromObject,
  postprocessQuery,
} from "../src/index.js";
import { expectedDetection, fixtureText, rule, shape } from "./helpers.js";

/** The example pipeline of spec §3.1. */
const example = fixtureText("example-pipeline.yml");

const windowsRule = `
title: t
logsource: {product: windows}
detection:
  sel: {CommandLine: x, User: y}
  condition: sel
`;

describe("the §3.1 example pipeline", () => {
  const pipeline = loadPipelineYaml(example, { path: "my.yml" });

  it("reads the header", () => {
    expect(pipeline.name).toBe("my_pipeline");
    expect(pipeline.priority).toBe(20);
    expect(pipeline.allowedBackends).toEqual(["loki"]);
    expect(pipeline.vars).toEqual({ admins: ["a", "b"] });
    expect(pipeline.path).toBe("my.yml");
    expect(pipeline.items.map((i) => i.id)).toEqual(["map_fields"]);
    expect(pipeline.postprocessing).toHaveLength(1);
    expect(pipeline.finalizers).toHaveLength(1);
  });

  it("maps fields 1:1 and 1:N on windows rules only", () => {
    const { rule: r, state } = applyPipeline(pipeline, rule(windowsRule));
    const sel = r.detection.definitions.get("sel");
    expect(sel && shape(sel)).toEqual({
        linking: "and",
        items: [
          (expectedDetection({ "process.command_line": "x" }) as { items: unknown[] }).items[0],
          {
            linking: "or",
            items: [
              (expectedDetection({ "user.name": "y" }) as { items: unknown[] }).items[0],
              (expectedDetection({ "user.id": "y" }) as { items: unknown[] }).items[0],
            ],
          },
        ],
    });
    expect(state.applied).toEqual(["map_fields"]);
    const linux = applyPipeline(pipeline, rule(windowsRule.replace("windows", "linux")));
    expect([...detectionItems(linux.rule)].map((i) => i.field)).toEqual(["CommandLine", "User"]);
  });

  it("postprocesses each query and finalizes the list", () => {
    const r = rule(windowsRule);
    expect(postprocessQuery(pipeline, r, "q")).toBe("(q)");
    expect(finalizeQueries(pipeline, ["a", "b"])).toBe("a\nb");
  });
});

describe("validation errors", () => {
  const expectError = (text: string, message: string | RegExp, line?: number) => {
    try {
      loadPipelineYaml(text, { path: "bad.yml" });
      expect.unreachable("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(SigmaConfigurationError);
      const err = e as SigmaConfigurationError;
      if (typeof message === "string") expect(err.message).toBe(message);
      else expect(err.message).toMatch(message);
      expect(err.location?.path).toBe("bad.yml");
      if (line !== undefined) expect(err.location?.line).toBe(line);
    }
  };

  it("unknown top-level keys (with the reference's spelling)", () => {
    expectError("name: x\ntransformation: []\nfoo: 1\n", "Unkown keys ['transformation', 'foo']", 2);
  });

  it("missing and unknown transformation types, numbered items", () => {
    expectError("transformations:\n  - {id: a}\n", "Error in processing rule 1: Missing transformation type", 2);
    expectError(
      "transformations:\n  - {type: add_field, field: a}\n  - type: field_name_maping\n    mapping: {}\n",
      "Error in processing rule 2: Unknown transformation type 'field_name_maping'",
      3,
    );
  });

  it("unknown parameters of a transformation", () => {
    expectError(
      "transformations:\n  - type: field_name_prefix\n    prefix: x\n    sufix: y\n",
      /^Error in processing rule 1: Unkown keys \['sufix'\] \(parameters of 'field_name_prefix': prefix\)$/,
      4,
    );
  });

  it("bad parameter values", () => {
    expectError(
      "transformations:\n  - {type: field_name_prefix, prefix: [x]}\n",
      "Error in processing rule 1: Error in transformation: Parameter 'prefix' of 'field_name_prefix' must be a string",
      2,
    );
    expectError("transformations:\n  - {type: add_field}\n", /Parameter 'field' of 'add_field' is required/);
    expectError(
      "transformations:\n  - type: case\n    id: c\n    method: title\n",
      /Parameter 'method' of 'case' must be one of lower, upper, snake_case \(got 'title'\)/,
      4,
    );
    expectError("priority: high\n", "Parameter 'priority' of 'pipeline' must be a number", 1);
  });

  it("unknown condition parameters and types", () => {
    expectError(
      "transformations:\n  - type: add_field\n    field: a\n    rule_conditions:\n      - {type: logsource, produkt: windows}\n",
      /^Error in processing rule 1: Unkown keys \['produkt'\]/,
      5,
    );
  });

  it("postprocessing and finalizer errors", () => {
    expectError("postprocessing:\n  - {type: embedd}\n", "Error in postprocessing item 1: Unknown postprocessing type 'embedd'");
    expectError("finalizers:\n  - {type: concat, sep: x}\n", /^Error in finalizer 1: Unkown keys \['sep'\]/);
  });

  it("invalid YAML is a located YAML error", () => {
    expect(() => loadPipelineYaml("transformations: [\n", { path: "bad.yml" })).toThrow(SigmaYAMLError);
  });

  it("a pipeline must be a mapping", () => {
    expectError("- a\n", "A processing pipeline must be a mapping");
  });
});

describe("ids", () => {
  it("automatic ids are 16 hex digits of SHA-256 over the definition, equal for equal definitions", () => {
    const a = loadPipelineYaml("transformations:\n  - {type: add_field, field: a}\n");
    const b = pipelineFromObject({ transformations: [{ field: "a", type: "add_field" }] });
    const c = pipelineFromObject({ transformations: [{ type: "add_field", field: "b" }] });
    expect(a.items[0]?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.items[0]?.id).toBe(b.items[0]?.id);
    expect(c.items[0]?.id).not.toBe(a.items[0]?.id);
  });

  it("autoItemId hashes with SHA-256 (known digest of {})", () => {
    // sha256("{}") = 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a
    expect(autoItemId({})).toBe("44136fa355b3678a");
  });
});

describe("TypeScript definitions", () => {
  it("definePipeline builds the same items as YAML", () => {
    const fromTs = definePipeline({
      name: "ts",
      priority: 5,
      transformations: [
        {
          id: "m",
          type: "field_name_mapping",
          mapping: { CommandLine: "cmd" },
          rule_conditions: [{ type: "logsource", product: "windows" }],
        },
      ],
      postprocessing: [{ type: "embed", prefix: "[", suffix: "]" }],
      finalizers: [{ type: "concat", separator: "," }],
    });
    const { rule: r } = applyPipeline(fromTs, rule(windowsRule));
    expect([...detectionItems(r)].map((i) => i.field)).toEqual(["cmd", "User"]);
    expect(finalizeQueries(fromTs, [postprocessQuery(fromTs, r, "a"), "b"])).toBe("[a],b");
  });
});
