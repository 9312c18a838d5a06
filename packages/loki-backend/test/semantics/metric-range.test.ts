/**
 * The metric evaluator's range aggregations: window bounds, durations, each function on values
 * computed by hand, unwrap and its conversions, grouping, and the pipeline errors Loki fails on.
 */
import { describe, expect, it } from "vitest";
import { evaluateMetric, LokiQueryError, type TimedEntry } from "./metric.js";
import { expectValidAndEvaluate } from "./metric-expect.js";
import { clock, event } from "./timeline.js";
import { parseHumanizeBytes, parsePrometheusDuration } from "./units.js";
import { parseGoDuration } from "./go.js";

const APP = '{job="app"}';
const JSON_APP = `${APP} | json`;
const value = (query: string, entries: readonly TimedEntry[], at: string): number[] =>
  expectValidAndEvaluate(query, entries, clock(at)).map((s) => s.value);

describe("window bounds: (at - range, at], start open, end closed", () => {
  const edges = [
    event("10:00:00.000", { n: "start, excluded" }),
    event("10:00:00.001", { n: "just after the start" }),
    event("10:05:00.000", { n: "at the instant" }),
    event("10:05:00.001", { n: "after the instant" }),
  ];

  it("counts the entry at the instant and not the one at the start", () => {
    expect(value(`count_over_time(${APP} [5m])`, edges, "10:05")).toEqual([2]);
  });

  it("the window slides by the millisecond", () => {
    // (10:00:00.001, 10:05:00.001]: the entry at 10:00:00.001 is now the excluded start.
    expect(value(`count_over_time(${APP} [5m])`, edges, "10:05:00.001")).toEqual([2]);
    // (09:59:59.999, 10:04:59.999]: both early entries, neither late one.
    expect(value(`count_over_time(${APP} [5m])`, edges, "10:04:59.999")).toEqual([2]);
    expect(value(`count_over_time(${APP} [1ms])`, edges, "10:05")).toEqual([1]);
  });

  it("offset moves the window back", () => {
    expect(value(`count_over_time(${APP} [5m] offset 5m)`, edges, "10:10")).toEqual([2]);
    expect(value(`count_over_time(${APP} [1m] offset 1s)`, edges, "10:05:01")).toEqual([1]);
  });

  it("an empty window gives no series at all (not 0)", () => {
    expect(value(`count_over_time(${APP} [1m])`, edges, "10:07")).toEqual([]);
  });

  it("the range may come before the pipeline, or the selector sit in parentheses", () => {
    const lines = [event("10:01", { a: "x" }), event("10:02", { a: "y" })];
    expect(value(`count_over_time(${APP}[5m] | json | a="x")`, lines, "10:05")).toEqual([1]);
    expect(value(`count_over_time((${APP} | json | a="y")[5m])`, lines, "10:05")).toEqual([1]);
    expect(value(`count_over_time((${APP})[5m])`, lines, "10:05")).toEqual([2]);
  });
});

