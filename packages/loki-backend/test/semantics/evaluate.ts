/**
 * A test-only LogQL evaluator: which log lines does a log query select? It runs the query text (as
 * Loki receives it, parsed by ./logql.ts) over lines with stream labels, with the semantics of
 * Loki's documentation and engine:
 *
 * - stream matchers and label-filter regexes match the whole value (anchored), RE2 syntax (re2js);
 *   line filters `|=` `!=` `|~` `!~` search the line (unanchored);
 * - a string label filter compares a missing label as ""; a numeric filter is false for a missing
 *   label and, for a value that is not a number, sets `__error__=LabelFilterErr` and keeps the line;
 *   an `ip()` label filter keeps every line once `__error__` is set, and is false for a missing label;
 * - `and` evaluates both sides, `or` stops at the first true side (errors set on the way stay);
 * - parser errors set `__error__` and keep the line; a log query returns lines with `__error__`
 *   (only a `__error__=""` filter drops them);
 * - `label_format`/`line_format` run Go templates (./template.ts); a failing template sets
 *   `__error__=TemplateFormatErr` and leaves the label / line unchanged; `__line__` is the line as
 *   the stage receives it and `__timestamp__` the entry's time (`ts`, milliseconds);
 * - for metric queries (./metric.ts), `extract` turns an entry into a sample as Loki's sample
 *   extractors do (pkg/logql/log/metrics_extraction.go): 1 per line, the line's bytes, or an
 *   unwrapped label (missing or empty: no sample; not convertible: `__error__=SampleExtractionErr`),
 *   then the filters written after `unwrap`.
 */
import { RE2JS } from "re2js";
import { parseGoDuration, parseGoFloat } from "./go.js";
import { parseIpPattern, textHasIp } from "./ip.js";
import { parseLogQuery, type LabelFilter, type LogQueryAst, type MatchOp, type Stage } from "./logql.js";
import { parseJsonLine, parseLogfmtLine, type ParseResult } from "./parsers.js";
import { GoTemplate, TemplateExecError } from "./template.js";
import { parseHumanizeBytes } from "./units.js";

/** One log entry: its line, stream labels and, for templates and metric queries, its time. */
export interface LogEntry {
  readonly line: string;
  readonly stream: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch (`__timestamp__` in templates). */
  readonly ts?: number;
}

/** How a metric query turns a selected entry into a value (Loki's sample extractors). */
export type SampleSource =
  /** `count_over_time`, `rate`, `absent_over_time`: 1 per line. */
  | { readonly kind: "count" }
  /** `bytes_over_time`, `bytes_rate`: the length of the line in UTF-8 bytes. */
  | { readonly kind: "bytes" }
  /** `| unwrap label`, `| unwrap duration(label)` (seconds), `| unwrap bytes(label)`, then its filters. */
  | {
      readonly kind: "unwrap";
      readonly label: string;
      readonly conversion: "float" | "duration" | "bytes";
      readonly postFilters: readonly LabelFilter[];
    };

/** A value extracted from one entry, with every label at the end of the pipeline. */
export interface ExtractedSample {
  readonly value: number;
  /** Stream and extracted labels, `__error__` included if set. */
  readonly labels: ReadonlyMap<string, string>;
}

const CONVERSIONS: Record<"float" | "duration" | "bytes", (raw: string) => number | undefined> = {
  float: parseGoFloat,
  duration: (raw) => {
    const ns = parseGoDuration(raw);
    return ns === undefined ? undefined : ns / 1e9;
  },
  bytes: parseHumanizeBytes,
};

const utf8 = new TextEncoder();

/** What a query did with one entry. */
export interface Outcome {
  readonly selected: boolean;
  /** The labels at the end of the pipeline (stream and extracted), `__error__` included if set. */
  readonly labels: ReadonlyMap<string, string>;
  readonly line: string;
}

const regexCache = new Map<string, RE2JS>();
function compile(pattern: string): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    regexCache.set(pattern, re);
  }
  return re;
}

/**
 * Anchored match of a label value. Stream matchers (Prometheus) let `.` match a newline; label
 * filters use Go's default (`.` stops at a newline), except that Loki turns the literal forms
 * `L`, `.*L.*`, `L.*` and `.*L` (optionally `(?i)`) into an equality / substring test.
 */
function labelRegexMatches(pattern: string, value: string, dotAll: boolean): boolean {
  if (!dotAll) {
    const simple = simpleLabelRegex(pattern);
    if (simple) {
      const v = simple.caseInsensitive ? value.toLowerCase() : value;
      const lit = simple.caseInsensitive ? simple.literal.toLowerCase() : simple.literal;
      return simple.contains ? v.includes(lit) : v === lit;
    }
  }
  return compile(dotAll ? `^(?s:${pattern})$` : `^(?:${pattern})$`).test(value);
}

