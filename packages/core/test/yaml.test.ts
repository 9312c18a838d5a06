/** YAML 1.1 scalar resolution as PyYAML's SafeLoader does it, and node locations. */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../src/index.js";

function scalar(text: string): unknown {
  return (loadYaml(`v: ${text}`).documents[0]?.data as { v: unknown }).v;
}

describe("YAML 1.1 scalars", () => {
  it.each([
    ["~", null], ["null", null], ["Null", null], ["NULL", null], ["", null],
    ["yes", true], ["Yes", true], ["YES", true], ["on", true], ["On", true], ["ON", true], ["true", true], ["True", true], ["TRUE", true],
    ["no", false], ["No", false], ["NO", false], ["off", false], ["Off", false], ["OFF", false], ["false", false], ["False", false], ["FALSE", false],
    ["y", "y"], ["n", "n"], ["Y", "Y"], ["nULL", "nULL"], ["tRUE", "tRUE"],
    ["42", 42], ["-17", -17], ["+5", 5], ["0", 0], ["1_000", 1000], ["0b1010", 10], ["0x1F", 31], ["0777", 511], ["-010", -8],
    ["00000429", "00000429"], ["0429", "0429"], ["190:20:30", 685230],
    ["1.5", 1.5], ["1.", 1], ["-.5e+3", "-.5e+3"], [".5", 0.5], ["1.5e+3", 1500], ["1e5", "1e5"], ["1.0e5", "1.0e5"], [".inf", Infinity], ["-.Inf", -Infinity],
    ["2023-01-01", "2023-01-01"], ["2023-1-1 10:00:00", "2023-1-1 10:00:00"], ["2023/01/01", "2023/01/01"],
    ["'yes'", "yes"], ['"0777"', "0777"],
  ] as const)("%s → %j", (text, value) => {
    expect(scalar(text)).toEqual(value);
  });

  it(".nan is NaN", () => {
    expect(Number.isNaN(scalar(".nan"))).toBe(true);
  });

  it("merge keys work", () => {
    const data = loadYaml("a: &a\n  x: 1\nb:\n  <<: *a\n  y: 2\n").documents[0]?.data;
    expect(data).toEqual({ a: { x: 1 }, b: { x: 1, y: 2 } });
  });
});

describe("locations", () => {
  const source = loadYaml("# comment\nroot:\n  key: value\n  list:\n    - one\n    -   two\n  flow: [a, b]\n", { path: "l.yml" });
  const data = source.documents[0]?.data as { root: { key: string; list: string[]; flow: string[] } };
  const L = source.locations;

  it("of documents, mappings, keys, values and elements", () => {
    expect(source.documents[0]?.location).toEqual({ path: "l.yml", line: 2, column: 1 });
    expect(L.of(data.root)).toEqual({ path: "l.yml", line: 3, column: 3 });
    expect(L.key(data.root, "key")).toEqual({ path: "l.yml", line: 3, column: 3 });
    expect(L.value(data.root, "key")).toEqual({ path: "l.yml", line: 3, column: 8 });
    expect(L.item(data.root.list, 0)).toEqual({ path: "l.yml", line: 5, column: 7 });
    expect(L.item(data.root.list, 1)).toEqual({ path: "l.yml", line: 6, column: 9 });
    expect(L.item(data.root.flow, 1)).toEqual({ path: "l.yml", line: 7, column: 13 });
  });

  it("unknown nodes give undefined", () => {
    expect(L.of({})).toBeUndefined();
    expect(L.key("x", "y")).toBeUndefined();
  });
});
