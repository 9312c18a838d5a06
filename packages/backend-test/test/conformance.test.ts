/**
 * The backend against the reference's own outputs (fixtures/conformance/expected/text_query_test.jsonl):
 * every feature and correlation case, and every 20th corpus file, converted as the reference run
 * did (each file on its own, a fresh backend). Queries must be equal as written (stricter than the
 * whitespace-insensitive equivalence of `pnpm conformance`, which covers the whole corpus); an
 * expected error must be matched by an error.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convert } from "@sigma/backend";
import { parseCollection } from "@sigma/core";
import { createTextQueryTestBackend } from "../src/index.js";

const FIXTURES = new URL("../../../fixtures/", import.meta.url);

interface Expected {
  readonly path: string;
  readonly queries?: readonly string[];
  readonly error?: { readonly type: string; readonly message: string };
}

const expected: Expected[] = readFileSync(new URL("conformance/expected/text_query_test.jsonl", FIXTURES), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Expected);

/** Our queries for a file, or the first error's message. */
function outcome(path: string): { queries: unknown } | { error: string } {
  try {
    const collection = parseCollection(readFileSync(new URL(path, FIXTURES), "utf8"), { path, collectErrors: true });
    const first = collection.errors[0];
    if (first) return { error: first.message };
    const result = convert(createTextQueryTestBackend(), collection);
    const error = result.errors[0];
    return error ? { error: error.message } : { queries: result.output };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const cases = expected.filter((e) => e.path.startsWith("conformance/"));
const corpus = expected.filter((e) => e.path.startsWith("corpus/")).filter((_, i) => i % 20 === 0);

describe("text_query_test against pySigma's outputs", () => {
  it.each([...cases, ...corpus].map((e) => [e.path, e] as const))("%s", (_path, entry) => {
    const ours = outcome(entry.path);
    if (entry.error) expect(ours).toHaveProperty("error");
    else expect(ours).toEqual({ queries: entry.queries });
  });

  it("covers the cases", () => {
    expect(cases.length).toBeGreaterThan(300);
  });
});
