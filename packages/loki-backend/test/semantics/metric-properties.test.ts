/**
 * Properties of the metric evaluator over generated entries and queries, each checked against an
 * independent computation: window counts per group, adjacent windows, quantiles, grouped means,
 * set-operator identities, and operator precedence against JavaScript's (same table for these).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateMetric, type InstantVector, type TimedEntry } from "./metric.js";
import { expectValidLogQL } from "./metric-expect.js";

const T0 = Date.UTC(2024, 0, 1, 10);
const Q = '{job="app"} | json';

/** Most times fall on a 15-second grid, so window bounds and entries often coincide. */
const GRID = 15_000;
const timeArb = (max: number) =>
  fc.oneof({ arbitrary: fc.integer({ min: 0, max }), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: max / GRID }).map((k) => k * GRID), weight: 3 });

/** Entries within ten minutes after T0, some without a group. */
const entriesArb = fc.array(
  fc.record({
    offset: timeArb(600_000),
    g: fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined }),
    v: fc.integer({ min: -50, max: 50 }),
  }),
  { maxLength: 40 },
);
const toEntries = (rows: readonly { offset: number; g?: string | undefined; v: number }[]): TimedEntry[] =>
  rows.map((r) => ({ ts: T0 + r.offset, line: JSON.stringify(r.g === undefined ? { v: r.v } : { g: r.g, v: r.v }), stream: { job: "app" } }));

/** A Prometheus duration and its milliseconds: units largest first, each at most once. */
const durationArb = fc
  .record({
    h: fc.integer({ min: 0, max: 1 }),
    m: fc.integer({ min: 0, max: 12 }),
    s: fc.constantFrom(0, 15, 30, 45, 7),
    ms: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 999 }), weight: 1 }),
  })
  .filter((d) => d.h + d.m + d.s + d.ms > 0)
  .map((d) => ({
    text: [d.h && `${d.h}h`, d.m && `${d.m}m`, d.s && `${d.s}s`, d.ms && `${d.ms}ms`].filter(Boolean).join(""),
    ms: d.h * 3_600_000 + d.m * 60_000 + d.s * 1000 + d.ms,
  }));

const instantArb = timeArb(705_000).map((o) => T0 + o);

const byGroup = (v: InstantVector): Record<string, number> => Object.fromEntries(v.map((s) => [s.labels.g ?? "", s.value]));
const total = (v: InstantVector): number => v.reduce((a, s) => a + s.value, 0);