/** Loki's regex simplification for label filters, for patterns that are a literal with `.*` around. */
function simpleLabelRegex(pattern: string): { literal: string; contains: boolean; caseInsensitive: boolean } | undefined {
  const m = /^(\(\?i\))?(\.\*)?((?:[^\\.*+?()[\]{}|^$]|\\[^A-Za-z0-9])+)(\.\*)?$/.exec(pattern);
  if (!m) return undefined;
  const literal = (m[3] as string).replace(/\\(.)/g, "$1");
  return { literal, contains: m[2] !== undefined || m[4] !== undefined, caseInsensitive: m[1] !== undefined };
}

function stringMatch(op: MatchOp, expected: string, value: string, dotAll: boolean): boolean {
  switch (op) {
    case "=":
      return value === expected;
    case "!=":
      return value !== expected;
    case "=~":
      return labelRegexMatches(expected, value, dotAll);
    case "!~":
      return !labelRegexMatches(expected, value, dotAll);
  }
}

/** Parsing the same line again gives the same labels: cache them (the suites reuse few lines). */
const parseCache = new Map<string, ParseResult>();
function parseCached(kind: "json" | "logfmt", line: string, stream: ReadonlyMap<string, string>): ParseResult {
  const key = `${kind}\u0000${[...stream.keys()].join(",")}\u0000${line}`;
  let r = parseCache.get(key);
  if (!r) {
    if (parseCache.size > 10_000) parseCache.clear();
    r = (kind === "json" ? parseJsonLine : parseLogfmtLine)(line, stream);
    parseCache.set(key, r);
  }
  return r;
}

/** The mutable state of one entry going through the pipeline (Loki's LabelsBuilder). */
class State {
  readonly extracted = new Map<string, string>();
  error: string | undefined;
  constructor(
    readonly stream: ReadonlyMap<string, string>,
    public line: string,
    readonly ts: number | undefined,
  ) {}
  get(name: string): string | undefined {
    if (name === "__error__") return this.error;
    return this.extracted.has(name) ? this.extracted.get(name) : this.stream.get(name);
  }
  setError(e: string): void {
    this.error ??= e;
  }
  all(): Map<string, string> {
    const m = new Map(this.stream);
    for (const [k, v] of this.extracted) m.set(k, v);
    return m;
  }
  /** Every label, `__error__` included if set. */
  labels(): Map<string, string> {
    const m = this.all();
    if (this.error !== undefined) m.set("__error__", this.error);
    return m;
  }
}

/** A compiled query: reuse it over many entries. */
export class CompiledQuery {
  readonly ast: LogQueryAst;
  private readonly templates = new Map<string, GoTemplate>();

  /** The query text, or the log query of a metric query already parsed. */
  constructor(query: string | LogQueryAst) {
    this.ast = typeof query === "string" ? parseLogQuery(query) : query;
    // Fail early on anything the evaluator cannot run (bad regex, template, ip pattern).
    for (const m of this.ast.selector) if (m.op === "=~" || m.op === "!~") compile(`^(?s:${m.value})$`);
    for (const s of this.ast.stages) this.check(s);
  }

  private check(s: Stage): void {
    switch (s.kind) {
      case "line_filter":
        if (s.op === "|~" || s.op === "!~") s.values.forEach((v) => compile(v));
        break;
      case "line_filter_ip":
        parseIpPattern(s.pattern);
        break;
      case "label_format":
        for (const a of s.assignments) if (a.template !== undefined) this.template(a.template);
        break;
      case "line_format":
        this.template(s.template);
        break;
      case "label_filter":
        checkLabelFilter(s.filter);
        break;
      default:
        break;
    }
  }

  private template(source: string): GoTemplate {
    let t = this.templates.get(source);
    if (!t) {
      t = new GoTemplate(source);
      this.templates.set(source, t);
    }
    return t;
  }

  /** Runs the query on one entry. */
  run(entry: LogEntry): Outcome {
    const { state, selected } = this.process(entry);
    return { selected, labels: state.labels(), line: state.line };
  }

  /** The sample a metric query over this log query takes from one entry, if any. */
  extract(entry: LogEntry, source: SampleSource): ExtractedSample | undefined {
    const { state, selected } = this.process(entry);
    if (!selected) return undefined;
    if (source.kind === "count") return { value: 1, labels: state.labels() };
    if (source.kind === "bytes") return { value: utf8.encode(state.line).length, labels: state.labels() };
    const raw = state.get(source.label);
    if (raw === undefined || raw === "") return undefined; // Loki: no sample, no error
    const value = CONVERSIONS[source.conversion](raw);
    if (value === undefined) state.error = "SampleExtractionErr"; // SetErr replaces an earlier error
    // Every filter after unwrap runs (Loki reduces them with `and`, which evaluates both sides).
    const kept = source.postFilters.map((f) => filter(f, state)).every(Boolean);
    return kept ? { value: value ?? 0, labels: state.labels() } : undefined;
  }

