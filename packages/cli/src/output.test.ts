import { describe, expect, it } from "vitest";
import { encoder, pythonJson, serialise } from "./output.js";

// Expected bytes: spec/sigma-cli.md §3.7.
describe("output", () => {
  const utf8 = encoder("utf-8");

  it("joins lists of queries with a blank line and ends with a newline", () => {
    expect(Buffer.from(serialise(["a", "b"], utf8)).toString()).toBe("a\n\nb\n");
    expect(Buffer.from(serialise("groups: []\n", utf8)).toString()).toBe("groups: []\n\n");
    expect(serialise([], utf8)).toHaveLength(0);
  });

  it("writes lists of objects as Python-style JSON lines", () => {
    expect(Buffer.from(serialise([{ a: 1, b: "é" }, { c: [1, 2] }], utf8)).toString()).toBe('{"a": 1, "b": "\\u00e9"}\n{"c": [1, 2]}\n');
    expect(pythonJson({ a: [1, { b: null }] }, 2)).toBe('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}');
    expect(pythonJson({ a: 1 }, 0)).toBe('{\n"a": 1\n}');
  });

  it("encodes with Python codec names, strictly", () => {
    expect([...encoder("UTF-16")("a")]).toEqual([0xff, 0xfe, 0x61, 0x00]);
    expect([...encoder("latin-1")("é")]).toEqual([0xe9]);
    expect(() => encoder("ascii")("é")).toThrow(/'ascii' codec can't encode character/);
    expect(() => encoder("bogus")).toThrow("unknown encoding: bogus");
  });
});
