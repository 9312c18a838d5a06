/**
 * Per-file verdicts of the conformance comparison (conformance/README.md "What counts as
 * equivalent"), including the accepted differences of ./accepted.ts.
 */
import yaml from "js-yaml";
import {
  acceptOutcomeDifference,
  correctCorrelationExpr,
  correctReference,
  isOrInsertion,
  matchQuery,
  undoDotAllInQuery,
  type BugClass,
} from "./accepted.js";
import { normalizeQuery } from "./normalize.js";
import type { FileOutcome } from "./expected.js";

/** Verdict for one file. */
export type Verdict =
  | { readonly kind: "equivalent" }
  | { readonly kind: "accepted"; readonly classes: readonly BugClass[] }
  | { readonly kind: "differ"; readonly detail: string }
  | { readonly kind: "error-mismatch"; readonly detail: string };

/** Compares the reference's outcome for a file with ours, for output format `format`. */
export function compareOutcome(format: string, expected: FileOutcome, actual: FileOutcome): Verdict {
  if (expected.error !== undefined || actual.error !== undefined) {
    if (expected.error !== undefined && actual.error !== undefined) return { kind: "equivalent" };
    const accepted = acceptOutcomeDifference({
      expectedQueries: queryTexts(format, expected.queries),
      expectedError: expected.error?.message,
      expectedErrorType: expected.error?.type,
      actualQueries: queryTexts(format, actual.queries),
      actualError: actual.error?.message,
    });
    if (accepted !== undefined) return { kind: "accepted", classes: [accepted] };
    const detail =
      expected.error !== undefined
        ? `reference: ${expected.error.type}: ${expected.error.message}; ours: ${actual.queries?.length ?? 0} queries`
        : `reference: ${expected.queries?.length ?? 0} queries; ours: ${actual.error?.type}: ${actual.error?.message}`;
    return { kind: "error-mismatch", detail };
  }
  const e = expected.queries ?? [];
  const a = actual.queries ?? [];
  if (format === "ruler" || format === "grafana_alerting") {
    if (e.length !== 1 || a.length !== 1) {
      return { kind: "differ", detail: `expected one YAML text each, got ${e.length} and ${a.length}` };
    }
    return compareYamlTexts(format, e[0] ?? "", a[0] ?? "");
  }
  return compareQueryLists(e, a);
}

/** Default format: same number of queries, in order, each equivalent (or accepted). */
export function compareQueryLists(expected: readonly string[], actual: readonly string[]): Verdict {
  if (expected.length !== actual.length) {
    return { kind: "differ", detail: `${expected.length} queries expected, ${actual.length} produced` };
  }
  const classes = new Set<BugClass>();
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? "";
    const a = actual[i] ?? "";
    const match = matchQuery(e, a);
    if (match.kind === "accepted") match.classes.forEach((c) => classes.add(c));
    if (match.kind !== "differ") continue;
    // Only the last part of a partitioned query can hold the values the reference dropped.
    if (expected.length > 1 && i === expected.length - 1) {
      const { corrected, classes: rewrites } = correctReference(e);
      const written = undoDotAllInQuery(a);
      if (isOrInsertion(normalizeQuery(corrected), normalizeQuery(written))) {
        classes.add("partition-drops-values");
        rewrites.forEach((c) => classes.add(c));
        if (written !== a) classes.add("dotall-wildcards");
        continue;
      }
    }
    return { kind: "differ", detail: `query ${i} differs` };
  }
  return classes.size === 0 ? { kind: "equivalent" } : { kind: "accepted", classes: [...classes] };
}

/** YAML formats: both texts parsed and compared as data; `expr` strings compared as queries. */
export function compareYamlTexts(format: "ruler" | "grafana_alerting", expected: string, actual: string): Verdict {
  let e: unknown;
  let a: unknown;
  try {
    e = yaml.load(expected);
    a = yaml.load(actual);
  } catch (error) {
    return { kind: "differ", detail: `YAML does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
  const classes = new Set<BugClass>();
  const problem = compareData(e, a, "", format, classes);
  if (problem !== undefined) return { kind: "differ", detail: problem };
  return classes.size === 0 ? { kind: "equivalent" } : { kind: "accepted", classes: [...classes] };
}

function compareData(
  e: unknown,
  a: unknown,
  path: string,
  format: "ruler" | "grafana_alerting",
  classes: Set<BugClass>,
): string | undefined {
  if (path.endsWith(".expr") && typeof e === "string" && typeof a === "string") {
    const match = matchQuery(e, a);
    if (match.kind === "equivalent") return undefined;
    if (match.kind === "accepted") {
      match.classes.forEach((c) => classes.add(c));
      return undefined;
    }
    const corrected = correctCorrelationExpr(e, format);
    if (corrected !== undefined) {
      const fixed = matchQuery(corrected, a);
      if (fixed.kind !== "differ") {
        classes.add("correlation-yaml-formats");
        if (fixed.kind === "accepted") fixed.classes.forEach((c) => classes.add(c));
        return undefined;
      }
    }
    return `${path}: expr differs`;
  }
  if (Array.isArray(e) || Array.isArray(a)) {
    if (!Array.isArray(e) || !Array.isArray(a)) return `${path}: list expected on both sides`;
    if (e.length !== a.length) return `${path}: ${e.length} items expected, ${a.length} produced`;
    for (let i = 0; i < e.length; i++) {
      const problem = compareData(e[i], a[i], `${path}[${i}]`, format, classes);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (isRecord(e) || isRecord(a)) {
    if (!isRecord(e) || !isRecord(a)) return `${path}: mapping expected on both sides`;
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    for (const key of [...keys].sort()) {
      if (!(key in e)) return `${path}.${key}: not expected`;
      if (!(key in a)) return `${path}.${key}: missing`;
      const problem = compareData(e[key], a[key], `${path}.${key}`, format, classes);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return Object.is(e, a) ? undefined : `${path}: ${JSON.stringify(e)} expected, ${JSON.stringify(a)} produced`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The queries of an outcome; for YAML formats the `expr` of every alert. */
export function queryTexts(format: string, queries: readonly string[] | undefined): string[] | undefined {
  if (queries === undefined || format === "default") return queries === undefined ? undefined : [...queries];
  const exprs: string[] = [];
  const visit = (node: unknown, key: string): void => {
    if (key === "expr" && typeof node === "string") exprs.push(node);
    else if (Array.isArray(node)) node.forEach((n) => visit(n, ""));
    else if (isRecord(node)) for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  for (const text of queries) {
    try {
      visit(yaml.load(text), "");
    } catch {
      exprs.push(text);
    }
  }
  return exprs;
}