  private process(entry: LogEntry): { state: State; selected: boolean } {
    const stream = new Map(Object.entries(entry.stream));
    const state = new State(stream, entry.line, entry.ts);
    for (const m of this.ast.selector) {
      if (!stringMatch(m.op, m.value, stream.get(m.label) ?? "", true)) return { state, selected: false };
    }
    for (const stage of this.ast.stages) {
      if (!this.stage(stage, state)) return { state, selected: false };
    }
    return { state, selected: true };
  }

  /** The ids of the entries the query selects. */
  select<T extends LogEntry & { readonly id: string }>(entries: readonly T[]): string[] {
    return entries.filter((e) => this.run(e).selected).map((e) => e.id);
  }

  private stage(stage: Stage, state: State): boolean {
    switch (stage.kind) {
      case "line_filter": {
        const hit = stage.values.some((v) =>
          stage.op === "|=" || stage.op === "!=" ? state.line.includes(v) : compile(v).test(state.line),
        );
        return stage.op === "|=" || stage.op === "|~" ? hit : !hit;
      }
      case "line_filter_ip": {
        const hit = textHasIp(state.line, parseIpPattern(stage.pattern));
        return stage.negated ? !hit : hit;
      }
      case "json":
      case "logfmt": {
        const r = parseCached(stage.kind, state.line, state.stream);
        for (const [k, v] of r.labels) state.extracted.set(k, v);
        if (r.error) state.setError(r.error);
        return true;
      }
      case "label_format": {
        const data = state.all();
        for (const a of stage.assignments) {
          if (a.rename !== undefined) {
            const v = state.get(a.rename);
            if (v !== undefined) {
              state.extracted.set(a.name, v);
              state.extracted.delete(a.rename);
            }
            continue;
          }
          try {
            state.extracted.set(a.name, this.template(a.template as string).execute(data, { line: state.line, ts: state.ts }));
          } catch (e) {
            if (!(e instanceof TemplateExecError)) throw e;
            state.setError("TemplateFormatErr");
          }
        }
        return true;
      }
      case "line_format":
        try {
          state.line = this.template(stage.template).execute(state.all(), { line: state.line, ts: state.ts });
        } catch (e) {
          if (!(e instanceof TemplateExecError)) throw e;
          state.setError("TemplateFormatErr");
        }
        return true;
      case "label_filter":
        return filter(stage.filter, state);
    }
  }
}

/** Compiles what a label filter needs (regexes, ip patterns), so a bad one fails before running. */
export function checkLabelFilter(f: LabelFilter): void {
  if (f.kind === "and" || f.kind === "or") {
    checkLabelFilter(f.left);
    checkLabelFilter(f.right);
  } else if (f.kind === "string" && (f.op === "=~" || f.op === "!~")) compile(`^(?:${f.value})$`);
  else if (f.kind === "ip") parseIpPattern(f.pattern);
}

function filter(f: LabelFilter, state: State): boolean {
  switch (f.kind) {
    case "and": {
      const l = filter(f.left, state);
      const r = filter(f.right, state);
      return l && r;
    }
    case "or":
      return filter(f.left, state) || filter(f.right, state);
    case "string":
      return stringMatch(f.op, f.value, state.get(f.label) ?? "", false);
    case "number": {
      const raw = state.get(f.label);
      if (raw === undefined) return false;
      const v = parseGoFloat(raw);
      if (v === undefined) {
        state.setError("LabelFilterErr");
        return true;
      }
      switch (f.op) {
        case "==":
          return v === f.value;
        case "!=":
          return v !== f.value;
        case ">":
          return v > f.value;
        case ">=":
          return v >= f.value;
        case "<":
          return v < f.value;
        case "<=":
          return v <= f.value;
      }
      break;
    }
    case "ip": {
      if (state.error !== undefined) return true;
      const raw = state.get(f.label);
      if (raw === undefined) return false;
      const hit = textHasIp(raw, parseIpPattern(f.pattern));
      return f.negated ? !hit : hit;
    }
  }
  return false;
}

/** Convenience: the ids of `entries` that `query` selects. */
export function selectIds<T extends LogEntry & { readonly id: string }>(query: string, entries: readonly T[]): string[] {
  return new CompiledQuery(query).select(entries);
}

