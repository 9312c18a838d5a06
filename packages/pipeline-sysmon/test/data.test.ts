import { describe, expect, it } from "vitest";
import { pipelineFromObject } from "@sigma/processing";
import plugin, { sysmonCategoryEventIds, sysmonPipelineDefinition } from "../src/index.js";
import { specPipeline, specPipelineHeader, sysmonCategoryTable } from "@sigma/pipeline-testing";

/** §2.3 of the spec. */
const specSysmon = specPipeline("sysmon");

describe("sysmon pipeline data", () => {
  it("equals the 56 items of spec §2.3, in order", () => {
    const pipeline = sysmonPipelineDefinition();
    expect(pipeline.transformations).toHaveLength(56);
    if (!pipeline.transformations) throw new Error("no items");
    expect(pipeline.transformations.map((t) => t.id)).toEqual(specSysmon.transformations.map((t) => t.id));
    expect(pipeline).toEqual(specSysmon);
  });

  it("has the name and priority of §2.1", () => {
    const header = specPipelineHeader("sysmon");
    expect(sysmonPipelineDefinition().name).toBe(header.name);
    expect(sysmonPipelineDefinition().priority).toBe(header.priority);
    expect(sysmonPipelineDefinition()).not.toHaveProperty("allowed_backends");
  });

  it("has the rows of table §2.2", () => {
    const rows = sysmonCategoryTable();
    expect(rows).toHaveLength(28);
    expect(sysmonCategoryEventIds).toEqual(rows);
  });

  it("returns fresh objects from each call", () => {
    const a = sysmonPipelineDefinition();
    const b = sysmonPipelineDefinition();
    expect(a).toEqual(b);
    expect(a.transformations?.[0]).not.toBe(b.transformations?.[0]);
  });

  it("registers the pipeline under the name sysmon", () => {
    expect(Object.keys(plugin.pipelines)).toEqual(["sysmon"]);
    const built = plugin.pipelines.sysmon();
    expect(built).toMatchObject({ name: specSysmon.name, priority: 10, allowedBackends: [] });
    expect(built.items.map((i) => i.id)).toEqual(specSysmon.transformations.map((t) => t.id));
  });

  it("builds the same items as the spec YAML loaded by the processing framework", () => {
    const fromSpec = pipelineFromObject(specSysmon);
    const built = plugin.pipelines.sysmon();
    const strip = (p: typeof built) =>
      p.items.map((i) => ({ id: i.id, type: i.transformation.type, conditions: i.ruleConditions.conditions.length }));
    expect(strip(built)).toEqual(strip(fromSpec));
  });
});
