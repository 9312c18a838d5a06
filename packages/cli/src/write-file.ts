/**
 * Writing an output file without replacing what the user named. A regular file (new or
 * existing) is written to a temporary file beside it and renamed into place, keeping its mode and
 * owner, so a failed or interrupted run leaves the old content or the new one. Anything else is
 * written through: a symbolic link's target is written (the link stays), a FIFO, a device or a
 * socket receives the bytes, and a file with several hard links is rewritten in place (a rename
 * would cut it from its other names).
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import type { Stats } from "node:fs";
import { dirname, join } from "node:path";
import { CommandError, osReason } from "./errors.js";
import { writeFifo } from "./fifo.js";
import { writeStdout } from "./terminal.js";

/** `Could not open file '<path>': <reason>` (sigma-cli's message), for any failure to write. */
function failure(path: string, err: unknown): CommandError {
  return new CommandError(`Could not open file '${path}': ${osReason(err)}`);
}

/** What the path is now: its own entry and, for a link, what it points to. */
function inspect(path: string): { link: Stats | undefined; target: Stats | undefined } {
  const stat = (follow: boolean): Stats | undefined => {
    try {
      return follow ? statSync(path) : lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  };
  const link = stat(false);
  return { link, target: link?.isSymbolicLink() ? stat(true) : link };
}

/**
 * Writes `data` to `path` as described in the module comment.
 * @throws CommandError `Could not open file '<path>': <reason>`
 */
export async function writeOutputFile(path: string, data: Uint8Array, options: { createDirs?: boolean } = {}): Promise<void> {
  // A Ctrl-C that came during the synchronous conversion is handled here, before anything is
  // written (one turn of the event loop delivers pending signals).
  await new Promise((resolve) => setImmediate(resolve));
  try {
    if (options.createDirs) mkdirSync(dirname(path), { recursive: true });
    const { link, target } = inspect(path);
    if (target?.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
    if (!target) {
      // New file (or a dangling link, whose target is created through it).
      if (link) writeFileSync(path, data);
      else replaceAtomically(path, data, undefined);
    } else if (target.isFile()) {
      if (target.nlink > 1) writeFileSync(path, data);
      else replaceAtomically(link?.isSymbolicLink() ? realpathSync(path) : path, data, target);
    } else if (target.isFIFO()) {
      await writeFifo(path, data);
    } else {
      // a device (a socket cannot be opened: ENXIO)
      writeFileSync(path, data);
    }
  } catch (err) {
    throw failure(path, err);
  }
}

/**
 * Temporary file + rename, keeping the mode and (where allowed) the owner of the file replaced.
 * Synchronous on purpose: no signal handler or other task can run while the temporary file
 * exists, so an interrupted run never leaves one behind.
 */
function replaceAtomically(path: string, data: Uint8Array, existing: Stats | undefined): void {
  // A short name: a long output name must not fail because of the temporary name's length.
  const temp = join(dirname(path), `.sigma-${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    writeFileSync(temp, data, { flag: "wx" });
    if (existing) {
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
        try {
          chownSync(temp, existing.uid, existing.gid);
        } catch {
          // only root may give a file away; the content is still written
        }
      }
      // after chown, which clears set-id bits
      chmodSync(temp, existing.mode & 0o7777);
    }
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    throw err;
  }
}

/**
 * Writes a command's output: `-` is standard output (nothing is written for no bytes), anything
 * else a file, written as {@link writeOutputFile} does.
 * @throws CommandError when the file cannot be written
 */
export async function writeOutput(output: string, bytes: Uint8Array): Promise<void> {
  if (output !== "-") await writeOutputFile(output, bytes);
  else if (bytes.length > 0) await writeStdout(bytes);
}
