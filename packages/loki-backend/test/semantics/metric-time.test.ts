/**
 * Time in the evaluator: `__timestamp__`, `__line__` and the epoch functions in templates (log and
 * metric queries), and `firesAt`, which evaluates a query at every instant as a ruler does.
 */
import { describe, expect, it } from "vitest";
import { CompiledQuery } from "./evaluate.js";
import { evaluateMetric, firesAt, formatLabels, instantsBetween, LokiQueryError } from "./metric.js";
import { expectValidAndFire, expectValidLogQL } from "./metric-expect.js";
import { clock, clockOf, event, MINUTE } from "./timeline.js";

const TS = clock("10:05:30.250"); // 2024-01-01T10:05:30.250Z

function labelOf(template: string, line = '{"a":"x"}', ts = TS): string | undefined {
  const query = `{job="app"} | json | label_format t=\`${template}\``;
  expectValidLogQL(query);
  const out = new CompiledQuery(query).run({ line, stream: { job: "app" }, ts });
  return out.labels.get("__error__") ?? out.labels.get("t");
}

describe("timestamps in templates", () => {
  it.each([
    ["{{ __timestamp__ | unixEpochMillis }}", String(TS)],
    ["{{ unixEpochMillis __timestamp__ }}", String(TS)],
    ["{{ __timestamp__ | unixEpoch }}", String(Math.floor(TS / 1000))],
    ["{{ unixEpochNanos __timestamp__ }}", `${TS}000000`],
    ["{{ __timestamp__ }}", "2024-01-01 10:05:30.25 +0000 UTC"],
    ['{{ date "2006-01-02 15:04:05" __timestamp__ }}', "2024-01-01 10:05:30"],
    ['{{ __timestamp__ | date "15:04" }}', "10:05"],
  ])("%s → %s", (template, expected) => {
    expect(labelOf(template)).toBe(expected);
  });

  it("a whole second prints without a fraction", () => {
    expect(labelOf("{{ __timestamp__ }}", undefined, clock("10:05"))).toBe("2024-01-01 10:05:00 +0000 UTC");
  });

  it("an epoch function given text is a template error (TemplateFormatErr)", () => {
    expect(labelOf('{{ unixEpochMillis "x" }}')).toBe("TemplateFormatErr");
    expect(labelOf("{{ .a | unixEpoch }}")).toBe("TemplateFormatErr");
  });

  it("__timestamp__ needs an entry with a time", () => {
    const query = new CompiledQuery('{job="app"} | label_format t=`{{ __timestamp__ }}`');
    expect(() => query.run({ line: "x", stream: { job: "app" } })).toThrow("needs an entry with a timestamp");
  });

  it("an action may be followed directly by text (`{{.a}}!`; the tokenizer once ran past `}}`)", () => {
    expect(labelOf("{{.a}}!")).toBe("x!");
    expect(labelOf("<{{.a}}>{{.a}}}")).toBe("<x>x}");
  });

  it("__line__ is the line as the stage receives it", () => {
    expect(labelOf("{{ __line__ }}")).toBe('{"a":"x"}');
    const query = '{job="app"} | json | line_format "{{.a}}!" | label_format l=`{{ __line__ }}`';
    expectValidLogQL(query);
    expect(new CompiledQuery(query).run({ line: '{"a":"x"}', stream: { job: "app" } }).labels.get("l")).toBe("x!");
  });

  it("a timestamp label can be unwrapped: the time of the first and last event per group", () => {
    const q = (fn: string) =>
      `${fn}({job="app"} | json | label_format t=\`{{ __timestamp__ | unixEpochMillis }}\` | unwrap t [5m]) by (host)`;
    const lines = [event("10:01", { host: "a" }), event("10:03:15", { host: "a" }), event("10:02", { host: "b" })];
    expect(evaluateMetric(q("min_over_time"), lines, clock("10:05"))).toEqual([
      { labels: { host: "a" }, value: clock("10:01") },
      { labels: { host: "b" }, value: clock("10:02") },
    ]);
    expect(evaluateMetric(q("max_over_time"), lines, clock("10:05"))[0]?.value).toBe(clock("10:03:15"));
  });

  it("a template error in a metric query fails it", () => {
    const q = 'count_over_time({job="app"} | label_format t=`{{ unixEpoch "x" }}` [5m])';
    expect(() => evaluateMetric(q, [event("10:01", {})], clock("10:05"))).toThrow(LokiQueryError);
    expect(() => evaluateMetric(q, [event("10:01", {})], clock("10:05"))).toThrow(/TemplateFormatErr/);
  });
});

describe("firesAt: a ruler evaluating every minute", () => {
  // Three failed logins within five minutes.
  const rule = 'sum by (user) (count_over_time({job="app"} | json | action="fail" [5m])) >= 3';
  const events = [
    ...["10:01", "10:03", "10:05"].map((t) => event(t, { user: "alice", action: "fail" })),
    // bob's first failure is exactly five minutes before his third: the window's start is open.
    ...["10:00:30", "10:02", "10:05:30"].map((t) => event(t, { user: "bob", action: "fail" })),
    event("10:04", { user: "carol", action: "login" }),
  ];
  const every = (step: number) => instantsBetween(clock("10:00"), clock("10:10"), step);
  const describeFirings = (step: number) =>
    expectValidAndFire(rule, events, every(step)).map((f) => `${clockOf(f.at)} ${formatLabels(f.labels)} ${f.value}`);

  it("fires at 10:05 for alice and never for bob", () => {
    expect(describeFirings(MINUTE)).toEqual(['10:05 {user="alice"} 3']);
  });

  it("evaluating every 30 seconds: alice twice, bob still never", () => {
    expect(describeFirings(MINUTE / 2)).toEqual(['10:05 {user="alice"} 3', '10:05:30 {user="alice"} 3']);
  });

  it("evaluating exactly at 10:05:30 counts only bob's last two failures", () => {
    expect(firesAt(rule.replace(">= 3", ""), events, [clock("10:05:30")])).toEqual([
      { at: clock("10:05:30"), labels: { user: "alice" }, value: 3 },
      { at: clock("10:05:30"), labels: { user: "bob" }, value: 2 },
    ]);
  });

  it("instantsBetween includes both ends and refuses a step that never advances", () => {
    expect(instantsBetween(0, 10, 5)).toEqual([0, 5, 10]);
    expect(() => instantsBetween(0, 10, 0)).toThrow(RangeError);
  });
});
