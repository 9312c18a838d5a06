/**
 * LogQL shapes for each Sigma correlation type, run by the metric evaluator as a ruler would run
 * them (every minute, 10:00 to 10:15): each fires on a built sequence of events and stays silent on
 * near misses (one event late, wrong group, wrong order). These are the candidate shapes with Loki's
 * semantics made visible; the backend's own queries run in ./correlation-outputs.test.ts.
 */
import { describe, expect, it } from "vitest";
import { evaluateMetric, formatLabels, LokiQueryError, type TimedEntry } from "./metric.js";
import { expectValidAndFire } from "./metric-expect.js";
import { clock, clockOf, event } from "./timeline.js";

const WIN = '{job="windows"} | json';
const FAILED = `${WIN} | EventID=4625`;
const PROCESS = `${WIN} | EventID=4688`;
const TIMESTAMP = "| label_format ts=`{{ __timestamp__ | unixEpochMillis }}` | unwrap ts";
const EVERY_MINUTE = Array.from({ length: 16 }, (_, i) => clock("10:00") + i * 60_000);

const win = (time: string, fields: Record<string, unknown>): TimedEntry => event(time, fields, { job: "windows" });
const failed = (time: string, Computer: string, extra: Record<string, unknown> = {}) => win(time, { EventID: 4625, Computer, ...extra });
const process = (time: string, Computer: string, extra: Record<string, unknown> = {}) => win(time, { EventID: 4688, Computer, ...extra });

/** `HH:MM {labels} value` for every firing. */
function firings(query: string, events: readonly TimedEntry[]): string[] {
  return expectValidAndFire(query, events, EVERY_MINUTE).map((f) => `${clockOf(f.at)} ${formatLabels(f.labels)} ${f.value}`);
}

describe("event_count: at least 3 failed logons per Computer within 5 minutes", () => {
  const rule = `sum by (Computer) (count_over_time(${FAILED} [5m])) >= 3`;

  it("fires while three are in the window", () => {
    const events = [failed("10:01", "pc1"), failed("10:02", "pc1"), failed("10:04", "pc1")];
    expect(firings(rule, events)).toEqual(['10:04 {Computer="pc1"} 3', '10:05 {Computer="pc1"} 3']);
  });

  it("one event late: the third comes exactly 5 minutes after the first (the window's start is open)", () => {
    expect(firings(rule, [failed("10:01", "pc1"), failed("10:03", "pc1"), failed("10:06", "pc1")])).toEqual([]);
  });

  it("wrong group: three events over two Computers", () => {
    expect(firings(rule, [failed("10:01", "pc1"), failed("10:02", "pc2"), failed("10:03", "pc1")])).toEqual([]);
  });
});

describe("event_count over two rules with different selectors", () => {
  const a = `count_over_time(${FAILED} [5m])`;
  const b = `count_over_time({job="sysmon"} | json | EventID=1 [5m])`;
  const sysmon = (time: string, Computer: string) => event(time, { EventID: 1, Computer, n: time }, { job: "sysmon" });
  const events = [failed("10:01", "pc1"), failed("10:02", "pc1"), sysmon("10:03", "pc1"), sysmon("10:03", "pc2")];

  it("`sum by (g) (A or B)` counts the events of both rules per group", () => {
    // At 10:06 the window (10:01, 10:06] no longer holds the first failure.
    expect(firings(`sum by (Computer) (${a} or ${b}) >= 3`, events)).toEqual([
      '10:03 {Computer="pc1"} 3',
      '10:04 {Computer="pc1"} 3',
      '10:05 {Computer="pc1"} 3',
    ]);
  });

  it("`sum by (g) (A) + on(g) sum by (g) (B)` loses groups seen by one rule only", () => {
    const onlyA = [failed("10:01", "pc1"), failed("10:02", "pc1"), failed("10:03", "pc1")];
    expect(firings(`sum by (Computer) (${a}) + on(Computer) sum by (Computer) (${b}) >= 3`, onlyA)).toEqual([]);
    expect(firings(`sum by (Computer) (${a} or ${b}) >= 3`, onlyA)).toHaveLength(3);
  });
});

describe("value_count: at least 2 distinct users failing on one Computer within 5 minutes", () => {
  const rule = `count by (Computer) (sum by (Computer, User) (count_over_time(${FAILED} [5m]))) >= 2`;

  it("fires for two users", () => {
    expect(firings(rule, [failed("10:01", "pc1", { User: "alice" }), failed("10:02", "pc1", { User: "bob" })])).toEqual([
      '10:02 {Computer="pc1"} 2',
      '10:03 {Computer="pc1"} 2',
      '10:04 {Computer="pc1"} 2',
      '10:05 {Computer="pc1"} 2',
    ]);
  });

  it("near misses: the same user twice; two users on two Computers", () => {
    expect(firings(rule, [failed("10:01", "pc1", { User: "alice" }), failed("10:02", "pc1", { User: "alice" })])).toEqual([]);
    expect(firings(rule, [failed("10:01", "pc1", { User: "alice" }), failed("10:02", "pc2", { User: "bob" })])).toEqual([]);
  });
});

