/**
 * Helpers to compare our output with the reference's recorded outputs
 * (fixtures/conformance/README.md, "What counts as equivalent").
 */
import { readFileSync } from "node:fs";
import { parseCollection, SigmaError } from "@sigma/core";
import { convert } from "@sigma/backend";
import { LokiBackend, lokiRegistry, resolvePipeline } from "../../src/index.js";

/** The repository's fixtures folder (reference material with its provenance). */
export const FIXTURES = new URL("../../../../fixtures/", import.meta.url);

/** A golden file of test/golden/ (an exact expected output). */
export function readGolden(name: string): string {
  return readFileSync(new URL(`../golden/${name}`, import.meta.url), "utf8");
}

/** One line of an expected/*.jsonl file. */
export interface ExpectedEntry {
  readonly path: string;
  readonly queries?: readonly string[];
  readonly error?: { readonly type: string; readonly message: string };
}

/** Reads an expected/<config>.jsonl file into a map by path. */
export function loadExpected(config: string): Map<string, ExpectedEntry> {
  const text = readFileSync(new URL(`conformance/expected/${config}.jsonl`, FIXTURES), "utf8");
  const out = new Map<string, ExpectedEntry>();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as ExpectedEntry;
    out.set(e.path, e);
  }
  return out;
}

/** Removes whitespace outside quoted strings and renumbers match_N / date_N from 0. */
export function normaliseQuery(q: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < q.length; i++) {
    const c = q[i] as string;
    if (quote) {
      out += c;
      if (quote === '"' && c === "\\") {
        out += q[i + 1] ?? "";
        i++;
      } else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "`") {
      quote = c;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  for (const prefix of ["match", "date"]) {
    const seen = new Map<string, string>();
    out = out.replace(new RegExp(`\\b${prefix}_(\\d+)\\b`, "g"), (m) => {
      if (!seen.has(m)) seen.set(m, `${prefix}_${seen.size}`);
      return seen.get(m) as string;
    });
  }
  return out;
}

/** What converting one file gave. */
export type Outcome = { readonly queries: readonly string[] } | { readonly error: SigmaError | Error };

/** Converts one file (relative to fixtures/) as the reference run did: on its own, fresh backend. */
export function convertFile(
  path: string,
  options: Record<string, unknown> = {},
  format = "default",
  pipelines: readonly string[] = [],
): Outcome {
  const text = readFileSync(new URL(path, FIXTURES), "utf8");
  try {
    const collection = parseCollection(text, { path, collectErrors: true });
    if (collection.errors.length > 0) return { error: collection.errors[0] as SigmaError };
    const registry = lokiRegistry();
    const resolved = pipelines.map((name) => resolvePipeline(name, { registry, target: "loki" }));
    const result = convert(new LokiBackend(), collection, { format, options, pipelines: resolved });
    if (result.errors.length > 0) return { error: result.errors[0] as SigmaError };
    const output = result.output;
    return { queries: Array.isArray(output) ? (output as string[]) : [String(output)] };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}

/** True if our outcome is equivalent to the expected one. */
export function equivalent(outcome: Outcome, expected: ExpectedEntry): boolean {
  if (expected.error) return "error" in outcome;
  if (!("queries" in outcome) || !expected.queries) return false;
  if (outcome.queries.length !== expected.queries.length) return false;
  return outcome.queries.every((q, i) => normaliseQuery(q) === normaliseQuery(expected.queries?.[i] ?? ""));
}
