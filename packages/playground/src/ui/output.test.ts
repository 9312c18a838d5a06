import { describe, expect, test } from "vitest";
import { summary, where } from "./output.js";

describe("output status", () => {
  test("counts queries, errors and invalid queries", () => {
    expect(summary({ format: "default", rules: [{ title: "a", queries: ["q1", "q2"] }, { title: "b", queries: ["q3"] }], problems: [] })).toBe("3 queries");
    expect(
      summary({
        format: "default",
        rules: [{ title: "a", queries: ["q1"] }],
        problems: [
          { message: "m", kind: "K", source: "rule", line: 1 },
          { message: "m", kind: "LogQL", source: "output", query: 0 },
        ],
      }),
    ).toBe("1 query, 1 error, 1 invalid query");
    expect(summary({ format: "ruler", text: "", problems: [{ message: "m", kind: "K", source: "settings" }, { message: "m", kind: "K", source: "pipeline" }] })).toBe(
      "no output, 2 errors",
    );
    expect(summary({ format: "grafana_alerting", text: "x", problems: [] })).toBe("grafana_alerting YAML");
  });

  test("names where a problem is", () => {
    expect(where({ message: "", kind: "", source: "rule", line: 6, column: 5 })).toBe("rule 6:5");
    expect(where({ message: "", kind: "", source: "pipeline", line: 3 })).toBe("pipeline 3");
    expect(where({ message: "", kind: "", source: "output", query: 1 })).toBe("query 2");
    expect(where({ message: "", kind: "", source: "settings" })).toBe("settings");
  });
});
