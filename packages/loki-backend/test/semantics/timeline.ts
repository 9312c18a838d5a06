/**
 * Building sequences of timestamped events for metric-query tests: times are written as clock
 * times of one day (`"10:05"`, `"10:05:30.250"`, UTC), lines as JSON objects.
 */
import type { TimedEntry } from "./metric.js";

/** The day every clock time refers to: 2024-01-01 (UTC). */
export const DAY = Date.UTC(2024, 0, 1);

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** `"HH:MM"`, `"HH:MM:SS"` or `"HH:MM:SS.mmm"` on DAY, in milliseconds since the epoch. */
export function clock(time: string): number {
  const m = /^(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{3}))?)?$/.exec(time);
  if (!m) throw new SyntaxError(`not a clock time: ${time}`);
  const [, h, min, s = "0", ms = "0"] = m;
  return DAY + Number(h) * 3_600_000 + Number(min) * MINUTE + Number(s) * SECOND + Number(ms);
}

/** The clock time of an instant on DAY, `"HH:MM"` or with seconds / milliseconds when needed. */
export function clockOf(ts: number): string {
  const iso = new Date(ts).toISOString(); // 2024-01-01T10:05:30.250Z
  const [hm, s, ms] = [iso.slice(11, 16), iso.slice(17, 19), iso.slice(20, 23)];
  if (ms !== "000") return `${hm}:${s}.${ms}`;
  return s === "00" ? hm : `${hm}:${s}`;
}

/** A JSON log line at a clock time (or an instant) in a stream (default `{job="app"}`). */
export function event(time: string | number, fields: Record<string, unknown>, stream: Record<string, string> = { job: "app" }): TimedEntry {
  return { ts: typeof time === "number" ? time : clock(time), line: JSON.stringify(fields), stream };
}
