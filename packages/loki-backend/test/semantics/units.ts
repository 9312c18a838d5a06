/**
 * The unit parsers Loki borrows from other libraries: Prometheus' `model.ParseDuration` (range
 * selectors `[5m]`) and go-humanize's `ParseBytes` (`unwrap bytes(label)`). Written from their
 * documented rules.
 */
import { parseGoDuration, parseGoFloat } from "./go.js";

const PROMETHEUS_DURATION = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;
const PROMETHEUS_UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
/** time.Duration is an int64 of nanoseconds: about 292 years. */
const MAX_DURATION_MS = Number(2n ** 63n / 1_000_000n);

/**
 * Prometheus' `model.ParseDuration` in milliseconds: integer amounts with the units
 * `y w d h m s ms`, each at most once, largest first (`1h30m`, not `30m1h`); `0` alone is allowed.
 */
export function parsePrometheusDuration(s: string): number {
  if (s === "0") return 0;
  if (s === "") throw new SyntaxError("empty duration string");
  const m = PROMETHEUS_DURATION.exec(s);
  if (!m) throw new SyntaxError(`not a valid duration string: ${JSON.stringify(s)}`);
  const ms = PROMETHEUS_UNIT_MS.reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * unit, 0);
  if (ms > MAX_DURATION_MS) throw new SyntaxError("duration out of range");
  return ms;
}

/**
 * A duration literal after `offset` (Loki's lexer): Prometheus' form first, then Go's
 * `time.ParseDuration`. Milliseconds.
 */
export function parseLokiDuration(s: string): number {
  try {
    return parsePrometheusDuration(s);
  } catch {
    const ns = parseGoDuration(s);
    if (ns === undefined) throw new SyntaxError(`not a valid duration: ${JSON.stringify(s)}`);
    return ns / 1e6;
  }
}

const BYTE_UNITS: Record<string, number> = { b: 1, "": 1 };
["k", "m", "g", "t", "p", "e"].forEach((prefix, i) => {
  BYTE_UNITS[`${prefix}b`] = BYTE_UNITS[prefix] = 1000 ** (i + 1);
  BYTE_UNITS[`${prefix}ib`] = BYTE_UNITS[`${prefix}i`] = 1024 ** (i + 1);
});

/**
 * go-humanize `ParseBytes`: a decimal number (`,` separators dropped) and an optional unit, case
 * and surrounding spaces ignored: `42 MB` = 42e6, `42mib` = 44040192. The result is truncated to an
 * integer; `undefined` where humanize returns an error.
 */
export function parseHumanizeBytes(s: string): number | undefined {
  const digits = /^[0-9.,]*/.exec(s)?.[0] ?? "";
  const amount = parseGoFloat(digits.replaceAll(",", ""));
  const unit = BYTE_UNITS[s.slice(digits.length).trim().toLowerCase()];
  if (amount === undefined || unit === undefined) return undefined;
  const bytes = amount * unit;
  return bytes >= 2 ** 64 ? undefined : Math.trunc(bytes);
}
