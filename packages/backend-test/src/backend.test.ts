/** The backend's formats, option, pipelines and plugin object (pySigma's `TextQueryTestBackend` API). */
import { describe, expect, it } from "vitest";
import { convert } from "@sigma/backend";
import { parseCollection } from "@sigma/core";
import plugin, { TEXT_QUERY_TEST, createTextQueryTestBackend } from "./index.js";

const rules = parseCollection(`title: A
logsource:
  category: test
detection:
  sel:
    fieldA: x
    fieldC: y
  condition: sel
---
title: B
logsource:
  category: test
detection:
  sel:
    fieldB: 1
  condition: sel
`);

const run = (format: string, options: Record<string, unknown> = {}) =>
  convert(createTextQueryTestBackend(), rules, { format, options }).output;

describe("text_query_test formats", () => {
  it("default: the queries; fieldA is mapped by dummy_test_pipeline", () => {
    expect(run("default")).toEqual(['mappedA="x" and fieldC="y"', "fieldB=1"]);
  });

  it("test: bracketed queries, fieldC mapped by the format's pipeline", () => {
    expect(run("test")).toEqual(['[ mappedA="x" and mappedC="y" ]', "[ fieldB=1 ]"]);
  });

  it("state: the index from the pipeline state, else default", () => {
    expect(run("state")).toEqual(['index=default (mappedA="x" and fieldC="y")', "index=default (fieldB=1)"]);
  });

  it("list_of_dict, str and bytes", () => {
    expect(run("list_of_dict")).toEqual([{ query: 'mappedA="x" and fieldC="y"' }, { query: "fieldB=1" }]);
    expect(run("list_of_dict", { testparam: "p" })).toEqual([
      { query: 'mappedA="x" and fieldC="y"', test: "p" },
      { query: "fieldB=1", test: "p" },
    ]);
    expect(run("str")).toBe('mappedA="x" and fieldC="y"\nfieldB=1');
    expect(new TextDecoder().decode(run("bytes") as Uint8Array)).toBe('mappedA="x" and fieldC="y"\u0000fieldB=1');
  });
});

describe("the plugin", () => {
  it("provides the backend and its pipeline by name", () => {
    expect(Object.keys(plugin.backends)).toEqual([TEXT_QUERY_TEST]);
    const backend = plugin.backends[TEXT_QUERY_TEST]();
    expect([backend.identifier, backend.defaultCorrelationMethod, Object.keys(backend.correlationMethods)]).toEqual([
      "text_query_test",
      "test",
      ["test"],
    ]);
    expect(plugin.pipelines.dummy_test_pipeline().allowedBackends).toEqual(["text_query_test"]);
  });
});
