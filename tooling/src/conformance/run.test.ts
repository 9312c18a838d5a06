import { describe, expect, it } from "vitest";
import { raiseRatchet, ratchetFailures } from "./ratchet.js";
import { parseArgs, quickSample } from "./run.js";
import { isSelected } from "./select.js";

describe("runner arguments", () => {
  it("parses configs, only, quick and update-ratchet", () => {
    expect(parseArgs(["--config", "default", "--config", "ruler", "--only", "zeek", "--quick", "--update-ratchet"])).toEqual({
      configs: ["default", "ruler"],
      only: "zeek",
      quick: true,
      updateRatchet: true,
    });
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown argument/);
  });

  it("quick mode keeps every test case and every 10th corpus file", () => {
    const corpus = Array.from({ length: 25 }, (_, i) => `corpus/sigma/rules/r${String(i).padStart(2, "0")}.yml`);
    const sample = quickSample(["conformance/cases/a.yml", ...corpus]);
    expect(sample).toEqual(["conformance/cases/a.yml", corpus[0], corpus[10], corpus[20]]);
  });
});

describe("selection by logsource.product", () => {
  it("uses the parsed products, or the text when the file did not parse", () => {
    expect(isSelected(null, [], "")).toBe(true);
    expect(isSelected("windows", ["windows"], "")).toBe(true);
    expect(isSelected("windows", ["linux"], "    product: windows")).toBe(false);
    expect(isSelected("okta", [], "logsource:\n    product: okta\n")).toBe(true);
  });
});

describe("ratchet", () => {
  it("fails below the minimum and only ever rises", () => {
    expect(ratchetFailures({ default: 10 }, { default: 9, ruler: 0 })).toEqual(["default: 9 good files, ratchet requires 10"]);
    expect(ratchetFailures({ default: 10 }, { default: 10 })).toEqual([]);
    expect(raiseRatchet({ default: 10, ruler: 5 }, { default: 12, ruler: 3 })).toEqual({ default: 12, ruler: 5 });
  });
});
