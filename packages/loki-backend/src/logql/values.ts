/**
 * Values that LogQL cannot hold. Loki refuses a query with a number that is not finite (`inf`,
 * `nan`, `1e400`) or a duration longer than about 292 years; the converter refuses such a value
 * with an error at the value, instead of printing a query Loki rejects. (A NUL character can be
 * written: as the escape `\x00` in a double-quoted string, see `quoteLabelValue`.)
 */
import { SigmaValueError, type SourceLocation, type Timespan } from "@sigma/core";
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

/**
 * The LogQL range of a correlation timespan (`5m`, `1h`, `2d`, …, as written). Sigma's month
 * (`M`) has no LogQL unit, and Loki refuses durations beyond 2^63-1 ns.
 */
export function lokiRange(timespan: Timespan, location: SourceLocation | undefined): string {
  if (timespan.unit === "M") {
    throw new SigmaValueError(
      `Timespan '${timespan.text}' uses months, which LogQL has no unit for; write it in days or weeks (e.g. 30d)`,
      location,
    );
  }
  const parsed = parseLokiDuration(timespan.text);
  if (!parsed.ok) throw new SigmaValueError(`Timespan '${timespan.text}' cannot be written in LogQL: ${parsed.message}`, location);
  return timespan.text;
}
