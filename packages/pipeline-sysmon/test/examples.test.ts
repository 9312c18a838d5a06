import { describe, expect, it } from "vitest";
import { sysmonPipeline } from "../src/index.js";
import { actualShown, expectedShown, workedExamples } from "@sigma/pipeline-testing";

const examples = workedExamples().filter((e) => e.pipelines.length === 1 && e.pipelines[0] === "sysmon");

describe("sysmon worked examples (spec §2.5)", () => {
  it("covers S1–S5 and S8 (S6 and S7 combine pipelines and are tested with them)", () => {
    expect(examples.map((e) => e.id)).toEqual(["S1", "S2", "S3", "S4", "S5", "S8"]);
  });

  for (const example of examples) {
    it(`${example.id}: log source, detections, conditions and applied items`, () => {
      const actual = actualShown(example, { sysmon: sysmonPipeline });
      const { applied, ...rest } = actual;
      expect(rest).toEqual(expectedShown(example));
      expect(applied).toEqual(example.applied);
    });
  }
});
