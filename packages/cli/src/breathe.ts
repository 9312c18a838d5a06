/**
 * Conversion is synchronous work; without a turn of the event loop now and then, Ctrl-C and
 * SIGTERM would wait for the whole run. `breathe()` gives the loop a turn once some time has
 * passed since the last one, so a signal is handled within a few milliseconds of work and the
 * run pays one `setImmediate` per interval, not per rule.
 */
import { performance } from "node:perf_hooks";

/** Work between two turns of the event loop, in milliseconds. */
const INTERVAL_MS = 25;

let last = performance.now();

/** Gives the event loop a turn (signals, stream events) if the last one is long enough ago. */
export async function breathe(): Promise<void> {
  const now = performance.now();
  if (now - last < INTERVAL_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  last = performance.now();
}
