/**
 * Runs a campaign in a worker thread under a watchdog: a case that runs longer than `hangMs` is
 * a hang (the worker is terminated and restarted after it); a case that fails its oracle is a
 * crash or violation. Every failing case is written to the regression corpus.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { caseAt } from "./arbitraries.js";
import { caseArbitrary, extensionOf, type CampaignName } from "./cases.js";
import type { WorkerJob, WorkerMessage } from "./worker.js";

/** Where failing cases are stored (replayed by `regressions.test.ts`). */
export const REGRESSION_DIR = fileURLToPath(new URL("../../fuzz-regressions/", import.meta.url));

export interface CampaignOptions {
  readonly campaign: CampaignName;
  readonly runs: number;
  readonly seed: number;
  /** A case still running after this long is a hang: the worker is killed. */
  readonly hangMs?: number;
  /** A case that finishes after this long is reported as a hang too. */
  readonly slowMs?: number;
  /** Write failing cases to the regression corpus (default true). */
  readonly record?: boolean;
  readonly onProgress?: (done: number) => void;
}

export interface Failure {
  readonly index: number;
  readonly kind: string;
  readonly message: string;
  readonly note: string;
  readonly file?: string;
}

export interface CampaignStats {
  readonly campaign: CampaignName;
  readonly seed: number;
  cases: number;
  /** Cases that loaded and converted without any error. */
  clean: number;
  /** Errors by class (a case with several errors counts each). */
  readonly errorsByClass: Map<string, number>;
  readonly failures: Failure[];
  slowest: { ms: number; index: number; note: string };
  totalMs: number;
}

/** Stores a failing input; returns the file name. */
export function recordRegression(campaign: CampaignName, input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const name = `${campaign}-${createHash("sha256").update(bytes).digest("hex").slice(0, 12)}${extensionOf(campaign)}`;
  mkdirSync(REGRESSION_DIR, { recursive: true });
  writeFileSync(join(REGRESSION_DIR, name), bytes);
  return name;
}

const WORKER = new URL("./worker-boot.mjs", import.meta.url);
/** Heap of the worker: a case that needs more is a crash (`out-of-memory`). */
const MAX_HEAP_MB = 1024;

/** Runs `runs` cases of a campaign. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignStats> {
  const hangMs = options.hangMs ?? 30_000;
  const slowMs = options.slowMs ?? 10_000;
  const stats: CampaignStats = {
    campaign: options.campaign,
    seed: options.seed,
    cases: 0,
    clean: 0,
    errorsByClass: new Map(),
    failures: [],
    slowest: { ms: 0, index: -1, note: "" },
    totalMs: 0,
  };
  const started = performance.now();
  const skip: number[] = [];
  const fail = (f: Omit<Failure, "file">, input: string | Uint8Array): void => {
    const file = options.record === false ? undefined : recordRegression(options.campaign, input);
    stats.failures.push(file ? { ...f, file } : f);
    stats.cases++;
  };
  let from = 0;
  while (from < options.runs) {
    const progress = new SharedArrayBuffer(8);
    const current = new Int32Array(progress);
    Atomics.store(current, 0, from);
    const job: WorkerJob = { campaign: options.campaign, seed: options.seed, from, to: options.runs, skip, progress, slowMs };
    let outOfMemory = false;
    const hungAt = await new Promise<number | undefined>((resolve, reject) => {
      const worker = new Worker(WORKER, {
        workerData: job,
        execArgv: ["--conditions=source"],
        resourceLimits: { stackSizeMb: 8, maxOldGenerationSizeMb: MAX_HEAP_MB },
      });
      let last = -1;
      let lastPhase = -1;
      let since = performance.now();
      const watchdog = setInterval(() => {
        const index = Atomics.load(current, 0);
        const phase = Atomics.load(current, 1);
        if (index !== last || phase !== lastPhase) {
          last = index;
          lastPhase = phase;
          since = performance.now();
          return;
        }
        // Only running a case is timed; generating one gets a much larger allowance.
        if (performance.now() - since > (phase === 1 ? hangMs : 10 * hangMs)) {
          clearInterval(watchdog);
          void worker.terminate().then(() => resolve(index));
        }
      }, 250);
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "done") {
          clearInterval(watchdog);
          resolve(undefined);
          return;
        }
        if (m.ms > stats.slowest.ms) stats.slowest = { ms: m.ms, index: m.index, note: m.note };
        if (m.type === "failure") {
          fail({ index: m.index, kind: m.kind, message: m.message, note: m.note }, m.input);
        } else {
          stats.cases++;
          if (m.classes.length === 0) stats.clean++;
          for (const c of m.classes) stats.errorsByClass.set(c, (stats.errorsByClass.get(c) ?? 0) + 1);
        }
        if (stats.cases % 1000 === 0) options.onProgress?.(stats.cases);
      });
      worker.on("error", (error: Error & { code?: string }) => {
        clearInterval(watchdog);
        if (error.code !== "ERR_WORKER_OUT_OF_MEMORY") {
          reject(error);
          return;
        }
        // One case used more memory than any rule should: a crash of that case.
        outOfMemory = true;
        resolve(Atomics.load(current, 0));
      });
    });
    if (hungAt === undefined) break;
    // Regenerate the case that hung (generation is deterministic) and go on after it.
    const c = caseAt(caseArbitrary(options.campaign), options.seed, hungAt)(hungAt);
    if (outOfMemory) fail({ index: hungAt, kind: "out-of-memory", message: `used more than ${MAX_HEAP_MB} MB of heap`, note: c.note }, c.input);
    else fail({ index: hungAt, kind: "hang", message: `still running after ${hangMs} ms`, note: c.note }, c.input);
    if (!outOfMemory && hangMs > stats.slowest.ms) stats.slowest = { ms: hangMs, index: hungAt, note: c.note };
    skip.push(hungAt);
    from = hungAt + 1;
  }
  stats.totalMs = performance.now() - started;
  return stats;
}
