import { spawn } from "node:child_process";
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
  options: { stdin?: string; cwd?: string; env?: Record<string, string>; uid?: number; gid?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
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

/** The click-style usage error block for a command. */
export function usageError(command: string, usage: string, message: string): string {
  return `Usage: sigma ${command} ${usage}\nTry 'sigma ${command} --help' for help.\n\nError: ${message}\n`;
}
