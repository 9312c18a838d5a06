/**
 * Input collection for `convert` and `check`: files as given, directories searched recursively
 * for the file pattern (following symbolic links, sorted for reproducible output), `-` for stdin.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, basename } from "node:path";
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
}

/** Name shown for rules read from standard input. */
export const STDIN_PATH = "<stdin>";

/**
 * Lists the files an argument stands for. The directory walk is synchronous: it is the only work
 * until it ends, and an asynchronous walk waits for a thread-pool round trip per directory (about
 * 0.1 s of idle time over the SigmaHQ corpus's 790 folders).
 */
export async function expandArgument(argument: string, pattern: string): Promise<InputFile[]> {
  if (argument === "-") return [{ argument, path: STDIN_PATH, relative: "stdin", stdin: true }];
  const info = statSync(argument);
  if (!info.isDirectory()) return [{ argument, path: argument, relative: basename(argument), stdin: false }];
  const matcher = compilePattern(pattern);
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, rel: string): void => {
    // Guard against symlink loops: each real directory is visited once.
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = readdirSync(dir, { withFileTypes: true });
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
      else if (isFile && matcher.matches(relPath)) found.push(relPath);
    }
  };
  walk(argument, "");
  // Code-point order, not locale order, so output is the same on every machine.
  found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return found.map((rel) => ({ argument, path: join(argument, rel), relative: rel, stdin: false }));
}

/** `stat` of a symbolic link's target; `undefined` for a dangling link (skipped, as before). */
function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

let stdinUsed = false;

/**
 * Reads a file's bytes (stdin is read once; a second `-` reads nothing, as in sigma-cli). Files
 * are read synchronously: one at a time anyway, and an asynchronous read of a small file costs
 * several times more (thread-pool round trips for open, stat, read and close).
 */
export async function readInput(file: InputFile): Promise<Uint8Array> {
  if (!file.stdin) return readFileSync(file.path);
  if (stdinUsed) return new Uint8Array();
  stdinUsed = true;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
