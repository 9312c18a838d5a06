/**
 * The conformance ratchet (tooling/conformance-ratchet.json): per run mode (`full`, `quick`) and
 * configuration, the minimum number of good (equivalent + accepted) files.
 */
import { readFileSync, writeFileSync } from "node:fs";

/** Minimum good files per configuration. */
export type Ratchet = Record<string, number>;

/** The ratchet file: one ratchet per run mode. */
export interface RatchetFile {
  full?: Ratchet;
  quick?: Ratchet;
}

/** Reads the ratchet file (missing file: no minimums). */
export function readRatchet(file: string): RatchetFile {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RatchetFile;
  } catch {
    return {};
  }
}

/** Configurations whose result fell below the ratchet, with a message each. */
export function ratchetFailures(ratchet: Ratchet, good: Readonly<Record<string, number>>): string[] {
  return Object.entries(good).flatMap(([config, value]) => {
    const minimum = ratchet[config] ?? 0;
    return value < minimum ? [`${config}: ${value} good files, ratchet requires ${minimum}`] : [];
  });
}

/** The ratchet raised to the new results (never lowered). */
export function raiseRatchet(ratchet: Ratchet, good: Readonly<Record<string, number>>): Ratchet {
  const next: Ratchet = { ...ratchet };
  for (const [config, value] of Object.entries(good)) next[config] = Math.max(next[config] ?? 0, value);
  return next;
}

function sortKeys(ratchet: Ratchet | undefined): Ratchet {
  return Object.fromEntries(Object.entries(ratchet ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes the ratchet file with sorted keys. */
export function writeRatchet(file: string, ratchet: RatchetFile): void {
  const out = { full: sortKeys(ratchet.full), quick: sortKeys(ratchet.quick) };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}
