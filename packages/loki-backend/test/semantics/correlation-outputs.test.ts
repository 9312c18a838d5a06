/**
 * The backend's own correlation queries, converted from Sigma rules, run by the metric evaluator as
 * a ruler runs them (every minute, 10:00 to 10:15; windows are (t − timespan, t]): each correlation
 * type fires on a built sequence of events and stays silent on near misses (one event late, wrong
 * group, wrong order, a value just under the threshold). Every query also passes the validator.
 */
import { describe, expect, it } from "vitest";
import { convertRules } from "../../src/index.js";
import { LokiQueryError, evaluateMetric, formatLabels, type TimedEntry } from "./metric.js";
import { expectValidAndFire, expectValidLogQL } from "./metric-expect.js";
import { clock, clockOf, event } from "./timeline.js";

const EVERY_MINUTE = Array.from({ length: 16 }, (_, i) => clock("10:00") + i * 60_000);

/** Windows security rules by name and event id (the stream `{job="windows"}`, JSON lines). */
const EVENT_IDS = { failed: 4625, success: 4624, process: 4688, lockout: 4740, network: 3, written: 11 };
const RULES = Object.entries(EVENT_IDS)
  .map(([name, id]) => `title: Rule ${name}\nname: ${name}\nlogsource: {product: windows, service: security}\ndetection: {sel: {EventID: ${id}}, condition: sel}\n`)
  .join("---\n");

/** The query of a correlation (YAML body of `correlation:`) over RULES. */
function correlate(body: string, rules = RULES): string {
  const text = `${rules}---\ntitle: Correlation\nname: corr\ncorrelation:\n${body.replace(/^/gm, "  ")}\n`;
  const { output, errors } = convertRules(text, { path: "c.yml" });
  expect(errors.map((e) => e.message)).toEqual([]);
  const queries = output as string[];
  const query = queries[queries.length - 1] ?? "";
  expectValidLogQL(query);
  return query;
}

const win = (time: string | number, fields: Record<string, unknown>): TimedEntry => event(time, fields, { job: "windows" });
const failed = (time: string | number, fields: Record<string, unknown> = {}) => win(time, { EventID: 4625, ...fields });
const success = (time: string | number, fields: Record<string, unknown> = {}) => win(time, { EventID: 4624, ...fields });
const process = (time: string, fields: Record<string, unknown> = {}) => win(time, { EventID: 4688, ...fields });
const lockout = (time: string, fields: Record<string, unknown> = {}) => win(time, { EventID: 4740, ...fields });
const net = (time: string, Computer: string, Bytes: unknown) => win(time, { EventID: 3, Computer, Bytes });
const file = (time: string, Computer: string, Bytes: unknown) => win(time, { EventID: 11, Computer, Bytes });

/** `HH:MM {labels} value` for every firing. */
function firings(query: string, events: readonly TimedEntry[]): string[] {
  return expectValidAndFire(query, events, EVERY_MINUTE).map((f) => `${clockOf(f.at)} ${formatLabels(f.labels)} ${f.value}`);
}

/** The minutes at which a query fires (any group). */
function minutes(query: string, events: readonly TimedEntry[]): string[] {
  return [...new Set(firings(query, events).map((f) => f.slice(0, 5)))];
}

describe("event_count over two rules, with aliases", () => {
  const query = correlate(`type: event_count
rules: [failed, success]
aliases:
  user: {failed: TargetUserName, success: User}
group-by: [user]
timespan: 5m
condition: {gte: 3}`);

  it("counts the events of both rules per aliased group", () => {
    const events = [failed("10:01", { TargetUserName: "alice" }), failed("10:02", { TargetUserName: "alice" }), success("10:03", { User: "alice" })];
    expect(firings(query, events)).toEqual(['10:03 {user="alice"} 3', '10:04 {user="alice"} 3', '10:05 {user="alice"} 3']);
  });

  it("near misses: one event late; one of another group; the other rule's field name", () => {
    expect(minutes(query, [failed("10:01", { TargetUserName: "alice" }), failed("10:02", { TargetUserName: "alice" }), success("10:06", { User: "alice" })])).toEqual([]);
    expect(minutes(query, [failed("10:01", { TargetUserName: "alice" }), failed("10:02", { TargetUserName: "alice" }), success("10:03", { User: "bob" })])).toEqual([]);
    // `success` names the user `User`: its `TargetUserName` is not the group.
    expect(minutes(query, [failed("10:01", { TargetUserName: "alice" }), failed("10:02", { TargetUserName: "alice" }), success("10:03", { TargetUserName: "alice" })])).toEqual([]);
  });

  it("a line that is no JSON cannot fail the alert", () => {
    const events = [failed("10:01", { TargetUserName: "alice" }), failed("10:02", { TargetUserName: "alice" }), success("10:03", { User: "alice" })];
    const broken: TimedEntry = { ts: clock("10:02"), line: "EventID=4625 not json", stream: { job: "windows" } };
    expect(firings(query, [...events, broken])).toHaveLength(3);
  });
});

