import { describe, expect, it } from "vitest";
import {
  formatPythonNumber,
  sigmaCompare,
  sigmaExpansion,
  sigmaValueFromYaml,
  sigmaValueToString,
  sigmaValuesEqual,
} from "./values.js";
import { parseSigmaString } from "./string.js";

describe("sigmaValueFromYaml", () => {
  it("maps YAML scalars to values (§1.2)", () => {
    expect(sigmaValueFromYaml("a*b")).toEqual(parseSigmaString("a*b"));
    expect(sigmaValueFromYaml("")).toEqual({ type: "string", parts: [], cased: false });
    expect(sigmaValueFromYaml(100)).toEqual({ type: "number", value: 100 });
    expect(sigmaValueFromYaml(2.5)).toEqual({ type: "number", value: 2.5 });
    expect(sigmaValueFromYaml(true)).toEqual({ type: "bool", value: true });
    expect(sigmaValueFromYaml(null)).toEqual({ type: "null" });
  });
});

describe("Python str() of values", () => {
  it.each([
    [100, "100"],
    [-10, "-10"],
    [2.5, "2.5"],
    [1e21, "1000000000000000000000"],
    [0.00001, "1e-05"],
    [1.5e16, "15000000000000000"],
    [0.0001, "0.0001"],
  ])("%s", (n, text) => {
    expect(formatPythonNumber(n)).toBe(text);
  });

  it("booleans and null as Python prints them", () => {
    expect(sigmaValueToString({ type: "bool", value: false })).toBe("False");
    expect(sigmaValueToString({ type: "null" })).toBe("None");
  });
});

describe("sigmaValuesEqual", () => {
  it("compares structurally", () => {
    expect(sigmaValuesEqual(parseSigmaString("a*"), parseSigmaString("a*"))).toBe(true);
    expect(sigmaValuesEqual(parseSigmaString("a*"), parseSigmaString("a\\*"))).toBe(false);
    expect(sigmaValuesEqual(sigmaCompare("gt", 1), sigmaCompare("gte", 1))).toBe(false);
    expect(sigmaValuesEqual(sigmaExpansion([sigmaCompare("gt", 1)]), sigmaExpansion([sigmaCompare("gt", 1)]))).toBe(true);
  });
});
