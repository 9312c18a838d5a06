/**
 * A test-only evaluator of LogQL metric queries at an instant, over timestamped log entries, with
 * the semantics of Loki 3.x's engine (read in grafana/loki: pkg/logql/range_vector.go,
 * evaluator.go, syntax/extractor.go, syntax/binop*.go, log/metrics_extraction.go, log/labels.go).
 * The log query inside each range aggregation runs through ./evaluate.ts.
 *
 * Modelled:
 * - the window of a range aggregation at instant `at` is (at − offset − range, at − offset]: the
 *   start is open, the end closed (Loki's range-vector iterator, and the +1ns it adds to the end
 *   of the sample query); entries carry milliseconds;
 * - a series is the full label set at the end of the pipeline (stream and extracted labels); with
 *   `unwrap`, without `by`, the unwrapped label is removed; `by (…)`/`without (…)` on an unwrapped
 *   range aggregation groups the SAMPLES before the function runs (Loki reduces the labels in the
 *   sample extractor), so `avg_over_time(… | unwrap v [5m]) by (g)` is the mean of every sample of
 *   the group, not a mean of per-stream means; `by ()` gives one series without labels;
 * - `count_over_time`, `rate` (count or unwrapped sum per second of the range), `bytes_over_time`,
 *   `bytes_rate`, `absent_over_time` (1 with the selector's `=` labels when nothing is in the
 *   window), `sum/avg/min/max/first/last/stddev/stdvar_over_time`, `quantile_over_time` (sorted
 *   values, rank φ·(n−1), linear interpolation between the neighbours; φ<0 → −Inf, φ>1 → +Inf);
 * - unwrap: `unwrap label`, `duration(label)`/`duration_seconds(label)` (Go durations, in
 *   seconds), `bytes(label)` (go-humanize); a missing or empty label gives no sample; a value that
 *   does not convert sets `__error__=SampleExtractionErr`; filters after `unwrap` run on the sample;
 * - any sample that still carries `__error__` (parser errors, LabelFilterErr, TemplateFormatErr,
 *   SampleExtractionErr) makes Loki fail the whole query: `LokiQueryError` "pipeline error";
 *   `| __error__=""` (before `unwrap` for pipeline errors, after it for conversion errors) avoids it;
 * - vector aggregations sum, avg, count, min, max, stddev, stdvar, topk, bottomk with
 *   `by`/`without` before or after the argument;
 * - binary operators with Loki's precedence; vector–literal (the vector's labels; comparisons
 *   filter and keep the vector's value, `bool` gives 0/1) and vector–vector one-to-one matching on
 *   all labels, `on(…)`, `ignoring(…)`, `group_left`/`group_right(…)` (result labels as Loki's
 *   `resultMetric`); duplicate matches are the errors Loki reports; `and`, `or`, `unless` keep the
 *   samples (and labels) of their sides; division and modulo by zero give NaN;
 * - `label_replace` (RE2 via re2js, anchored `^(?:re)$`, `$1` expanded as Go's `Expand`; an empty
 *   result removes the label), `vector(n)`, literals, parentheses.
 *
 * Not modelled (an error, not a guess): `rate_counter`, `sort`, `sort_desc`, `approx_topk`,
 * `variants`, `unwrap` of structured metadata, parsers other than json/logfmt (./evaluate.ts), a
 * query whose result is a scalar. Not modelled at all: query limits (series, bytes), sharding and
 * splitting (results are the same up to float rounding), the ruler's `for` (pending) state, the
 * order of samples with equal timestamps in different streams (here: input order), labels with
 * empty values (kept as given), `__error_details__`.
 */
import { RE2JS } from "re2js";
import { CompiledQuery, checkLabelFilter, type LogEntry, type SampleSource } from "./evaluate.js";
import { expandGo } from "./go.js";
import type { LogQueryAst } from "./logql.js";
import {
  arithmetic,
  COMPARISONS,
  parseMetricQuery,
  type BinaryOp,
  type Grouping,
  type MetricExpr,
  type VectorMatching,
} from "./metric-parse.js";

/** A log entry with its time in milliseconds since the epoch. */
export interface TimedEntry extends LogEntry {
  readonly ts: number;
}

export type Labels = Readonly<Record<string, string>>;

/** One element of an instant vector. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** The result of a metric query at one instant, sorted by labels (as Prometheus compares label sets). */
export type InstantVector = readonly Sample[];