describe("event_count of no event, over two rules", () => {
  const query = correlate("type: event_count\nrules: [failed, success]\ntimespan: 5m\ncondition: {eq: 0}");

  it("fires while neither rule has an event in the window", () => {
    expect(minutes(query, [failed("10:01"), lockout("10:02")])).toEqual(["10:00", "10:06", "10:07", "10:08", "10:09", "10:10", "10:11", "10:12", "10:13", "10:14", "10:15"]);
  });

  it("stays silent while either rule has one", () => {
    const both = [failed("09:58"), success("10:03"), failed("10:07"), success("10:11")];
    expect(minutes(query, both)).toEqual([]);
  });
});

describe("value_count over two rules", () => {
  const query = correlate(`type: value_count
rules: [failed, success]
group-by: [Computer]
timespan: 5m
condition: {field: User, gte: 2}`);

  it("counts distinct values across the rules", () => {
    expect(firings(query, [failed("10:01", { Computer: "pc1", User: "alice" }), success("10:02", { Computer: "pc1", User: "bob" })])).toEqual([
      '10:02 {Computer="pc1"} 2',
      '10:03 {Computer="pc1"} 2',
      '10:04 {Computer="pc1"} 2',
      '10:05 {Computer="pc1"} 2',
    ]);
  });

  it("near misses: the same value in both rules; two values on two groups", () => {
    expect(minutes(query, [failed("10:01", { Computer: "pc1", User: "alice" }), success("10:02", { Computer: "pc1", User: "alice" })])).toEqual([]);
    expect(minutes(query, [failed("10:01", { Computer: "pc1", User: "alice" }), success("10:02", { Computer: "pc2", User: "bob" })])).toEqual([]);
  });
});

describe("temporal: every rule seen in the group within the timespan", () => {
  const query = correlate(`type: temporal
rules: [failed, process]
aliases:
  host: {failed: Computer, process: Hostname}
group-by: [host]
timespan: 5m`);

  it("fires in either order while both are in the window", () => {
    expect(firings(query, [failed("10:01", { Computer: "pc1" }), process("10:04", { Hostname: "pc1" })])).toEqual(['10:04 {host="pc1"} 2', '10:05 {host="pc1"} 2']);
    expect(minutes(query, [process("10:01", { Hostname: "pc1" }), failed("10:04", { Computer: "pc1" })])).toEqual(["10:04", "10:05"]);
  });

  it("near misses: one event late; wrong group; one rule twice", () => {
    expect(minutes(query, [failed("10:01", { Computer: "pc1" }), process("10:06", { Hostname: "pc1" })])).toEqual([]);
    expect(minutes(query, [failed("10:01", { Computer: "pc1" }), process("10:02", { Hostname: "pc2" })])).toEqual([]);
    expect(minutes(query, [failed("10:01", { Computer: "pc1" }), failed("10:02", { Computer: "pc1" })])).toEqual([]);
  });

  it("gte 2 of three rules: any two", () => {
    const two = correlate("type: temporal\nrules: [failed, success, process]\ngroup-by: [Computer]\ntimespan: 5m\ncondition: {gte: 2}");
    expect(minutes(two, [success("10:01", { Computer: "pc1" }), process("10:02", { Computer: "pc1" })])).toEqual(["10:02", "10:03", "10:04", "10:05"]);
    expect(minutes(two, [success("10:01", { Computer: "pc1" }), success("10:02", { Computer: "pc1" })])).toEqual([]);
  });
});