describe("metric evaluator properties", () => {
  it("sum by (g) of count_over_time is the number of entries per group in (at − range, at]", () => {
    fc.assert(
      fc.property(entriesArb, durationArb, instantArb, (random, range, at) => {
        // Entries on and next to both bounds, besides the random ones.
        const edges = [-range.ms - 1, -range.ms, -range.ms + 1, -1, 0, 1].map((d) => ({ offset: at - T0 + d, g: "edge", v: 0 }));
        const rows = [...random, ...edges];
        const query = `sum by (g) (count_over_time(${Q} [${range.text}]))`;
        expectValidLogQL(query);
        const expected: Record<string, number> = {};
        for (const r of rows) {
          const ts = T0 + r.offset;
          if (ts > at - range.ms && ts <= at) expected[r.g ?? ""] = (expected[r.g ?? ""] ?? 0) + 1;
        }
        expect(expected.edge).toBe(range.ms === 1 ? 2 : 3); // start+1ms, at-1ms and at; not start, before or after
        expect(byGroup(evaluateMetric(query, toEntries(rows), at))).toEqual(expected);
      }),
    );
  });

  it("adjacent windows partition the entries: [a+b] = [a] + [b] offset a", () => {
    fc.assert(
      fc.property(entriesArb, durationArb, durationArb, instantArb, (random, a, b, at) => {
        const edges = [0, -a.ms, -a.ms - b.ms].map((d) => ({ offset: at - T0 + d, g: "edge", v: 0 }));
        const entries = toEntries([...random, ...edges]);
        const count = (range: string, offset = "") => total(evaluateMetric(`count_over_time(${Q} [${range}]${offset})`, entries, at));
        const whole = count(`${a.ms + b.ms}ms`);
        expect(whole).toBe(count(a.text) + count(b.text, ` offset ${a.ms}ms`));
      }),
    );
  });

  it("quantile_over_time: φ = k/(n−1) hits the k-th smallest value; monotone in φ; within [min, max]", () => {
    fc.assert(
      fc.property(entriesArb.filter((r) => r.length > 0), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (rows, p1, p2) => {
        const entries = toEntries(rows);
        const at = T0 + 600_000;
        const q = (phi: number) => evaluateMetric(`quantile_over_time(${phi}, ${Q} | unwrap v [1h]) by ()`, entries, at)[0]?.value as number;
        const sorted = rows.map((r) => r.v).sort((x, y) => x - y);
        const n = sorted.length;
        const [lo, hi] = [Math.min(p1, p2) / 100, Math.max(p1, p2) / 100];
        expect(q(lo)).toBeLessThanOrEqual(q(hi) + 1e-9);
        expect(q(lo)).toBeGreaterThanOrEqual((sorted[0] as number) - 1e-9);
        expect(q(hi)).toBeLessThanOrEqual((sorted[n - 1] as number) + 1e-9);
        if (n > 1) {
          const k = p1 % n;
          expect(q(k / (n - 1))).toBeCloseTo(sorted[k] as number, 9);
        }
      }),
    );
  });

  it("avg_over_time by (g) is the mean of every sample of the group", () => {
    fc.assert(
      fc.property(entriesArb, (rows) => {
        const at = T0 + 600_000;
        const groups = new Map<string, number[]>();
        for (const r of rows) if (r.g !== undefined) groups.set(r.g, [...(groups.get(r.g) ?? []), r.v]);
        const got = byGroup(evaluateMetric(`avg_over_time(${Q} | g=~".+" | unwrap v [1h]) by (g)`, toEntries(rows), at));
        expect(Object.keys(got).sort()).toEqual([...groups.keys()].sort());
        for (const [g, values] of groups) expect(got[g]).toBeCloseTo(values.reduce((a, v) => a + v, 0) / values.length, 9);
      }),
    );
  });

  it("X and on(g) Y and X unless on(g) Y split X; X or on(g) Y contains X", () => {
    fc.assert(
      fc.property(entriesArb, entriesArb, (left, right) => {
        const entries = [...toEntries(left), ...toEntries(right).map((e) => ({ ...e, stream: { job: "other" } }))];
        const at = T0 + 600_000;
        const X = `sum by (g, v) (count_over_time(${Q} [1h]))`;
        const Y = 'sum by (g) (count_over_time({job="other"} | json [1h]))';
        const keys = (query: string) => evaluateMetric(query, entries, at).map((s) => JSON.stringify(s.labels));
        const x = keys(X);
        const and = keys(`${X} and on(g) ${Y}`);
        const unless = keys(`${X} unless on(g) ${Y}`);
        expect([...and, ...unless].sort()).toEqual([...x].sort());
        expect(and.filter((k) => unless.includes(k))).toEqual([]);
        expect(keys(`${X} or on(g) ${Y}`)).toEqual(expect.arrayContaining(x));
      }),
    );
  });

  /** A LogQL expression and its JavaScript twin (`**` for `^`, comparisons with `bool`). */
  const OPS = ["+", "-", "*", "/", "%", "^", ">", "<", ">=", "<="] as const;
  const leafArb = fc.record({ n: fc.integer({ min: 1, max: 4 }), vector: fc.boolean() });
  function twin(first: { n: number; vector: boolean }, rest: readonly (readonly [string, { n: number; vector: boolean }])[]) {
    const leaves = [first, ...rest.map(([, l]) => l)];
    if (!leaves.some((l) => l.vector)) leaves[0] = { n: first.n, vector: true }; // a vector result
    const text = (l: { n: number; vector: boolean }) => (l.vector ? `vector(${l.n})` : String(l.n));
    let logql = text(leaves[0] as { n: number; vector: boolean });
    let js = String(first.n);
    rest.forEach(([o], i) => {
      const leaf = leaves[i + 1] as { n: number; vector: boolean };
      logql += ` ${o}${[">", "<", ">=", "<="].includes(o) ? " bool" : ""} ${text(leaf)}`;
      js += ` ${o === "^" ? "**" : o} ${leaf.n}`;
    });
    return { logql, expected: Number(new Function(`return (${js});`)() as number | boolean) };
  }
  const agrees = ({ logql, expected }: { logql: string; expected: number }) => {
    expectValidLogQL(logql);
    const got = evaluateMetric(logql, [], T0);
    expect(got).toHaveLength(1);
    expect(got[0]?.value).toBe(expected);
  };

  it("each operator associates as in JavaScript (left, and right for ^)", () => {
    fc.assert(fc.property(fc.constantFrom(...OPS), leafArb, leafArb, leafArb, (o, a, b, c) => agrees(twin(a, [[o, b], [o, c]]))));
  });

  it("mixed operators bind as in JavaScript (same precedence table for these operators)", () => {
    const exprArb = fc
      .tuple(leafArb, fc.array(fc.tuple(fc.constantFrom(...OPS), leafArb), { minLength: 1, maxLength: 5 }))
      .filter(([, rest]) => rest.filter(([o]) => o === "^").length <= 2); // 4^4^4 is still finite
    fc.assert(fc.property(exprArb, ([first, rest]) => agrees(twin(first, rest))));
  });
});
