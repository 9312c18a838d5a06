import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package directory, the built binary and the fixtures directory. */
export const PKG = fileURLToPath(new URL("..", import.meta.url));
export const BIN = fileURLToPath(new URL("../dist/bin.cjs", import.meta.url));
export const FIX = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** What a run of the binary produced. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  raw: Buffer;
}

/** Runs `node dist/bin.cjs …` (the `sigma` command) in the fixtures directory (by default) and collects its output. */
export function sigma(
  args: readonly string[],
  options: { stdin?: string; cwd?: string; env?: Record<string, string>; uid?: number; gid?: number; bin?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: options.cwd ?? FIX,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "", ...options.env },
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) => {
      const raw = Buffer.concat(out);
      resolve({ code, stdout: raw.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), raw });
    });
    child.stdin.end(options.stdin ?? "");
  });
}

/** How to run the binary so that file permissions apply to it: see {@link unprivileged}. */
export interface Unprivileged {
  readonly uid?: number;
  readonly gid?: number;
  readonly bin?: string;
}

let unprivilegedRun: Unprivileged | undefined;

/**
 * Options for {@link sigma} under which `chmod 000` stops the run. Root reads anything (CI runs
 * as root), so there the run drops to the user "nobody" (65534); where nobody cannot reach the
 * built binary (a clone inside a private temporary directory), the bundle is copied to a
 * directory nobody can read; {@link removeUnprivilegedCopy} removes it.
 */
export function unprivileged(): Unprivileged {
  if (unprivilegedRun) return unprivilegedRun;
  if (process.getuid?.() !== 0) return (unprivilegedRun = {});
  const nobody = { uid: 65534, gid: 65534 };
  const readable = (bin: string): boolean =>
    spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(bin)}, 4)`], nobody).status === 0;
  if (readable(BIN)) return (unprivilegedRun = nobody);
  const copy = mkdtempSync(join(tmpdir(), "sigma-bin-"));
  chmodSync(copy, 0o755);
  cpSync(dirname(BIN), join(copy, "dist"), { recursive: true });
  const bin = join(copy, "dist", "bin.cjs");
  if (!readable(bin)) throw new Error(`the user nobody cannot read ${bin}: the permission tests cannot run`);
  return (unprivilegedRun = { ...nobody, bin });
}

/** Removes the copy of the bundle that {@link unprivileged} may have made (call in `afterAll`). */
export function removeUnprivilegedCopy(): void {
  const bin = unprivilegedRun?.bin;
  if (bin !== undefined) rmSync(dirname(dirname(bin)), { recursive: true, force: true });
  unprivilegedRun = undefined;
}

/** The click-style usage error block for a command. */
export function usageError(command: string, usage: string, message: string): string {
  return `Usage: sigma ${command} ${usage}\nTry 'sigma ${command} --help' for help.\n\nError: ${message}\n`;
}
