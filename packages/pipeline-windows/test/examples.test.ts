import sysmonPlugin, { sysmonPipeline } from "@sigma/pipeline-sysmon";
import { createRegistry, resolvePipelineList } from "@sigma/processing";
import { describe, expect, it } from "vitest";
import windowsPlugin, { windowsAuditPipeline, windowsLogsourcePipeline } from "../src/index.js";
import { actualShown, expectedShown, workedExamples } from "@sigma/pipeline-testing";

const pipelines = {
  sysmon: sysmonPipeline,
  "windows-audit": windowsAuditPipeline,
  "windows-logsources": windowsLogsourcePipeline,
};
const examples = workedExamples().filter((e) => e.id.startsWith("W") || e.id === "S6");

describe("windows worked examples (spec §3.4, and S6)", () => {
  it("covers W1–W10 and S6", () => {
    expect(examples.map((e) => e.id)).toEqual(["S6", "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10"]);
  });

  for (const example of examples) {
    it(`${example.id} (${example.pipelines.join(" + ")}): log source, detections, conditions, fields, applied items`, () => {
      const { applied, ...shown } = actualShown(example, pipelines);
      expect(shown).toEqual(expectedShown(example));
      expect(applied).toEqual(example.applied);
    });
  }
});

describe("resolver order (spec §1.6)", () => {
  it("sorts by priority, then name: sysmon < windows-audit < windows-logsources", () => {
    const registry = createRegistry(sysmonPlugin, windowsPlugin);
    const order = resolvePipelineList(["windows-logsources", "windows-audit", "sysmon"], { registry, target: "loki" });
    expect(order.map((r) => r.spec)).toEqual(["sysmon", "windows-audit", "windows-logsources"]);
  });

  it("W6 holds whichever order the names are given in", () => {
    const w6 = examples.find((e) => e.id === "W6");
    if (!w6) throw new Error("W6 not found");
    const registry = createRegistry(windowsPlugin);
    for (const specs of [["windows-logsources", "windows-audit"], ["windows-audit", "windows-logsources"]]) {
      const resolved = resolvePipelineList(specs, { registry });
      const byName = Object.fromEntries(resolved.map((r, i) => [`p${i}`, () => r.pipeline]));
      const { applied, ...shown } = actualShown({ ...w6, pipelines: ["p0", "p1"] }, byName);
      expect(shown).toEqual(expectedShown(w6));
      expect(applied).toEqual(w6.applied);
    }
  });
});
