/**
 * Test data: the reference spec's examples and pipeline facts (`test/fixtures/`, made from the
 * spec by `pnpm fixtures:refresh DROP`) and the repository's copied reference data (`fixtures/`).
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
// The files' format is defined where they are written.
import type { ConversionExample, ShippedPipelines } from "../../../tooling/src/fixtures/spec-reference.js";

/** The repository's reference data (fixtures/). */
const repositoryFixtures = new URL("../../../fixtures/", import.meta.url);

/** A file of this package's `test/fixtures/`, as YAML data. */
const ownFixture = <T>(file: string): T => load(readFileSync(new URL(`fixtures/${file}`, import.meta.url), "utf8")) as T;

const conversionExamples = ownFixture<ConversionExample[]>("conversion-examples.yml");

/** A §5.13 example (`P04`, `E37`, …) that has a detection and a query; `query` is its first query. */
export function example(id: string): ConversionExample & { detection: string; query: string } {
  const found = conversionExamples.find((e) => e.id === id);
  const query = found?.queries?.[0];
  if (!found || found.detection === undefined || query === undefined) throw new Error(`no example ${id} with a detection and a query`);
  return { ...found, detection: found.detection, query };
}

/** What reference-behaviour.md §5.6 says of the shipped pipelines and transformations. */
export const shippedPipelines = ownFixture<ShippedPipelines>("shipped-pipelines.yml");

/** The stream selector at the start of a query (up to the first `} `). */
export function streamSelector(query: string): string {
  return query.slice(0, query.indexOf("} ") + 1);
}

/** Expected outputs of one conformance configuration, by path. */
export function conformance(config: string): Map<string, { queries?: string[]; error?: { message: string } }> {
  const text = readFileSync(new URL(`conformance/expected/${config}.jsonl`, repositoryFixtures), "utf8");
  return new Map(
    text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const entry = JSON.parse(l) as { path: string; queries?: string[]; error?: { message: string } };
        return [entry.path, entry];
      }),
  );
}

/** A file of the fixtures folder, by its path relative to it. */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, repositoryFixtures), "utf8");
}