describe("durations", () => {
  it.each([
    ["5ms", 5], ["30s", 30_000], ["5m", 300_000], ["2h", 7_200_000], ["1d", 86_400_000], ["1w", 604_800_000],
    ["1y", 31_536_000_000], ["1h30m", 5_400_000], ["1d2h3m4s5ms", 93_784_005], ["0", 0],
  ])("[%s] is %d ms (Prometheus' ParseDuration)", (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  it.each(["30m1h", "1.5h", "5", "", "5 m", "1h1h", "5M", "-5m"])("[%s] is refused", (text) => {
    expect(() => parsePrometheusDuration(text)).toThrow(SyntaxError);
    expect(() => evaluateMetric(`count_over_time(${APP} [${text}])`, [], 0)).toThrow(SyntaxError);
  });

  it("a compound range bounds the window exactly", () => {
    const lines = [event("08:30:00.000", {}), event("08:30:00.001", {}), event("09:59", {})];
    expect(value(`count_over_time(${APP} [1h30m])`, lines, "10:00")).toEqual([2]);
  });
});

describe("range functions over one series (values 1, 2, 4, 8; 10:01 to 10:04)", () => {
  // Written out of time order: first/last follow time, not input order.
  const lines = [event("10:03", { v: 4 }), event("10:01", { v: 1 }), event("10:04", { v: 8 }), event("10:02", { v: 2 })];
  const over = (fn: string, extra = "") => value(`${fn}(${extra}${JSON_APP} | unwrap v [5m]) by ()`, lines, "10:05");

  it.each([
    ["sum_over_time", 15],
    ["avg_over_time", 3.75],
    ["min_over_time", 1],
    ["max_over_time", 8],
    ["first_over_time", 1],
    ["last_over_time", 8],
    ["stdvar_over_time", 7.1875], // deviations from 3.75: -2.75 -1.75 .25 4.25; squares sum 28.75; /4
  ])("%s = %d", (fn, expected) => {
    const query = fn === "sum_over_time" ? `sum(sum_over_time(${JSON_APP} | unwrap v [5m]))` : undefined;
    expect(query ? value(query, lines, "10:05") : over(fn)).toEqual([expected]);
  });

  it("stddev_over_time = √7.1875", () => {
    expect(over("stddev_over_time")[0]).toBeCloseTo(Math.sqrt(7.1875), 12);
  });

  it.each([
    [0, 1], [0.25, 1.75], [0.5, 3], [0.9, 6.8], [1, 8], [1.5, Infinity],
  ])("quantile_over_time(%d) = %d (rank φ·(n−1), linear between neighbours)", (phi, expected) => {
    const [got] = over("quantile_over_time", `${phi}, `);
    expect(got).toBeCloseTo(expected, 12);
  });

  it("count_over_time and rate count lines; rate divides by the range in seconds", () => {
    expect(value(`count_over_time(${APP} [5m])`, lines, "10:05")).toEqual([4]); // no parser: one series
    expect(value(`sum(count_over_time(${JSON_APP} [5m]))`, lines, "10:05")).toEqual([4]); // a series per value of v
    expect(value(`rate(${APP} [5m])`, lines, "10:05")).toEqual([4 / 300]);
    expect(value(`sum(rate(${JSON_APP} | unwrap v [5m]))`, lines, "10:05")).toEqual([15 / 300]);
  });

  it("bytes_over_time and bytes_rate count UTF-8 bytes of the line at the end of the pipeline", () => {
    const text = [event("10:01", { s: "é" }), event("10:02", { s: "ab" })]; // {"s":"é"} is 10 bytes, {"s":"ab"} 10
    expect(value(`bytes_over_time(${APP} [5m])`, text, "10:05")).toEqual([20]);
    expect(value(`bytes_rate(${APP} [1m])`, text, "10:02")).toEqual([10 / 60]);
    expect(value(`sum(bytes_over_time(${APP} | json | line_format "{{.s}}" [5m]))`, text, "10:05")).toEqual([2 + 2]);
  });

  it("absent_over_time: 1 with the selector's = labels when the window is empty, nothing otherwise", () => {
    expect(expectValidAndEvaluate(`absent_over_time(${APP} [1m])`, lines, clock("10:10"))).toEqual([{ labels: { job: "app" }, value: 1 }]);
    expect(expectValidAndEvaluate(`absent_over_time(${APP} [1m])`, lines, clock("10:04"))).toEqual([]);
    const multi = `absent_over_time({job="app", env=~"p.*", job!="x", team="a"} [1m])`;
    expect(expectValidAndEvaluate(multi, [], clock("10:10"))).toEqual([{ labels: { team: "a" }, value: 1 }]);
  });
});

describe("series identity and grouping", () => {
  const lines = [
    event("10:01", { user: "alice", v: 1 }, { job: "app", host: "a" }),
    event("10:02", { user: "alice", v: 2 }, { job: "app", host: "a" }),
    event("10:03", { user: "alice", v: 9 }, { job: "app", host: "b" }),
    event("10:04", { user: "bob", v: 5 }, { job: "app", host: "b" }),
  ];

  it("a series is every label after the pipeline; unwrap drops the unwrapped label", () => {
    const counts = expectValidAndEvaluate(`count_over_time(${JSON_APP} | line_format "x" [5m])`, lines.slice(0, 2), clock("10:05"));
    expect(counts.map((s) => s.labels)).toEqual([
      { host: "a", job: "app", user: "alice", v: "1" },
      { host: "a", job: "app", user: "alice", v: "2" },
    ]);
    const sums = expectValidAndEvaluate(`sum_over_time(${JSON_APP} | unwrap v [5m])`, lines.slice(0, 2), clock("10:05"));
    expect(sums).toEqual([{ labels: { host: "a", job: "app", user: "alice" }, value: 3 }]);
  });

  it("by (…) on an unwrapped aggregation merges the samples of the group before the function", () => {
    // alice: samples 1, 2 (host a) and 9 (host b): mean 4, not the mean of per-host means (1.5 and 9: 5.25).
    const merged = `avg_over_time(${JSON_APP} | unwrap v [5m]) by (user)`;
    expect(expectValidAndEvaluate(merged, lines, clock("10:05"))).toEqual([
      { labels: { user: "alice" }, value: 4 },
      { labels: { user: "bob" }, value: 5 },
    ]);
    const perHost = `avg by (user) (avg_over_time(${JSON_APP} | unwrap v [5m]) by (user, host))`;
    expect(expectValidAndEvaluate(perHost, lines, clock("10:05"))).toEqual([
      { labels: { user: "alice" }, value: 5.25 },
      { labels: { user: "bob" }, value: 5 },
    ]);
    // quantile over the merged samples 1, 2, 9: the median is 2.
    const median = `quantile_over_time(0.5, ${JSON_APP} | unwrap v [5m]) by (user)`;
    expect(expectValidAndEvaluate(median, lines, clock("10:05")).map((s) => s.value)).toEqual([2, 5]);
  });

  it("without (…) drops the named labels and the unwrapped one; by () gives one series", () => {
    const without = `max_over_time(${JSON_APP} | unwrap v [5m]) without (host)`;
    expect(expectValidAndEvaluate(without, lines, clock("10:05"))).toEqual([
      { labels: { job: "app", user: "alice" }, value: 9 },
      { labels: { job: "app", user: "bob" }, value: 5 },
    ]);
    expect(value(`min_over_time(${JSON_APP} | unwrap v [5m]) by ()`, lines, "10:05")).toEqual([1]);
  });

  it("a label missing from a sample groups it with the others that miss it", () => {
    const mixed = [...lines, event("10:04", { v: 7 }, { job: "app", host: "c" })];
    expect(expectValidAndEvaluate(`last_over_time(${JSON_APP} | unwrap v [5m]) by (user)`, mixed, clock("10:05"))).toEqual([
      { labels: {}, value: 7 },
      { labels: { user: "alice" }, value: 9 },
      { labels: { user: "bob" }, value: 5 },
    ]);
  });

  it("Loki refuses grouping where it does not take it, and unwrap where it does not fit", () => {
    // The project's validator accepts the first two; Loki's parser does not.
    expect(() => evaluateMetric(`sum_over_time(${JSON_APP} | unwrap v [5m]) by (user)`, [], 0)).toThrow(
      "grouping not allowed for sum_over_time aggregation",
    );
    expect(() => evaluateMetric(`count_over_time(${JSON_APP} [5m]) by (user)`, [], 0)).toThrow("grouping not allowed");
    expect(() => evaluateMetric(`count_over_time(${JSON_APP} | unwrap v [5m])`, [], 0)).toThrow(
      "invalid aggregation count_over_time with unwrap",
    );
    expect(() => evaluateMetric(`avg_over_time(${JSON_APP} [5m])`, [], 0)).toThrow("invalid aggregation avg_over_time without unwrap");
    expect(() => evaluateMetric(`quantile_over_time(${JSON_APP} | unwrap v [5m])`, [], 0)).toThrow("parameter required");
  });
});

describe("unwrap conversions and errors", () => {
  const at = clock("10:05");
  const one = (v: unknown, conversion = "") =>
    expectValidAndEvaluate(`sum(sum_over_time(${JSON_APP} | unwrap ${conversion ? `${conversion}(v)` : "v"} [5m]))`, [event("10:01", { v })], at);

  it.each([
    ["", "2.5", 2.5], ["", "1e3", 1000], ["", "-4", -4], ["", "0x1p-2", 0.25],
    ["duration", "1m30s", 90], ["duration", "250ms", 0.25], ["duration_seconds", "1.5h", 5400],
    ["bytes", "1.5KiB", 1536], ["bytes", "2 MB", 2_000_000], ["bytes", "10", 10], ["bytes", "1,024kb", 1_024_000],
  ])("unwrap %s(%s) = %d", (conversion, raw, expected) => {
    expect(one(raw, conversion)).toEqual([{ labels: {}, value: expected }]);
  });

  it("a missing or empty label gives no sample and no error", () => {
    const lines = [event("10:01", { other: 1 }), event("10:02", { v: "" })];
    expect(expectValidAndEvaluate(`sum_over_time(${JSON_APP} | unwrap v [5m])`, lines, at)).toEqual([]);
  });

  it("a value that does not convert fails the whole query (SampleExtractionErr)", () => {
    const lines = [event("10:01", { v: 1 }), event("10:02", { v: "n/a" })];
    expect(() => evaluateMetric(`sum_over_time(${JSON_APP} | unwrap v [5m])`, lines, at)).toThrow(LokiQueryError);
    expect(() => evaluateMetric(`sum_over_time(${JSON_APP} | unwrap v [5m])`, lines, at)).toThrow(/SampleExtractionErr/);
    expect(() => evaluateMetric(`sum_over_time(${JSON_APP} | unwrap duration(v) [5m])`, [event("10:01", { v: "5" })], at)).toThrow(
      /SampleExtractionErr/,
    );
    expect(() => evaluateMetric(`sum_over_time(${JSON_APP} | unwrap bytes(v) [5m])`, [event("10:01", { v: "5 parsecs" })], at)).toThrow(
      /SampleExtractionErr/,
    );
  });

  it("`| __error__=\"\"` after unwrap drops the sample; before unwrap it is too early", () => {
    const lines = [event("10:01", { v: 1 }), event("10:02", { v: "n/a" })];
    expect(expectValidAndEvaluate(`sum(sum_over_time(${JSON_APP} | unwrap v | __error__="" [5m]))`, lines, at)).toEqual([
      { labels: {}, value: 1 },
    ]);
    expect(() => evaluateMetric(`sum(sum_over_time(${JSON_APP} | __error__="" | unwrap v [5m]))`, lines, at)).toThrow(LokiQueryError);
  });

  it("filters after unwrap filter the samples", () => {
    const lines = [event("10:01", { v: 1, k: "a" }), event("10:02", { v: 2, k: "b" })];
    expect(value(`sum(sum_over_time(${JSON_APP} | unwrap v | k="b" [5m]))`, lines, "10:05")).toEqual([2]);
  });

  it("a pipeline error in a counted line fails the query, unless __error__ is filtered", () => {
    const lines = [event("10:01", { a: "x" }), { ts: clock("10:02"), line: "not json", stream: { job: "app" } }];
    expect(() => evaluateMetric(`count_over_time(${JSON_APP} [5m])`, lines, at)).toThrow(/pipeline error: 'JSONParserErr'/);
    expect(value(`sum(count_over_time(${JSON_APP} | __error__="" [5m]))`, lines, "10:05")).toEqual([1]);
    // A negative filter keeps the broken line (its missing field compares as ""): still an error.
    expect(() => evaluateMetric(`count_over_time(${JSON_APP} | a!="y" [5m])`, lines, at)).toThrow(LokiQueryError);
    // A numeric filter on a text value keeps the line with LabelFilterErr: an error too.
    expect(() => evaluateMetric(`count_over_time(${JSON_APP} | a > 1 [5m])`, lines.slice(0, 1), at)).toThrow(/LabelFilterErr/);
  });

  it("go.ts and units.ts conversions refuse what Go refuses", () => {
    expect(["5", "1.5", "h", "", "1hh"].map(parseGoDuration)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(parseGoDuration("-1.5h")).toBe(-5.4e12);
    expect(["5 parsecs", "KB", "", "1.2.3"].map(parseHumanizeBytes)).toEqual([undefined, undefined, undefined, undefined]);
    expect(parseHumanizeBytes(" 3 gib ")).toBeUndefined(); // the number must come first
    expect(parseHumanizeBytes("3 GiB ")).toBe(3 * 1024 ** 3);
  });
});
