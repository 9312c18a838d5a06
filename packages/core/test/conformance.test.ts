/**
 * The conformance case files load. Where the reference reports an error that pySigma raises while
 * reading rules (missing correlation references, bad correlation definitions, unknown or
 * incompatible modifiers), loading must fail with the same message; every other case must load
 * without errors (its expected error, if any, comes from conversion).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { SigmaError, collectionErrors, parseCollection } from "../src/index.js";
import { FIXTURES } from "./corpus-files.js";

/** Error types the reference raises while loading a collection (not while converting). */
const LOAD_TIME_ERRORS = new Set([
  "SigmaRuleNotFoundError",
  "SigmaCorrelationRuleError",
  "SigmaCorrelationTypeError",
  "SigmaCorrelationConditionError",
  "SigmaTimespanError",
  "SigmaModifierError",
  "SigmaTypeError",
  "SigmaValueError",
  "SigmaRegularExpressionError",
  "SigmaDetectionError",
  "SigmaCollectionError",
]);

interface Expected {
  path: string;
  queries?: string[];
  error?: { type: string; message: string };
}

const expected = new Map<string, Expected>(
  readFileSync(join(FIXTURES, "conformance", "expected", "default.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Expected)
    .map((e) => [e.path, e]),
);

function caseFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) caseFiles(full, out);
    else if (entry.name.endsWith(".yml")) out.push(full);
  }
  return out.sort();
}

const cases = caseFiles(join(FIXTURES, "conformance", "cases")).map((file) => relative(FIXTURES, file));

describe("conformance case files", () => {
  it("are all listed in the expected outputs", () => {
    expect(cases.length).toBeGreaterThan(300);
    expect(cases.filter((path) => !expected.has(path))).toEqual([]);
  });

  it.each(cases)("%s", (path) => {
    const text = readFileSync(join(FIXTURES, path), "utf8");
    const want = expected.get(path);
    const loadError = want?.error && LOAD_TIME_ERRORS.has(want.error.type) ? want.error : undefined;
    let thrown: unknown;
    try {
      const collection = parseCollection(text, { path });
      expect(collectionErrors(collection).map(String)).toEqual([]);
    } catch (error) {
      thrown = error;
    }
    if (loadError) {
      expect(thrown).toBeInstanceOf(SigmaError);
      expect((thrown as SigmaError).message).toBe(loadError.message);
      expect((thrown as SigmaError).location?.line).toBeGreaterThan(0);
    } else {
      expect(thrown === undefined ? "" : String(thrown)).toBe("");
    }
  });
});
