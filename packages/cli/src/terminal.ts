/**
 * Terminal streams: colour decisions per stream, click-style hints, and writes that survive a
 * closed pipe (`sigma convert … | head`).
 */
import pc from "picocolors";
import type { Colors } from "picocolors/types.js";

/** A stream the CLI writes text to. */
export interface OutStream {
  write(chunk: string | Uint8Array): boolean;
  readonly isTTY?: boolean;
}

/** Whether escape codes may be written to `stream`: only on a terminal, never with NO_COLOR. */
export function colourEnabled(stream: OutStream): boolean {
  const env = process.env;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0") return true;
  return stream.isTTY === true;
}

const cache = new WeakMap<object, Colors>();

/** Colour functions for one stream (identity functions when colour is off). */
export function colours(stream: OutStream): Colors {
  let c = cache.get(stream);
  if (!c) {
    c = pc.createColors(colourEnabled(stream));
    cache.set(stream, c);
  }
  return c;
}

/**
 * The "green hint" convention: a command the user can run next, bold green on a terminal. Written
 * with click's exact bytes (`ESC[32m ESC[1m … ESC[0m`, what sigma-cli's `click.style(fg="green",
 * bold=True)` gives) so that tools comparing terminal output with sigma-cli see no difference.
 */
export function hint(stream: OutStream, command: string): string {
  return colourEnabled(stream) ? `\x1b[32m\x1b[1m${command}\x1b[0m` : command;
}

/** Writes a line to stderr. */
export function errLine(text = ""): void {
  process.stderr.write(text + "\n");
}

/**
 * Make EPIPE on stdout (reader went away, e.g. `| head`) end the process quietly with status 0,
 * as `cat` would, instead of an unhandled error. Any other write error (a full disk: ENOSPC) is
 * reported in one line and ends the process with status 1.
 */
export function quietOnClosedPipe(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    const reason = err.code === "ENOSPC" ? "No space left on device" : err.message;
    process.stderr.write(`Error: Could not write to standard output: ${reason}\n`);
    process.exit(1);
  });
}

/** Writes to stdout and resolves once the data has been handed to the OS. */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(data)) resolve();
    else process.stdout.once("drain", () => resolve());
  });
}
