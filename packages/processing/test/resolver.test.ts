/** Resolver, merging and backend pipeline composition (spec §3.5, §4.1; sigma-cli spec §3.5). */
import { SigmaPipelineNotAllowedForBackendError, SigmaPipelineNotFoundError } from "@sigma/core";
import { describe, expect, it } from "vitest";
import {
  applyPipeline,
  composeBackendPipeline,
  createPipeline,
  createRegistry,
  definePipeline,
  mergePipelines,
  resolvePipelineList,
  resolvePipelines,
} from "../src/index.js";
import { rule } from "./helpers.js";

const files: Record<string, string> = {
  "a.yml": "priority: 50\ntransformations:\n  - {id: a, type: field_name_mapping, mapping: {Image: from_a}}\n",
  "b.yml": "priority: 10\ntransformations:\n  - {id: b, type: field_name_mapping, mapping: {Image: from_b}}\n",
  "splunk.yml": "allowed_backends: [splunk]\ntransformations: []\n",
  "dup": "name: file\ntransformations: []\n",
};
const loadFile = (path: string) => files[path];

const registry = createRegistry({
  name: "plugin",
  pipelines: {
    lokionly: () => definePipeline({ name: "lokionly", priority: 20, allowed_backends: ["loki"] }),
    splunkonly: definePipeline({ name: "splunkonly", allowed_backends: ["splunk"] }),
    dup: () => definePipeline({ name: "registered" }),
  },
});

const imageRule = rule(`
title: t
logsource: {product: windows}
detection: {sel: {Image: x}, condition: sel}
`);

describe("resolvePipelines", () => {
  it("sorts by (priority, spec), not by command-line order: b (10) runs before a (50)", () => {
    for (const specs of [["a.yml", "b.yml"], ["b.yml", "a.yml"]]) {
      const pipeline = resolvePipelines(specs, { loadFile });
      expect(pipeline.items.map((i) => i.id)).toEqual(["b", "a"]);
      const { rule: r } = applyPipeline(pipeline, imageRule);
      expect(r.detection.definitions.get("sel")?.items[0]).toMatchObject({ field: "from_b" });
    }
  });

  it("breaks priority ties by the spec string", () => {
    const list = resolvePipelineList(["splunk.yml", "dup"], { loadFile, registry });
    expect(list.map((r) => r.spec)).toEqual(["dup", "splunk.yml"]);
  });

  it("a registered name wins over a file of the same name", () => {
    expect(resolvePipelineList(["dup"], { registry, loadFile })[0]?.pipeline.name).toBe("registered");
  });

  it("refuses registered pipelines not allowed for the target, unless the check is off", () => {
    expect(() => resolvePipelines(["splunkonly"], { registry, target: "loki" })).toThrow(SigmaPipelineNotAllowedForBackendError);
    expect(() => resolvePipelines(["splunkonly"], { registry, target: "loki" })).toThrow(
      "The pipeline 'splunkonly' is not intended to be used with the target loki.",
    );
    expect(() => resolvePipelines(["splunkonly"], { registry, target: "loki", skipBackendCheck: true })).not.toThrow();
    expect(() => resolvePipelines(["lokionly"], { registry, target: "loki" })).not.toThrow();
  });

  it("never checks file pipelines against the target", () => {
    expect(() => resolvePipelines(["splunk.yml"], { loadFile, target: "loki" })).not.toThrow();
  });

  it("unknown specs are not found", () => {
    expect(() => resolvePipelines(["nope"], { registry, loadFile })).toThrow(SigmaPipelineNotFoundError);
    expect(() => resolvePipelines(["nope"], { registry })).toThrow("The pipeline 'nope' was not found.");
    expect(() =>
      resolvePipelines(["x"], {
        loadFile: () => {
          throw new Error("EACCES");
        },
      }),
    ).toThrow(SigmaPipelineNotFoundError);
  });

  it("no specs give an empty pipeline", () => {
    expect(resolvePipelines([]).items).toEqual([]);
  });
});

describe("mergePipelines", () => {
  it("concatenates in the given order, vars right-wins, ignores priority", () => {
    const p1 = definePipeline({ priority: 90, vars: { a: 1, b: 1 }, transformations: [{ id: "one", type: "add_field", field: "x" }] });
    const p2 = definePipeline({ priority: 1, vars: { b: 2 }, transformations: [{ id: "two", type: "add_field", field: "y" }], finalizers: [{ type: "json" }] });
    const merged = mergePipelines(p1, p2);
    expect(merged.items.map((i) => i.id)).toEqual(["one", "two"]);
    expect(merged.vars).toEqual({ a: 1, b: 2 });
    expect(merged.finalizers).toHaveLength(1);
    expect(merged.priority).toBe(0);
  });
});

describe("composeBackendPipeline", () => {
  it("backend + user + format pipelines, vars backend, output_format, backend_<option>", () => {
    const backend = definePipeline({ transformations: [{ id: "backend", type: "add_field", field: "b" }] });
    const user = definePipeline({ vars: { backend: "overridden" }, transformations: [{ id: "user", type: "add_field", field: "u" }] });
    const format = definePipeline({ transformations: [{ id: "format", type: "add_field", field: "f" }] });
    const p = composeBackendPipeline({
      backendPipeline: backend,
      userPipeline: user,
      formatPipeline: format,
      backend: "loki",
      outputFormat: "ruler",
      options: { case_sensitive: true },
    });
    expect(p.items.map((i) => i.id)).toEqual(["backend", "user", "format"]);
    expect(p.vars).toEqual({ backend: "loki", output_format: "ruler", backend_case_sensitive: true });
    expect(createPipeline().vars).toEqual({});
  });
});
