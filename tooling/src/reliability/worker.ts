/**
 * Runs a range of one campaign's cases in a worker thread. The supervisor watches `progress[0]`
 * (index of the running case) and `progress[1]` (1 while the case runs, 0 while it is generated) and terminates the worker when a case runs too long.
 */
import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { caseAt } from "./arbitraries.js";
import { caseArbitrary, type CampaignName } from "./cases.js";
import { Violation } from "./oracles.js";

/** What the supervisor sends. */
export interface WorkerJob {
  readonly campaign: CampaignName;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly skip: readonly number[];
  readonly progress: SharedArrayBuffer;
  /** A case slower than this is reported as a hang (it finished, but far too late). */
  readonly slowMs: number;
}

/** What the worker reports. */
export type WorkerMessage =
  | { readonly type: "case"; readonly index: number; readonly ms: number; readonly classes: readonly string[]; readonly note: string }
  | { readonly type: "failure"; readonly index: number; readonly kind: string; readonly message: string; readonly input: string | Uint8Array; readonly note: string; readonly ms: number }
  | { readonly type: "done" };

const job = workerData as WorkerJob;
const progress = new Int32Array(job.progress);
const arbitrary = caseArbitrary(job.campaign);
const skip = new Set(job.skip);
const post = (m: WorkerMessage): void => parentPort?.postMessage(m);

for (let index = job.from; index < job.to; index++) {
  if (skip.has(index)) continue;
  // Generation is not under test: the watchdog only times the run (phase 1).
  Atomics.store(progress, 1, 0);
  Atomics.store(progress, 0, index);
  const c = caseAt(arbitrary, job.seed, index)(index);
  Atomics.store(progress, 1, 1);
  const start = performance.now();
  try {
    const classes = c.run();
    const ms = performance.now() - start;
    if (ms > job.slowMs) {
      post({ type: "failure", index, kind: "hang", message: `took ${Math.round(ms)} ms`, input: c.input, note: c.note, ms });
    } else {
      post({ type: "case", index, ms, classes, note: c.note });
    }
  } catch (error) {
    const ms = performance.now() - start;
    const kind = error instanceof Violation ? error.kind : "crash";
    const message = error instanceof Error ? error.message : String(error);
    post({ type: "failure", index, kind, message: kind === "crash" && !(error instanceof Violation) ? `oracle threw ${message}` : message, input: c.input, note: c.note, ms });
  }
}
post({ type: "done" });
