/**
 * Values that LogQL cannot hold. Loki refuses a query with a number that is not finite (`inf`,
 * `nan`, `1e400`) or a duration longer than about 292 years; the converter refuses such a value
 * with an error at the value, instead of printing a query Loki rejects. (A NUL character can be
 * written: as the escape `\x00` in a double-quoted string, see `quoteLabelValue`.)
 */
import { SigmaValueError, TIMESPAN_UNIT_SECONDS, type SourceLocation, type Timespan } from "@sigma/core";
import { parseLokiDuration } from "./duration.js";

/** Returns `n` when LogQL can write it (a finite number); else throws at `location`. */
export function writableNumber(n: number, location: SourceLocation | undefined): number {
  if (Number.isFinite(n)) return n;
  const shown = Number.isNaN(n) ? "NaN" : n > 0 ? "+infinity" : "-infinity";
  throw new SigmaValueError(
    `The number ${shown} cannot be written in LogQL (Loki accepts only finite numbers); ` +
      "use a finite number (YAML .inf, .nan and values beyond ±1.8e308 are not)",
    location,
  );
}

/** LogQL units for whole seconds, largest first (LogQL's own `y` is 365 days, not Sigma's year). */
const SECOND_UNITS: readonly (readonly [string, bigint])[] = [
  ["d", 86_400n],
  ["h", 3_600n],
  ["m", 60n],
  ["s", 1n],
];

/** Whole seconds as a LogQL duration: `30d10h29m6s`, units that are zero left out. */
function secondsDuration(seconds: bigint): string {
  let rest = seconds;
  let text = "";
  for (const [unit, length] of SECOND_UNITS) {
    const count = rest / length;
    rest %= length;
    if (count > 0n) text += `${count}${unit}`;
  }
  return text === "" ? "0s" : text;
}

/**
 * The LogQL range of a correlation timespan: `s m h d w` as written (`5m`, `2w`); Sigma's month
 * (`M`, 2,629,746 s) and year (`y`, 31,556,952 s) as that exact duration in days, hours, minutes
 * and seconds (`1M` → `30d10h29m6s`). Loki refuses durations beyond 2^63-1 ns.
 */
export function lokiRange(timespan: Timespan, location: SourceLocation | undefined): string {
  const unit = timespan.unit;
  const text =
    unit === "M" || unit === "y"
      ? secondsDuration(BigInt(timespan.text.slice(0, -1)) * BigInt(TIMESPAN_UNIT_SECONDS[unit]))
      : timespan.text;
  const parsed = parseLokiDuration(text);
  if (!parsed.ok) throw new SigmaValueError(`Timespan '${timespan.text}' cannot be written in LogQL: ${parsed.message}`, location);
  return text;
}
