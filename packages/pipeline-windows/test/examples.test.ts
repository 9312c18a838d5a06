import { sysmonPipeline } from "@sigma/pipeline-sysmon";
import { describe, expect, it } from "vitest";
import { windowsAuditPipeline, windowsLogsourcePipeline } from "../src/index.js";
import { actualShown, expectedShown } from "./examples.js";
import { workedExamples } from "./spec.js";

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
