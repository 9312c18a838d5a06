/** Correlation timespans: `<int><s|m|h|d|w|M|y>`. */
import { SigmaTimespanError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { Timespan } from "../model/rule.js";

/** Seconds per timespan unit; a month is 1/12 and a year 365.2425 days (Gregorian average). */
export const TIMESPAN_UNIT_SECONDS: Readonly<Record<Timespan["unit"], number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2629746,
  y: 31556952,
};

/**
 * Parses a timespan such as `5m` or `1h`.
 * @throws SigmaTimespanError "Timespan 'x' is invalid."
 */
export function parseTimespan(text: unknown, location?: SourceLocation): Timespan {
  const match = typeof text === "string" ? /^(\d+)([smhdwMy])$/.exec(text) : null;
  if (!match || typeof text !== "string") {
    throw new SigmaTimespanError(`Timespan '${String(text)}' is invalid.`, location);
  }
  const count = Number(match[1]);
  const unit = match[2] as Timespan["unit"];
  return { text, count, unit, seconds: count * TIMESPAN_UNIT_SECONDS[unit], ...(location ? { location } : {}) };
}
