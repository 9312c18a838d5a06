/**
 * Loading rule files for `convert` and `check`: every argument expanded to files (with one
 * "Parsing Sigma rules" progress bar per argument, none for stdin), every file parsed on its own.
 */
import type { Engine, ParsedFile } from "./engine.js";
import { expandArgument, readInput } from "./inputs.js";
import type { InputFile } from "./inputs.js";
import { ProgressBar } from "./progress.js";
import { basename } from "node:path";

/** One input file and what parsing it gave. */
export interface LoadedFile {
  readonly input: InputFile;
  readonly parsed: ParsedFile;
}

/** Why a file could not be read, in words (the OS error code in parentheses). */
function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: "No such file or directory (it vanished during the run?)",
    EACCES: "Permission denied",
    EPERM: "Operation not permitted",
    EISDIR: "Is a directory",
    ENOTDIR: "Not a directory",
    ELOOP: "Too many levels of symbolic links",
    EIO: "Input/output error",
  };
  const reason = (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
  return `Could not read the file: ${reason}${code ? ` (${code})` : ""}`;
}

/** Reads and parses one input file; a file that cannot be read becomes an error of its path. */
export async function parseInput(
  engine: Pick<Engine, "parseFile" | "fileError">,
  input: InputFile,
  limits?: Readonly<Record<string, number>>,
): Promise<ParsedFile> {
  try {
    return engine.parseFile(await readInput(input), input.path, limits);
  } catch (err) {
    return engine.fileError(input.path, readFailure(err));
  }
}

/** One input file and what parsing it gave, with the index of the argument it came from. */
export interface LoadedInput extends LoadedFile {
  readonly argIndex: number;
}

/**
 * Expands and parses every argument, in command-line order, one file at a time (so a caller that
 * drops each file after using it keeps nothing of it). An argument or file that cannot be read
 * (vanished, unreadable) becomes an error of that path; the other inputs are still read.
 * `quietArgs`: the first arguments whose progress bar was already shown (a re-run after a
 * streamed attempt) get none.
 */
export async function* eachInput(
  engine: Pick<Engine, "parseFile" | "fileError">,
  args: readonly string[],
  pattern: string,
  limits?: Readonly<Record<string, number>>,
  quietArgs = 0,
): AsyncGenerator<LoadedInput, void, undefined> {
  for (const [argIndex, arg] of args.entries()) {
    let inputs: InputFile[];
    try {
      inputs = await expandArgument(arg, pattern);
    } catch (err) {
      const input: InputFile = { argument: arg, path: arg, relative: basename(arg), stdin: false };
      yield { input, parsed: engine.fileError(arg, readFailure(err)), argIndex };
      continue;
    }
    const bar = arg === "-" || argIndex < quietArgs ? undefined : new ProgressBar("Parsing Sigma rules", inputs.length);
    try {
      for (const input of inputs) {
        yield { input, parsed: await parseInput(engine, input, limits), argIndex };
        bar?.advance();
      }
    } finally {
      // also when the caller stops early (a streamed run that falls back)
      bar?.finish();
    }
  }
}

/** {@link eachInput}, collected. */
export async function loadInputs(
  engine: Pick<Engine, "parseFile" | "fileError">,
  args: readonly string[],
  pattern: string,
  limits?: Readonly<Record<string, number>>,
  quietArgs = 0,
): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for await (const { input, parsed } of eachInput(engine, args, pattern, limits, quietArgs)) out.push({ input, parsed });
  return out;
}
