import { describe, expect, it } from "vitest";
import { coerceOptionText, pythonInt } from "@sigma/backend";
import { aggregateOptions, splitKeyValue } from "./backend-options.js";

// Expected values: spec/sigma-cli.md §3.6 (the [RUN] coercion table and the aggregation rules).
describe("-O key=value", () => {
  it("splits at the first '='", () => {
    expect(splitKeyValue("foo")).toBeUndefined();
    expect(splitKeyValue("=x")).toEqual({ key: "", value: "x" });
    expect(splitKeyValue("p=")).toEqual({ key: "p", value: "" });
    expect(splitKeyValue("p=b=c")).toEqual({ key: "p", value: "b=c" });
  });

  it("turns what Python's int() accepts into integers", () => {
    const table: [string, number][] = [["123", 123], ["007", 7], ["-3", -3], ["+3", 3], [" 42 ", 42], ["1_000", 1000], ["١٢", 12]];
    for (const [text, value] of table) expect(pythonInt(text)).toBe(value);
    for (const text of ["1.5", "0x10", "1e3", "true", "", "b=c", "1__0", "_1"]) expect(pythonInt(text)).toBeUndefined();
  });

  it("keeps other values as strings when the type is not declared", () => {
    expect(coerceOptionText("1.5", undefined)).toBe("1.5");
    expect(coerceOptionText("007", undefined)).toBe(7);
  });

  it("coerces to declared types (§12 Q7)", () => {
    expect(coerceOptionText("true", "boolean")).toBe(true);
    expect(coerceOptionText("0", "boolean")).toBe(false);
    expect(coerceOptionText("maybe", "boolean")).toEqual({ error: "expects true or false, got 'maybe'" });
    expect(coerceOptionText("00123", "string")).toBe("00123");
  });

  it("aggregates repeated keys into lists in order of first appearance", () => {
    const { options } = aggregateOptions(
      [{ key: "testparam", value: "123" }, { key: "other", value: "x" }, { key: "testparam", value: "test" }],
      () => undefined,
    );
    expect([...options]).toEqual([["testparam", [123, "test"]], ["other", "x"]]);
  });
});
