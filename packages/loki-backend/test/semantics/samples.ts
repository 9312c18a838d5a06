/**
 * Loki's own verdicts (fixtures/semantics): the 238 regression-sample events and, per rule, which
 * events the reference's queries select on a real Loki.
 */
import { readFileSync } from "node:fs";
import { FIXTURES } from "../helpers/conformance.js";

/** One regression-sample event as a log line of the stream `{job="windows"}`. */
export interface SampleEvent {
  readonly id: string;
  readonly rule_id: string;
  readonly line: string;
  readonly stream: Readonly<Record<string, string>>;
}

/** One row of verdicts.jsonl. */
export interface Verdict {
  readonly path: string;
  readonly rule_id: string;
  readonly variant: "reference" | "anchor-fixed";
  readonly query: string;
  readonly selects: readonly string[];
  readonly own_events: readonly string[];
}

function jsonl<T>(name: string): T[] {
  const text = readFileSync(new URL(`semantics/${name}`, FIXTURES), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

export function loadEvents(): SampleEvent[] {
  return jsonl<Omit<SampleEvent, "stream">>("events.jsonl").map((e) => ({ ...e, stream: { job: "windows" } }));
}

export function loadVerdicts(): Verdict[] {
  return jsonl<Verdict>("verdicts.jsonl");
}
