/**
 * The CLI as a user runs it: the built `sigma` binary spawned with the same Node, its wall time
 * measured around the child and its peak RSS taken from `/usr/bin/time` when that exists.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

/** The bundled CLI entry (built by `pnpm build`). */
export const SIGMA_BIN = fileURLToPath(new URL("../../../packages/cli/dist/bin.cjs", import.meta.url));

const TIME = "/usr/bin/time";
const MARK = "BENCH-PEAK-RSS-KB";

/** One spawned run. */
export interface SpawnResult {
  readonly wallMs: number;
  /** Peak resident set of the child in MiB; `undefined` without /usr/bin/time. */
  readonly peakRssMiB: number | undefined;
  readonly exitCode: number | null;
  /** The child's standard output, when asked for. */
  readonly stdout?: string;
}

/** The floor script (Node, walk, read, js-yaml; nothing else): see its header. */
export const FLOOR_SCRIPT = fileURLToPath(new URL("./floor.mjs", import.meta.url));

/** Runs `node <args>` once, with errors discarded and output kept only when `keepStdout`. */
export function spawnNode(args: readonly string[], keepStdout = false): SpawnResult {
  const withTime = existsSync(TIME);
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ["-f", `${MARK} %M`, process.execPath, ...args] : [...args];
  const t = performance.now();
  const child = spawnSync(command, argv, { encoding: "utf8", stdio: ["ignore", keepStdout ? "pipe" : "ignore", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - t;
  if (child.error) throw child.error;
  const match = new RegExp(`${MARK} (\\d+)`).exec(child.stderr ?? "");
  return {
    wallMs,
    peakRssMiB: match ? Number(match[1]) / 1024 : undefined,
    exitCode: child.status,
    ...(keepStdout ? { stdout: child.stdout ?? "" } : {}),
  };
}

/** Runs `sigma <args>`. */
export function spawnSigma(args: readonly string[]): SpawnResult {
  if (!existsSync(SIGMA_BIN)) throw new Error(`${SIGMA_BIN} is missing: run pnpm build first`);
  return spawnNode([SIGMA_BIN, ...args]);
}
