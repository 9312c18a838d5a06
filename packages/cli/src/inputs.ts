/**
 * Input collection for `convert` and `check`: files as given, directories searched recursively
 * for the file pattern (following symbolic links, sorted for reproducible output), `-` for stdin;
 * and reading them within a byte limit checked before the content is read.
 */
import { closeSync, openSync, readSync, readdirSync, realpathSync, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { createReadStream } from "node:fs";
import { join, basename } from "node:path";
import { ReadStream, isatty } from "node:tty";
import { fifoReader } from "./fifo.js";
import { compilePattern } from "./glob.js";

/** One input file found for one command-line argument. */
export interface InputFile {
  /** The argument it came from (`-` for stdin). */
  readonly argument: string;
  /** Path to show in messages: the argument, or the argument joined with the path inside it. */
  readonly path: string;
  /** Path relative to the argument directory (the base name for a file argument). */
  readonly relative: string;
  /** Whether the content is standard input. */
  readonly stdin: boolean;
  /** Set for a directory below the argument that could not be listed (its files are unknown). */
  readonly unlisted?: NodeJS.ErrnoException;
}

/** Name shown for rules read from standard input. */
export const STDIN_PATH = "<stdin>";

/**
 * Lists the files an argument stands for. A subdirectory that cannot be listed (no permission)
 * becomes an `unlisted` entry at its place in the order; the rest of the tree is still listed.
 * The walk is synchronous: it is the only work until it ends, and an asynchronous walk waits for
 * a thread-pool round trip per directory (about 0.1 s of idle time over the SigmaHQ corpus).
 * @throws the error of the argument itself (missing, unreadable top directory)
 */
export function expandArgument(argument: string, pattern: string): InputFile[] {
  if (argument === "-") return [{ argument, path: STDIN_PATH, relative: "stdin", stdin: true }];
  const info = statSync(argument);
  if (!info.isDirectory()) return [{ argument, path: argument, relative: basename(argument), stdin: false }];
  const matcher = compilePattern(pattern);
  const found: { relative: string; unlisted?: NodeJS.ErrnoException }[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      // Guard against symlink loops: each real directory is visited once.
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (rel === "") throw err;
      found.push({ relative: rel, unlisted: err as NodeJS.ErrnoException });
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrUndefined(full);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) walk(full, relPath);
      else if (isFile && matcher.matches(relPath)) found.push({ relative: relPath });
    }
  };
  walk(argument, "");
  // Code-point order, not locale order, so output is the same on every machine.
  found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return found.map(({ relative, unlisted }) => ({
    argument,
    path: join(argument, relative),
    relative,
    stdin: false,
    ...(unlisted ? { unlisted } : {}),
  }));
}

/** `stat` of a symbolic link's target; `undefined` for a dangling link (skipped, as before). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** What identifies a regular file's content between two reads (and the file among outputs). */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The identity of a stat result. */
export function identityOf(stats: Stats): FileIdentity {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

/** An input larger than the byte limit; `size` when known before reading (regular files). */
export class InputTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly size: number | undefined,
  ) {
    super(`input larger than ${limit} bytes`);
  }
}

/** An input's bytes, with the identity of a regular file (undefined for stdin, FIFOs, devices). */
export interface ReadInput {
  readonly bytes: Uint8Array;
  readonly identity: FileIdentity | undefined;
}

let stdinUsed = false;

/**
 * Reads an input, never more than `maxBytes` + 1 bytes: a regular file's size is checked first
 * (fstat); anything else (stdin, a FIFO, a device such as /dev/zero) is read as a stream that is
 * stopped once it passes the limit. Stdin is read once; a second `-` reads nothing, as in
 * sigma-cli.
 * @throws InputTooLargeError, or the error of opening or reading the file
 */
export async function readInput(file: InputFile, maxBytes: number): Promise<ReadInput> {
  if (file.stdin) {
    if (stdinUsed) return { bytes: new Uint8Array(), identity: undefined };
    stdinUsed = true;
    return { bytes: await readStream(process.stdin, maxBytes), identity: undefined };
  }
  const kind = statSync(file.path);
  if (kind.isDirectory()) throw Object.assign(new Error("EISDIR"), { code: "EISDIR" });
  // A FIFO waits for its writer and a device such as /dev/zero never ends: both are read as
  // streams, so that the limit and Ctrl-C still apply.
  if (kind.isFIFO()) return { bytes: await readStream(fifoReader(file.path), maxBytes), identity: undefined };
  if (!kind.isFile()) return { bytes: await readStream(deviceReader(file.path), maxBytes), identity: undefined };
  // Regular files are read synchronously: one at a time anyway, and an asynchronous read of a
  // small file costs several times more (thread-pool round trips for open, stat, read and close).
  // The size checked is the stat's; should the file grow meanwhile, the read still stops at the
  // limit.
  if (kind.size > maxBytes) throw new InputTooLargeError(maxBytes, kind.size);
  const fd = openSync(file.path, "r");
  try {
    return { bytes: readBounded(fd, kind.size, maxBytes), identity: identityOf(kind) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A device as a stream: a terminal (`/dev/stdin` on one) on the event loop, where a read that
 * waits for a line leaves Ctrl-C working; anything else (`/dev/zero`) with reads that return.
 */
function deviceReader(path: string): AsyncIterable<unknown> & { destroy(): void } {
  const fd = openSync(path, "r");
  if (isatty(fd)) return new ReadStream(fd);
  return createReadStream("", { fd });
}

/** Reads a regular file of `size` bytes; it may have grown since: at most `maxBytes` + 1 bytes. */
function readBounded(fd: number, size: number, maxBytes: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) throw new InputTooLargeError(maxBytes, undefined);
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
  }
  if (length > maxBytes) throw new InputTooLargeError(maxBytes, undefined);
  return buffer.subarray(0, length);
}

/** Reads a stream until it ends or passes `maxBytes` (then it is destroyed). */
async function readStream(stream: AsyncIterable<unknown> & { destroy(): void }, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    length += bytes.length;
    if (length > maxBytes) {
      stream.destroy();
      throw new InputTooLargeError(maxBytes, undefined);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, length);
}
