import { describe, expect, it } from "vitest";
import { renderSummary, summarize, type FileResult } from "./report.js";

describe("summaries", () => {
  const results: FileResult[] = [
    { path: "a", verdict: { kind: "equivalent" }, invalid: [] },
    { path: "b", verdict: { kind: "accepted", classes: ["anchored-label-regex", "escaped-wildcards"] }, invalid: [] },
    { path: "c", verdict: { kind: "differ", detail: "query 0 differs" }, invalid: ["x"] },
    { path: "d", verdict: { kind: "error-mismatch", detail: "…" }, invalid: [] },
    { path: "e", verdict: { kind: "not-selected" }, invalid: [] },
    { path: "f", verdict: { kind: "extra" }, invalid: [] },
  ];

  it("counts verdicts (not-selected is a difference, extra files are not counted)", () => {
    expect(summarize("default", results)).toEqual({
      config: "default",
      total: 5,
      equivalent: 1,
      differ: 2,
      errorMismatch: 1,
      accepted: 1,
      invalid: 1,
      byClass: { "anchored-label-regex": 1, "escaped-wildcards": 1 },
    });
  });

  it("renders one row per configuration and one per accepted class", () => {
    const text = renderSummary([summarize("default", results)]);
    expect(text).toContain("| [default](default.md) | 5 | 1 | 2 | 1 | 1 | 1 |");
    expect(text).toContain("| escaped-wildcards | 1 |");
  });
});