describe("temporal: a failed logon and a process creation on the same Computer within 5 minutes", () => {
  const rule = (processPipeline = PROCESS) =>
    `sum by (Computer) (count_over_time(${FAILED} [5m])) > 0 and on(Computer) sum by (Computer) (count_over_time(${processPipeline} [5m])) > 0`;

  it("fires while both are in the window, in either order", () => {
    expect(firings(rule(), [failed("10:01", "pc1"), process("10:04", "pc1")])).toEqual(['10:04 {Computer="pc1"} 1', '10:05 {Computer="pc1"} 1']);
    expect(firings(rule(), [process("10:01", "pc1"), failed("10:04", "pc1")])).toHaveLength(2);
  });

  it("near misses: one event late; wrong group", () => {
    expect(firings(rule(), [failed("10:01", "pc1"), process("10:06", "pc1")])).toEqual([]);
    expect(firings(rule(), [failed("10:01", "pc1"), process("10:02", "pc2")])).toEqual([]);
  });

  it("an alias: the second rule names the group field `host`; label_format renames it", () => {
    const aliased = `${WIN} | EventID=4688 | label_format Computer=host`;
    const events = [failed("10:01", "pc1"), win("10:02", { EventID: 4688, host: "pc1" })];
    expect(firings(rule(aliased), events)).toHaveLength(4);
    expect(firings(rule(aliased), [failed("10:01", "pc1"), win("10:02", { EventID: 4688, host: "pc2" })])).toEqual([]);
  });
});

describe("temporal_ordered: a failed logon, then a process creation, on one Computer within 5 minutes", () => {
  // Some logon precedes some process creation iff the earliest logon is before the latest creation.
  const rule =
    `min_over_time(${FAILED} ${TIMESTAMP} [5m]) by (Computer)` +
    ` < on(Computer) max_over_time(${PROCESS} ${TIMESTAMP} [5m]) by (Computer)`;

  it("fires in order; the value is the time of the first logon", () => {
    expect(firings(rule, [failed("10:01", "pc1"), process("10:03", "pc1")])).toEqual([
      `10:03 {Computer="pc1"} ${clock("10:01")}`,
      `10:04 {Computer="pc1"} ${clock("10:01")}`,
      `10:05 {Computer="pc1"} ${clock("10:01")}`,
    ]);
  });

  it("near misses: wrong order; the same instant; one event late; wrong group", () => {
    expect(firings(rule, [process("10:01", "pc1"), failed("10:03", "pc1")])).toEqual([]);
    expect(firings(rule, [process("10:01", "pc1"), failed("10:01", "pc1")])).toEqual([]);
    expect(firings(rule, [failed("10:01", "pc1"), process("10:06", "pc1")])).toEqual([]);
    expect(firings(rule, [failed("10:01", "pc1"), process("10:03", "pc2")])).toEqual([]);
  });
});

describe("value_sum, value_avg, value_percentile, value_median over an unwrapped field", () => {
  const sent = (time: string, Computer: string, Bytes: unknown) => win(time, { EventID: 3, Computer, Bytes });
  const NET = `${WIN} | EventID=3 | unwrap Bytes | __error__=""`;
  const events = [sent("10:01", "pc1", 100), sent("10:02", "pc1", 300), sent("10:03", "pc1", 800), sent("10:02", "pc2", 900)];
  const at = (query: string, list: readonly TimedEntry[] = events) => evaluateMetric(query, list, clock("10:05")).map((s) => `${formatLabels(s.labels)} ${s.value}`);

  it("value_sum: sum by (g) of sum_over_time (sum_over_time takes no `by`)", () => {
    expect(at(`sum by (Computer) (sum_over_time(${NET} [5m])) > 1000`)).toEqual(['{Computer="pc1"} 1200']);
    expect(at(`sum by (Computer) (sum_over_time(${NET} [5m])) > 1200`)).toEqual([]);
  });

  it("value_avg: avg_over_time by (g) averages every sample of the group", () => {
    expect(at(`avg_over_time(${NET} [5m]) by (Computer) > 400`)).toEqual(['{Computer="pc2"} 900']);
    expect(at(`avg_over_time(${NET} [5m]) by (Computer) >= 400`)).toEqual(['{Computer="pc1"} 400', '{Computer="pc2"} 900']);
  });

  it("value_percentile and value_median: quantile_over_time by (g)", () => {
    // pc1: 100, 300, 800. 0.9 → rank 1.8 → 300·0.2 + 800·0.8 = 700; median 300.
    expect(at(`quantile_over_time(0.9, ${NET} [5m]) by (Computer) > 650`)).toEqual(['{Computer="pc1"} 700', '{Computer="pc2"} 900']);
    expect(at(`quantile_over_time(0.5, ${NET} [5m]) by (Computer) < 500`)).toEqual(['{Computer="pc1"} 300']);
  });

  it("a value that is not a number drops out only with `| __error__=\"\"` after unwrap", () => {
    const withText = [...events, sent("10:04", "pc1", "lots")];
    expect(at(`sum by (Computer) (sum_over_time(${NET} [5m]))`, withText)).toEqual(['{Computer="pc1"} 1200', '{Computer="pc2"} 900']);
    const strict = `sum by (Computer) (sum_over_time(${WIN} | EventID=3 | unwrap Bytes [5m]))`;
    expect(() => at(strict, withText)).toThrow(LokiQueryError);
  });

  it("one event late and wrong group leave the sum below the threshold", () => {
    // Only all three (1200) pass 1150; the largest pair is 1100.
    const rule = `sum by (Computer) (sum_over_time(${NET} [5m])) > 1150`;
    expect(firings(rule, [sent("10:01", "pc1", 100), sent("10:02", "pc1", 300), sent("10:03", "pc1", 800)])).toHaveLength(3); // 10:03 to 10:05
    expect(firings(rule, [sent("10:01", "pc1", 100), sent("10:02", "pc1", 300), sent("10:06", "pc1", 800)])).toEqual([]);
    expect(firings(rule, [sent("10:01", "pc1", 100), sent("10:02", "pc1", 300), sent("10:03", "pc2", 800)])).toEqual([]);
  });
});
