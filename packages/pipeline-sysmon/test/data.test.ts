import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { pipelineFromObject } from "@sigma/processing";
import plugin, { sysmonCategoryEventIds, sysmonPipelineDefinition } from "../src/index.js";
import { blockAfter, specText } from "@sigma/pipeline-testing";

const specPipeline = load(blockAfter("### 2.3 All 56 items")) as {
  name: string;
  priority: number;
  transformations: Array<{ id: string }>;
};

describe("sysmon pipeline data", () => {
  it("equals the 56 items of spec §2.3, in order", () => {
    const pipeline = sysmonPipelineDefinition();
    expect(pipeline.transformations).toHaveLength(56);
    if (!pipeline.transformations) throw new Error("no items");
    expect(pipeline.transformations.map((t) => t.id)).toEqual(specPipeline.transformations.map((t) => t.id));
    expect(pipeline).toEqual(specPipeline);
  });

  it("has the name and priority of §2.1", () => {
    const header = load(blockAfter("### 2.1 Header")) as { name: string; priority: number };
    expect(sysmonPipelineDefinition().name).toBe(header.name);
    expect(sysmonPipelineDefinition().priority).toBe(header.priority);
    expect(sysmonPipelineDefinition()).not.toHaveProperty("allowed_backends");
  });

  it("has the rows of table §2.2", () => {
    const rows = [...specText.matchAll(/^\| (\d+) \| `(\w+)` \| (\[[\d, ]+\]|\d+) \| \d+: `sysmon_/gm)].map((m) => ({
      category: m[2],
      eventId: JSON.parse(m[3]!) as number | number[],
    }));
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
    expect(built).toMatchObject({ name: specPipeline.name, priority: 10, allowedBackends: [] });
    expect(built.items.map((i) => i.id)).toEqual(specPipeline.transformations.map((t) => t.id));
  });

  it("builds the same items as the spec YAML loaded by the processing framework", () => {
    const fromSpec = pipelineFromObject(specPipeline);
    const built = plugin.pipelines.sysmon();
    const strip = (p: typeof built) =>
      p.items.map((i) => ({ id: i.id, type: i.transformation.type, conditions: i.ruleConditions.conditions.length }));
    expect(strip(built)).toEqual(strip(fromSpec));
  });
});
