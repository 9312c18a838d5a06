/**
 * LogQL durations (`[5m]`, `offset 1h`) as Loki reads them: first as a Prometheus duration
 * (`1y2w3d4h5m6s7ms`, whole numbers, units from largest to smallest), else as a Go
 * `time.ParseDuration` (`1.5h`, `300ms`, `2h45m`, units `ns us µs ms s m h` in any order). Both
 * store nanoseconds in a signed 64-bit integer, so the longest duration is 2^63-1 ns, about 292
 * years (`106751d`); anything longer is refused by Loki.
 */

/** The longest duration Loki accepts, in nanoseconds (Go's `time.Duration` maximum). */
const MAX_DURATION_NS = 2n ** 63n - 1n;

const NS_PER = { ns: 1n, us: 1_000n, ms: 1_000_000n, s: 1_000_000_000n } as const;
const MINUTE = 60n * NS_PER.s;
const HOUR = 60n * MINUTE;
const DAY = 24n * HOUR;

/** Prometheus units in the order they must appear, with their length. */
const PROMETHEUS_UNITS: readonly (readonly [string, bigint])[] = [
  ["y", 365n * DAY],
  ["w", 7n * DAY],
  ["d", DAY],
  ["h", HOUR],
  ["m", MINUTE],
  ["s", NS_PER.s],
  ["ms", NS_PER.ms],
];

/** Go `time.ParseDuration` units. */
const GO_UNITS: Readonly<Record<string, bigint>> = {
  ns: NS_PER.ns,
  us: NS_PER.us,
  "\u00b5s": NS_PER.us,
  "\u03bcs": NS_PER.us,
  ms: NS_PER.ms,
  s: NS_PER.s,
  m: MINUTE,
  h: HOUR,
};

/** The outcome of reading a duration: its length, or why Loki refuses it. */
export type DurationResult = { readonly ok: true; readonly nanoseconds: bigint } | { readonly ok: false; readonly message: string };

/** Reads `text` as Loki reads a duration. */
export function parseLokiDuration(text: string): DurationResult {
  const prometheus = parsePrometheusDuration(text);
  if (prometheus.ok) return prometheus;
  const go = parseGoDuration(text);
  if (go.ok) return go;
  // The Prometheus reading explains out-of-range values best (`99999999999999999999d`).
  return prometheus.message.includes("out of range") ? prometheus : go;
}

const OUT_OF_RANGE = (text: string): DurationResult => ({
  ok: false,
  message: `duration '${text}' is out of range: Loki's longest duration is about 292 years (106751d)`,
});

function parsePrometheusDuration(text: string): DurationResult {
  if (text === "0") return { ok: true, nanoseconds: 0n };
  const invalid: DurationResult = { ok: false, message: `not a valid duration string: '${text}'` };
  if (text === "") return invalid;
  let total = 0n;
  let lastUnit = -1;
  let rest = text;
  while (rest !== "") {
    const m = /^([0-9]+)([^0-9]+)/.exec(rest);
    if (!m) return invalid;
    const [whole, digits = "", unit = ""] = m;
    const position = PROMETHEUS_UNITS.findIndex(([name]) => name === unit);
    if (position < 0 || position <= lastUnit) return invalid;
    lastUnit = position;
    const value = BigInt(digits);
    // Go reads the digits as a uint64 first, which fails above 2^64-1: out of range either way.
    if (value > 2n ** 64n - 1n) return OUT_OF_RANGE(text);
    total += value * (PROMETHEUS_UNITS[position]?.[1] ?? 0n);
    if (total > MAX_DURATION_NS) return OUT_OF_RANGE(text);
    rest = rest.slice(whole.length);
  }
  return { ok: true, nanoseconds: total };
}

function parseGoDuration(text: string): DurationResult {
  const invalid: DurationResult = { ok: false, message: `invalid duration '${text}'` };
  let rest = text.replace(/^[-+]/, "");
  const negative = text.startsWith("-");
  if (rest === "0") return { ok: true, nanoseconds: 0n };
  if (rest === "") return invalid;
  let total = 0n;
  while (rest !== "") {
    const m = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]+)/.exec(rest);
    if (!m) return invalid;
    const [whole, intDigits = "", fracDigits, unitText = ""] = m;
    if (intDigits === "" && (fracDigits ?? "") === "") return invalid;
    const unit = GO_UNITS[unitText];
    if (unit === undefined) return invalid;
    const intPart = intDigits === "" ? 0n : BigInt(intDigits);
    if (intPart > MAX_DURATION_NS + 1n) return invalid;
    let value = intPart * unit;
    if (fracDigits !== undefined && fracDigits !== "") {
      value += (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    }
    total += value;
    if (total > MAX_DURATION_NS + (negative ? 1n : 0n)) return invalid;
    rest = rest.slice(whole.length);
  }
  return { ok: true, nanoseconds: negative ? -total : total };
}
