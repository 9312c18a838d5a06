/**
 * Assertions for semantic tests of metric queries: every query a test evaluates must also pass the
 * project's LogQL validator (the checks Loki makes), so the evaluator never vouches for a query
 * Loki would refuse.
 */
import { expect } from "vitest";
import { validateLogQL } from "../../src/validate/index.js";
import { evaluateMetric, firesAt, type Firing, type InstantVector, type TimedEntry } from "./metric.js";

/** Fails the test if the project's validator finds a problem in `query`. */
export function expectValidLogQL(query: string): void {
  expect(validateLogQL(query).map((p) => p.message), query).toEqual([]);
}

/** Checks `query` with the validator, then evaluates it at `at`. */
export function expectValidAndEvaluate(query: string, entries: readonly TimedEntry[], at: number): InstantVector {
  expectValidLogQL(query);
  return evaluateMetric(query, entries, at);
}

/** Checks `query` with the validator, then evaluates it at every instant (see `firesAt`). */
export function expectValidAndFire(query: string, entries: readonly TimedEntry[], instants: readonly number[]): Firing[] {
  expectValidLogQL(query);
  return firesAt(query, entries, instants);
}