/** One series of the result at one evaluation instant: what a ruler turns into an alert. */
export interface Firing extends Sample {
  readonly at: number;
}

/** A query Loki accepts but refuses to finish (pipeline errors, ambiguous vector matching). */
export class LokiQueryError extends Error {}

type Series = { readonly labels: ReadonlyMap<string, string>; readonly value: number };
type Vector = Series[];
type RangeNode = Extract<MetricExpr, { kind: "range" }>;

/** Evaluates a metric query at instant `at` (milliseconds) over `entries`. */
export function evaluateMetric(query: string, entries: readonly TimedEntry[], at: number): InstantVector {
  return new MetricQuery(query).at(entries, at);
}

/**
 * Evaluates a metric query at every instant, like a ruler evaluating its rule every interval: one
 * `Firing` per series of each non-empty result.
 */
export function firesAt(query: string, entries: readonly TimedEntry[], instants: readonly number[]): Firing[] {
  const q = new MetricQuery(query);
  const sorted = byTime(entries);
  return instants.flatMap((at) => q.atSorted(sorted, at).map((s) => ({ at, ...s })));
}

/** The instants from `from` to `to` (both included) every `stepMs`, as a ruler evaluates. */
export function instantsBetween(from: number, to: number, stepMs: number): number[] {
  if (stepMs <= 0) throw new RangeError("the step must be positive");
  const out: number[] = [];
  for (let t = from; t <= to; t += stepMs) out.push(t);
  return out;
}

