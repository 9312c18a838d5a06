/** Turning measurements into JSON lines, a readable table and ratios against an earlier run. */

/** One measurement: a JSON line of the benchmark's output. */
export interface Measurement {
  /** `inprocess`, `cli`, `scaling`, `node` or `target`. */
  readonly kind: string;
  /** What was measured (configuration or case name). */
  readonly name: string;
  readonly [key: string]: unknown;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Key of a measurement for matching it with the same one of another run. */
export function measurementKey(m: Measurement): string {
  return `${m.kind}:${m.name}`;
}

/** The headline figure of a measurement (the one compared between runs), lower is better. */
export function headline(m: Measurement): number | undefined {
  const value = m["totalMsMedian"] ?? m["wallMsMedian"] ?? m["timeRatio"] ?? m["value"];
  return typeof value === "number" ? value : undefined;
}

/** Parses JSON lines of an earlier run (other lines are ignored). */
export function parseMeasurements(text: string): Measurement[] {
  const out: Measurement[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    const value = JSON.parse(line) as Partial<Measurement>;
    if (typeof value.kind === "string" && typeof value.name === "string") out.push(value as Measurement);
  }
  return out;
}

/** Aligned text table; the first column left-aligned, the others right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "))
    .join("\n");
}

/** `new / old` as text (`1.00x`), or `-` without a comparable old value. */
export function ratioText(now: number | undefined, before: number | undefined): string {
  if (now === undefined || before === undefined || before <= 0) return "-";
  return `${(now / before).toFixed(2)}x`;
}
