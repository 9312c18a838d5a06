import { describe, expect, test } from "vitest";
import { DEFAULT_STATE, fromCompact, MAX_TEXT_LENGTH, StateFormatError, toCompact, withOption, withPipeline, type PlaygroundState } from "./state.js";

const full: PlaygroundState = {
  rule: "title: a\n---\ntitle: b\n",
  pipelineYaml: "name: p\ntransformations: []\n",
  pipelines: ["sysmon", "loki_promtail_sysmon"],
  format: "grafana_alerting",
  options: { case_sensitive: true, grafana_org_id: 3, grafana_folder: "x" },
};

describe("compact form", () => {
  test("round-trips every field", () => {
    expect(fromCompact(JSON.parse(JSON.stringify(toCompact(full))))).toEqual(full);
  });

  test("leaves defaults out, keeps the rule even when empty", () => {
    expect(toCompact({ ...DEFAULT_STATE, rule: "" })).toEqual({ v: 1, r: "" });
    expect(fromCompact({ v: 1, r: "" })).toEqual({ ...DEFAULT_STATE, rule: "" });
  });

  test("rejects what is not a state", () => {
    for (const bad of [null, [], "x", { r: "a" }, { v: 2, r: "a" }, { v: 1 }, { v: 1, r: 5 }, { v: 1, r: "x".repeat(MAX_TEXT_LENGTH + 1) }]) {
      expect(() => fromCompact(bad), JSON.stringify(bad)?.slice(0, 40)).toThrow(StateFormatError);
    }
  });

  test("drops malformed optional fields of an edited link instead of failing", () => {
    const state = fromCompact({
      v: 1,
      r: "title: a",
      p: 42,
      l: ["sysmon", 7, "sysmon", "bad name!", "x".repeat(65)],
      f: "markdown",
      o: { case_sensitive: true, nested: { a: 1 }, n: Number.NaN, "bad key": 1, list: [1] },
      extra: "ignored",
    });
    expect(state).toEqual({ ...DEFAULT_STATE, rule: "title: a", pipelines: ["sysmon"], options: { case_sensitive: true } });
  });

  test("an option named __proto__ cannot change any prototype", () => {
    const state = fromCompact(JSON.parse('{"v":1,"r":"","o":{"__proto__":{"polluted":true},"case_sensitive":true}}'));
    expect(Object.getPrototypeOf(state.options)).toBe(Object.prototype);
    expect(state.options).toEqual({ case_sensitive: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("updates", () => {
  test("an option set to its default is removed from the state", () => {
    const on = withOption(DEFAULT_STATE, "case_sensitive", true, false);
    expect(on.options).toEqual({ case_sensitive: true });
    expect(withOption(on, "case_sensitive", false, false).options).toEqual({});
  });

  test("pipelines switch on in the order chosen and off without duplicates", () => {
    let s = withPipeline(DEFAULT_STATE, "b", true);
    s = withPipeline(s, "a", true);
    s = withPipeline(s, "b", true);
    expect(s.pipelines).toEqual(["a", "b"]);
    expect(withPipeline(s, "a", false).pipelines).toEqual(["b"]);
    expect(DEFAULT_STATE.pipelines).toEqual([]);
  });
});