/** Prometheus' text of a label set: `{a="x", b="y"}`, names sorted. */
export function formatLabels(labels: Labels | ReadonlyMap<string, string>): string {
  const entries = labels instanceof Map ? [...labels] : Object.entries(labels as Labels);
  return `{${entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;
}

/** A parsed metric query with its log queries compiled: reuse it over many instants. */
export class MetricQuery {
  readonly expr: MetricExpr;
  private readonly compiled = new Map<LogQueryAst, CompiledQuery>();
  private readonly regexes = new Map<string, RE2JS>();

  constructor(readonly query: string) {
    this.expr = parseMetricQuery(query);
    if (this.expr.kind === "literal") throw new SyntaxError("the query is a number: its result is a scalar, not a vector");
    this.prepare(this.expr);
  }

  /** Compiles everything up front, so a bad regex or template fails even over no entries. */
  private prepare(e: MetricExpr): void {
    switch (e.kind) {
      case "range":
        this.compiled.set(e.log, new CompiledQuery(e.log));
        e.unwrap?.postFilters.forEach(checkLabelFilter);
        return;
      case "vector_agg":
        return this.prepare(e.inner);
      case "label_replace":
        this.regex(e.regex);
        return this.prepare(e.inner);
      case "binary":
        this.prepare(e.left);
        return this.prepare(e.right);
      default:
        return;
    }
  }

  private regex(source: string): RE2JS {
    let re = this.regexes.get(source);
    if (!re) {
      try {
        re = RE2JS.compile(`^(?:${source})$`);
      } catch (error) {
        throw new SyntaxError(`invalid regex in label_replace: ${(error as Error).message}`);
      }
      this.regexes.set(source, re);
    }
    return re;
  }

  at(entries: readonly TimedEntry[], at: number): InstantVector {
    return this.atSorted(byTime(entries), at);
  }

  /** `entries` sorted by time (stable): the order Loki's sample iterator gives them. */
  atSorted(entries: readonly TimedEntry[], at: number): InstantVector {
    return this.eval(this.expr, entries, at)
      .map((s) => ({ pairs: sortedPairs(s.labels), value: s.value }))
      .sort((a, b) => compareLabelSets(a.pairs, b.pairs))
      .map((s) => ({ labels: Object.fromEntries(s.pairs), value: s.value }));
  }

  private eval(e: MetricExpr, entries: readonly TimedEntry[], at: number): Vector {
    switch (e.kind) {
      case "range":
        return this.range(e, entries, at);
      case "vector_agg":
        return aggregate(e.op, e.grouping, e.param, this.eval(e.inner, entries, at));
      case "binary":
        return this.binary(e, entries, at);
      case "label_replace": {
        const re = this.regex(e.regex);
        return this.eval(e.inner, entries, at).map((s) => labelReplace(s, re, e));
      }
      case "vector":
        return [{ labels: new Map(), value: e.value }];
      case "literal":
        throw new Error("a literal is only evaluated as a side of a binary operation");
    }
  }

  private range(e: RangeNode, entries: readonly TimedEntry[], at: number): Vector {
    const compiled = this.compiled.get(e.log) as CompiledQuery;
    const end = at - e.offsetMs;
    const start = end - e.rangeMs;
    const source: SampleSource = e.unwrap
      ? { kind: "unwrap", ...e.unwrap }
      : e.op === "bytes_over_time" || e.op === "bytes_rate"
        ? { kind: "bytes" }
        : { kind: "count" };
    const series = new Map<string, { labels: ReadonlyMap<string, string>; points: { ts: number; value: number }[] }>();
    for (const entry of entries) {
      if (entry.ts <= start || entry.ts > end) continue; // (start, end]
      const sample = compiled.extract(entry, source);
      if (!sample) continue;
      const labels = seriesLabels(sample.labels, e);
      const key = labelKey(labels);
      const s = series.get(key) ?? { labels, points: [] };
      s.points.push({ ts: entry.ts, value: sample.value });
      series.set(key, s);
    }
    for (const s of series.values()) {
      const error = s.labels.get("__error__");
      if (error !== undefined) {
        throw new LokiQueryError(
          `pipeline error: '${error}' for series: '${formatLabels(s.labels)}'. Use a label filter to skip it (| __error__="")`,
        );
      }
    }
    if (e.op === "absent_over_time") return series.size > 0 ? [] : [{ labels: absentLabels(e.log), value: 1 }];
    const seconds = e.rangeMs / 1000;
    return [...series.values()].map((s) => ({ labels: s.labels, value: overTime(e, s.points.map((p) => p.value), seconds) }));
  }

  private binary(e: Extract<MetricExpr, { kind: "binary" }>, entries: readonly TimedEntry[], at: number): Vector {
    const comparison = COMPARISONS.includes(e.op);
    if (e.left.kind === "literal" || e.right.kind === "literal") {
      const literalLeft = e.left.kind === "literal";
      const literal = (literalLeft ? e.left : e.right) as { value: number };
      const vector = this.eval(literalLeft ? e.right : e.left, entries, at);
      return vector.flatMap((s) => {
        const value = literalLeft ? arithmetic(e.op, literal.value, s.value) : arithmetic(e.op, s.value, literal.value);
        if (!comparison || e.returnBool) return [{ labels: s.labels, value }];
        return value === 1 ? [s] : [];
      });
    }
    // Loki evaluates both sides every time, so an error on either side fails the query.
    const rhs = this.eval(e.right, entries, at);
    const lhs = this.eval(e.left, entries, at);
    const sig = (s: Series) => signature(s.labels, e.matching);
    switch (e.op) {
      case "and": {
        if (lhs.length === 0 || rhs.length === 0) return [];
        const right = new Set(rhs.map(sig));
        return lhs.filter((s) => right.has(sig(s)));
      }
      case "or": {
        if (lhs.length === 0) return rhs;
        if (rhs.length === 0) return lhs;
        const left = new Set(lhs.map(sig));
        return [...lhs, ...rhs.filter((s) => !left.has(sig(s)))];
      }
      case "unless": {
        if (lhs.length === 0 || rhs.length === 0) return lhs;
        const right = new Set(rhs.map(sig));
        return lhs.filter((s) => !right.has(sig(s)));
      }
      default:
        return vectorBinary(e.op, e.returnBool, e.matching, lhs, rhs);
    }
  }
}

function byTime(entries: readonly TimedEntry[]): TimedEntry[] {
  return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.ts - b.e.ts || a.i - b.i).map(({ e }) => e);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedPairs(labels: ReadonlyMap<string, string>): [string, string][] {
  return [...labels].sort(([a], [b]) => compareText(a, b));
}

/** Prometheus' `labels.Compare`: pair by pair, name then value; a prefix sorts first. */
function compareLabelSets(a: readonly [string, string][], b: readonly [string, string][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [[an, av], [bn, bv]] = [a[i] as [string, string], b[i] as [string, string]];
    const c = compareText(an, bn) || compareText(av, bv);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Identity of a label set (Loki hashes the sorted pairs). */
function labelKey(labels: ReadonlyMap<string, string>): string {
  return JSON.stringify(sortedPairs(labels));
}

function only(labels: ReadonlyMap<string, string>, names: readonly string[]): Map<string, string> {
  return new Map([...labels].filter(([k]) => names.includes(k)));
}

function except(labels: ReadonlyMap<string, string>, names: readonly string[]): Map<string, string> {
  return new Map([...labels].filter(([k]) => !names.includes(k)));
}

/**
 * The series a sample belongs to (`LabelsBuilder.GroupedLabels`): with an error, every label; for
 * `absent_over_time` and `by ()`, none; with `unwrap`, `by` keeps the named labels and otherwise
 * the unwrapped label and the `without` labels are dropped.
 */
function seriesLabels(all: ReadonlyMap<string, string>, e: RangeNode): ReadonlyMap<string, string> {
  if (all.has("__error__")) return all;
  if (e.op === "absent_over_time") return new Map();
  if (!e.unwrap) return all; // the parser refuses grouping without unwrap
  const g = e.grouping;
  if (g && !g.without) return only(all, g.labels);
  return except(all, [...(g?.labels ?? []), e.unwrap.label]);
}

/** `absentLabels`: the selector's `=` matchers, minus any name matched more than once or otherwise. */
function absentLabels(log: LogQueryAst): Map<string, string> {
  const labels = new Map<string, string>();
  const dropped = new Set<string>();
  for (const m of log.selector) {
    if (m.op === "=" && !labels.has(m.label)) labels.set(m.label, m.value);
    else dropped.add(m.label);
  }
  dropped.forEach((name) => labels.delete(name));
  return labels;
}

/** Loki's range-vector functions over the values of one series, in time order. */
function overTime(e: RangeNode, values: readonly number[], seconds: number): number {
  const sum = () => values.reduce((a, v) => a + v, 0);
  switch (e.op) {
    case "count_over_time":
      return values.length;
    case "rate":
      return (e.unwrap ? sum() : values.length) / seconds;
    case "bytes_over_time":
    case "sum_over_time":
      return sum();
    case "bytes_rate":
      return sum() / seconds;
    case "avg_over_time":
      return mean(values);
    case "max_over_time":
      return values.reduce((m, v) => (v > m || Number.isNaN(m) ? v : m));
    case "min_over_time":
      return values.reduce((m, v) => (v < m || Number.isNaN(m) ? v : m));
    case "first_over_time":
      return values[0] as number;
    case "last_over_time":
      return values[values.length - 1] as number;
    case "stdvar_over_time":
      return welford(values).variance;
    case "stddev_over_time":
      return Math.sqrt(welford(values).variance);
    case "quantile_over_time":
      return quantile(e.param as number, values);
    case "absent_over_time":
      return 1;
  }
}

/** `avgOverTime`: an incremental mean that keeps an infinite mean instead of turning it into NaN. */
function mean(values: readonly number[]): number {
  let m = 0;
  let count = 0;
  for (const v of values) {
    count++;
    if (!Number.isFinite(m) && !Number.isNaN(m)) {
      if (!Number.isFinite(v) && !Number.isNaN(v) && m > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    m += v / count - m / count;
  }
  return m;
}

/** Welford's online variance, as Loki's stdvar/stddev over time. */
function welford(values: readonly number[]): { variance: number } {
  let aux = 0;
  let count = 0;
  let m = 0;
  for (const v of values) {
    count++;
    const delta = v - m;
    m += delta / count;
    aux += delta * (v - m);
  }
  return { variance: aux / count };
}

/**
 * Loki's `Quantile` (Prometheus' φ-quantile): sort ascending (NaN first), rank = φ·(n−1), weighted
 * average of the values at floor(rank) and floor(rank)+1.
 */
export function quantile(q: number, values: readonly number[]): number {
  if (values.length === 0) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (sorted[lower] as number) * (1 - weight) + (sorted[upper] as number) * weight;
}

function groupLabels(labels: ReadonlyMap<string, string>, g: Grouping): Map<string, string> {
  return g.without ? except(labels, g.labels) : only(labels, g.labels);
}

/** Vector aggregations (`VectorAggEvaluator`), in the order the samples come. */
function aggregate(op: string, g: Grouping, param: number | undefined, vector: Vector): Vector {
  const groups = new Map<string, { labels: Map<string, string>; members: Series[] }>();
  for (const s of vector) {
    const labels = groupLabels(s.labels, g);
    const key = labelKey(labels);
    const group = groups.get(key) ?? { labels, members: [] };
    group.members.push(s);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(({ labels, members }): Vector => {
    const values = members.map((s) => s.value);
    const first = values[0] as number;
    switch (op) {
      case "sum":
        return [{ labels, value: values.reduce((a, v) => a + v, 0) }];
      case "count":
        return [{ labels, value: values.length }];
      case "avg": {
        let m = first;
        values.slice(1).forEach((v, i) => (m += (v - m) / (i + 2)));
        return [{ labels, value: m }];
      }
      case "max":
        return [{ labels, value: values.slice(1).reduce((m, v) => (m < v || Number.isNaN(m) ? v : m), first) }];
      case "min":
        return [{ labels, value: values.slice(1).reduce((m, v) => (m > v || Number.isNaN(m) ? v : m), first) }];
      case "stdvar":
        return [{ labels, value: welford(values).variance }];
      case "stddev":
        return [{ labels, value: Math.sqrt(welford(values).variance) }];
      case "topk":
      case "bottomk": {
        // NaN ranks last either way; among equal values the earlier sample stays.
        const order = (a: Series, b: Series) =>
          Number.isNaN(a.value) ? (Number.isNaN(b.value) ? 0 : 1) : Number.isNaN(b.value) ? -1 : op === "topk" ? b.value - a.value : a.value - b.value;
        return [...members].sort(order).slice(0, param);
      }
      default:
        throw new Error(`vector aggregation ${op} is not modelled`);
    }
  });
}

/** The labels two samples are matched on. */
function signature(labels: ReadonlyMap<string, string>, m: VectorMatching): string {
  return labelKey(m.on ? only(labels, m.labels) : except(labels, m.labels));
}

/** `resultMetric`: one-to-one keeps the `on` labels / drops the `ignoring` ones; group_x copies its labels from the "one" side. */
function resultLabels(many: ReadonlyMap<string, string>, one: ReadonlyMap<string, string>, m: VectorMatching): Map<string, string> {
  let labels = new Map(many);
  if (m.card === "one-to-one") labels = m.on ? only(labels, m.labels) : except(labels, m.labels);
  for (const name of m.include) {
    const v = one.get(name);
    if (v) labels.set(name, v);
    else labels.delete(name);
  }
  return labels;
}

/** `vectorBinop`: arithmetic and comparisons between two vectors. */
function vectorBinary(op: BinaryOp, returnBool: boolean, m: VectorMatching, lhs: Vector, rhs: Vector): Vector {
  const swapped = m.card === "one-to-many";
  const [many, one] = swapped ? [rhs, lhs] : [lhs, rhs];
  const ones = new Map<string, Series>();
  for (const s of one) {
    const sig = signature(s.labels, m);
    if (ones.has(sig)) {
      throw new LokiQueryError(
        `found duplicate series on the ${swapped ? "left" : "right"} hand-side;many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    ones.set(sig, s);
  }
  const matched = new Map<string, Set<string>>();
  const out: Vector = [];
  for (const s of many) {
    const sig = signature(s.labels, m);
    const partner = ones.get(sig);
    if (!partner) continue;
    const labels = resultLabels(s.labels, partner.labels, m);
    const seen = matched.get(sig);
    if (m.card === "one-to-one") {
      if (seen) throw new LokiQueryError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      matched.set(sig, new Set());
    } else {
      const key = labelKey(labels);
      if (seen?.has(key)) throw new LokiQueryError("multiple matches for labels: grouping labels must ensure unique matches");
      matched.set(sig, (seen ?? new Set()).add(key));
    }
    const [left, right] = swapped ? [partner, s] : [s, partner];
    const value = arithmetic(op, left.value, right.value);
    if (!COMPARISONS.includes(op) || returnBool) out.push({ labels, value });
    else if (value === 1) out.push({ labels, value: left.value });
  }
  return out;
}

/** `label_replace`: on a match of the whole source value, `dst` becomes the expansion (removed if empty). */
function labelReplace(s: Series, re: RE2JS, e: Extract<MetricExpr, { kind: "label_replace" }>): Series {
  const matcher = re.matcher(s.labels.get(e.src) ?? "");
  if (!matcher.find()) return s;
  const value = expandGo(e.replacement, matcher);
  const labels = new Map(s.labels);
  labels.delete(e.dst);
  if (value !== "") labels.set(e.dst, value);
  return { labels, value: s.value };
}
