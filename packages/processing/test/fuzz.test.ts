/**
 * Fixed-seed property test (the quick mode of `pnpm fuzz`, generators in tooling/src/reliability):
 * mutated pipeline YAML loads or gives a located SigmaError, never another exception.
 */
import fc from "fast-check";
import { SigmaConfigurationError, SigmaError } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { mutatedPipeline, toYaml, validPipeline } from "../../../tooling/src/reliability/arbitraries.js";
import { loadPipelineYaml } from "../src/index.js";

function expectLocated(error: unknown): void {
  expect(error).toBeInstanceOf(SigmaError);
  const location = (error as SigmaError).location;
  expect(location?.path, String(error)).toBe("p.yml");
  expect(location?.line, String(error)).toBeGreaterThan(0);
  expect(location?.column, String(error)).toBeGreaterThan(0);
}

describe("pipeline YAML", () => {
  it("mutated pipelines load or give located errors", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedPipeline.map((c) => c.input), validPipeline.map(toYaml)), (input) => {
        try {
          loadPipelineYaml(input, { path: "p.yml" });
        } catch (error) {
          expectLocated(error);
        }
      }),
      { seed: 424242, numRuns: 400 },
    );
  });

  // Found by fuzzing: a scalar document gave an error without line and column.
  it.each(["just text\n", "- a\n- b\n", "42\n"])("a non-mapping document %j is located", (text) => {
    try {
      loadPipelineYaml(text, { path: "p.yml" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SigmaConfigurationError);
      expectLocated(error);
    }
  });
});