describe("temporal with an expression condition", () => {
  const query = correlate(`type: temporal
condition: (failed or lockout) and not (success or process)
group-by: [TargetUserName]
timespan: 5m`);
  const u = (name: string) => ({ TargetUserName: name });

  it("fires for a group with a failure and no success or process", () => {
    expect(firings(query, [failed("10:01", u("alice")), lockout("10:02", u("bob"))])).toEqual([
      ...["10:01"].map((t) => `${t} {TargetUserName="alice"} 1`),
      ...["10:02", "10:03", "10:04", "10:05"].flatMap((t) => [`${t} {TargetUserName="alice"} 1`, `${t} {TargetUserName="bob"} 1`]),
      '10:06 {TargetUserName="bob"} 1',
    ]);
  });

  it("stays silent while a success of the same group is in the window, and fires once it is out", () => {
    expect(minutes(query, [success("10:00:30", u("alice")), failed("10:02", u("alice"))])).toEqual(["10:06"]);
    expect(minutes(query, [failed("10:01", u("alice")), process("10:03", u("alice"))])).toEqual(["10:01", "10:02"]);
  });

  it("not not a is a", () => {
    const query2 = correlate("type: temporal\ncondition: not not failed\ngroup-by: [TargetUserName]\ntimespan: 5m");
    expect(minutes(query2, [failed("10:01", u("alice"))])).toEqual(["10:01", "10:02", "10:03", "10:04", "10:05"]);
  });

  it("an `and` over an `or` with a negation is distributed: failed and (success or not process)", () => {
    const query2 = correlate("type: temporal\ncondition: failed and (success or not process)\ngroup-by: [TargetUserName]\ntimespan: 5m");
    expect(minutes(query2, [failed("10:01", u("a"))])).toEqual(["10:01", "10:02", "10:03", "10:04", "10:05"]);
    expect(minutes(query2, [failed("10:01", u("a")), process("10:01", u("a"))])).toEqual([]);
    expect(minutes(query2, [failed("10:01", u("a")), process("10:01", u("a")), success("10:02", u("a"))])).toEqual(["10:02", "10:03", "10:04", "10:05"]);
  });
});

describe("temporal_ordered over two rules", () => {
  const query = correlate(`type: temporal_ordered
rules: [failed, success]
aliases:
  user: {failed: TargetUserName, success: User}
group-by: [user]
timespan: 5m`);
  const f = (time: string, name: string) => failed(time, { TargetUserName: name });
  const s = (time: string, name: string) => success(time, { User: name });

  it("fires when the first rule's event comes before the second's, within the timespan", () => {
    expect(minutes(query, [f("10:01", "alice"), s("10:03", "alice")])).toEqual(["10:03", "10:04", "10:05"]);
    expect(firings(query, [f("10:01", "alice"), s("10:03", "alice")])[0]).toBe(`10:03 {user="alice"} ${clock("10:03")}`);
  });

  it("near misses: wrong order; one event late; wrong group", () => {
    expect(minutes(query, [s("10:01", "alice"), f("10:03", "alice")])).toEqual([]);
    expect(minutes(query, [f("10:01", "alice"), s("10:06", "alice")])).toEqual([]);
    expect(minutes(query, [f("10:01", "alice"), s("10:03", "bob")])).toEqual([]);
  });

  it("order holds to the millisecond; events in the same millisecond are not ordered", () => {
    expect(minutes(query, [f("10:01:00.001", "alice"), s("10:01:00.002", "alice")])).toEqual(["10:02", "10:03", "10:04", "10:05", "10:06"]);
    expect(minutes(query, [s("10:01:00.002", "alice"), f("10:01:00.002", "alice")])).toEqual([]);
    expect(minutes(query, [f("10:01:00.002", "alice"), s("10:01:00.002", "alice")])).toEqual([]);
  });

  it("a second-rule event before the first and another after: fires once the pair is ordered", () => {
    expect(minutes(query, [s("10:01", "alice"), f("10:02", "alice"), s("10:04", "alice")])).toEqual(["10:04", "10:05", "10:06"]);
  });
});

describe("value_sum over two rules", () => {
  const query = correlate(`type: value_sum
rules: [network, written]
group-by: [Computer]
timespan: 5m
condition: {field: Bytes, gt: 1150}`);

  it("adds the values of both rules per group", () => {
    expect(firings(query, [net("10:01", "pc1", 100), file("10:02", "pc1", 300), net("10:03", "pc1", 800)])).toEqual([
      '10:03 {Computer="pc1"} 1200',
      '10:04 {Computer="pc1"} 1200',
      '10:05 {Computer="pc1"} 1200',
    ]);
  });

  it("near misses: just under; one event late; wrong group", () => {
    expect(minutes(query, [net("10:01", "pc1", 100), file("10:02", "pc1", 250), net("10:03", "pc1", 800)])).toEqual([]);
    expect(minutes(query, [net("10:01", "pc1", 100), file("10:02", "pc1", 300), net("10:06", "pc1", 800)])).toEqual([]);
    expect(minutes(query, [net("10:01", "pc1", 100), file("10:02", "pc1", 300), net("10:03", "pc2", 800)])).toEqual([]);
  });

  it("values that are no numbers drop out instead of failing the query", () => {
    expect(minutes(query, [net("10:01", "pc1", 100), file("10:02", "pc1", "lots"), net("10:03", "pc1", 1100)])).toEqual(["10:03", "10:04", "10:05"]);
  });
});

describe("value_avg, value_percentile, value_median", () => {
  const events = [net("10:01", "pc1", 100), file("10:02", "pc1", 300), net("10:03", "pc1", 800), net("10:02", "pc2", 900)];
  const at = (query: string, list: readonly TimedEntry[] = events) =>
    evaluateMetric(query, list, clock("10:05")).map((s) => `${formatLabels(s.labels)} ${s.value}`);
  const corr = (type: string, condition: string) => correlate(`type: ${type}\nrules: [network, written]\ngroup-by: [Computer]\ntimespan: 5m\ncondition: {field: Bytes, ${condition}}`);

  it("value_avg merges the searches of two rules into one query: the mean of every sample of a group", () => {
    const query = corr("value_avg", "gte: 400");
    expect(query).toContain("| json | EventID=3 or EventID=11 | unwrap Bytes");
    expect(at(query)).toEqual(['{Computer="pc1"} 400', '{Computer="pc2"} 900']);
    expect(at(corr("value_avg", "gt: 400"))).toEqual(['{Computer="pc2"} 900']);
  });

  it("value_percentile: rank φ·(n−1) with linear interpolation", () => {
    // pc1: 100, 300, 800. 0.9 → rank 1.8 → 300·0.2 + 800·0.8 = 700.
    expect(at(corr("value_percentile", "percentile: 90, gt: 650"))).toEqual(['{Computer="pc1"} 700', '{Computer="pc2"} 900']);
    expect(at(corr("value_percentile", "percentile: 90, gt: 700"))).toEqual(['{Computer="pc2"} 900']);
  });

  it("value_median", () => {
    expect(at(corr("value_median", "lt: 500"))).toEqual(['{Computer="pc1"} 300']);
    expect(at(corr("value_median", "lt: 300"))).toEqual([]);
  });

  it("without group-by: one value over every sample", () => {
    const query = correlate("type: value_avg\nrules: [network, written]\ntimespan: 5m\ncondition: {field: Bytes, gte: 525}");
    expect(at(query)).toEqual(["{} 525"]);
  });

  it("a value that is no number drops out", () => {
    expect(at(corr("value_avg", "gte: 400"), [...events, net("10:04", "pc1", "n/a")])).toEqual(['{Computer="pc1"} 400', '{Computer="pc2"} 900']);
  });
});

describe("temporal over a correlation", () => {
  const query = correlate(`type: temporal
rules: [many_failed, success]
group-by: [User]
timespan: 5m`, `${RULES}---
title: Many failed logons
name: many_failed
correlation:
  type: event_count
  rules: failed
  group-by: [User]
  timespan: 5m
  condition: {gte: 2}
`);

  it("fires while the referenced correlation holds and the other rule was seen", () => {
    const events = [failed("10:01", { User: "alice" }), failed("10:02", { User: "alice" }), success("10:03", { User: "alice" })];
    expect(minutes(query, events)).toEqual(["10:03", "10:04", "10:05"]);
  });

  it("near misses: one failure only; the success of another user", () => {
    expect(minutes(query, [failed("10:01", { User: "alice" }), success("10:03", { User: "alice" })])).toEqual([]);
    expect(minutes(query, [failed("10:01", { User: "alice" }), failed("10:02", { User: "alice" }), success("10:03", { User: "bob" })])).toEqual([]);
  });
});

describe("timespans in months and years are the exact durations", () => {
  it("1M is 30d10h29m6s: an event that much earlier is out of the window (its start is open)", () => {
    const query = correlate("type: event_count\nrules: [failed, success]\ntimespan: 1M\ncondition: {gte: 2}");
    expect(query).toContain("[30d10h29m6s]");
    const now = clock("10:00");
    const month = 2_629_746_000;
    expect(evaluateMetric(query, [failed(now - month + 1), success(now)], now)).toHaveLength(1);
    expect(evaluateMetric(query, [failed(now - month), success(now)], now)).toHaveLength(0);
  });
});

describe("lines that fail to parse", () => {
  const rules = `${RULES}---
title: Not by an admin
name: notadmin
logsource: {product: windows, service: security}
detection: {sel: {User: admin}, condition: not sel}
`;
  const broken: TimedEntry = { ts: clock("10:02"), line: "User=alice, no JSON", stream: { job: "windows" } };
  const events = [win("10:01", { User: "alice" }), broken, success("10:02", { User: "bob" })];

  it("fail the reference's single-rule query in Loki (kept as the reference writes it)", () => {
    const reference = correlate("type: event_count\nrules: [notadmin]\ntimespan: 5m\ncondition: {gte: 1}", rules);
    expect(reference).not.toContain("__error__");
    expect(() => evaluateMetric(reference, events, clock("10:03"))).toThrow(LokiQueryError);
  });

  it("drop out of the other forms", () => {
    const two = correlate("type: event_count\nrules: [notadmin, success]\ntimespan: 5m\ncondition: {gte: 3}", rules);
    // `notadmin` matches both JSON lines (its own and the success), `success` one: 3.
    expect(evaluateMetric(two, events, clock("10:03")).map((s) => s.value)).toEqual([3]);
  });
});
