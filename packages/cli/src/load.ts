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

/**
 * Expands and parses every argument, in command-line order. An argument or file that cannot be
 * read (vanished, unreadable) becomes an error of that path; the other inputs are still read.
 */
export async function loadInputs(
  engine: Pick<Engine, "parseFile" | "fileError">,
  args: readonly string[],
  pattern: string,
  limits?: Readonly<Record<string, number>>,
): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const arg of args) {
    let inputs: InputFile[];
    try {
      inputs = await expandArgument(arg, pattern);
    } catch (err) {
      const input: InputFile = { argument: arg, path: arg, relative: basename(arg), stdin: false };
      out.push({ input, parsed: engine.fileError(arg, readFailure(err)) });
      continue;
    }
    const bar = arg === "-" ? undefined : new ProgressBar("Parsing Sigma rules", inputs.length);
    for (const input of inputs) {
      let parsed: ParsedFile;
      try {
        parsed = engine.parseFile(await readInput(input), input.path, limits);
      } catch (err) {
        parsed = engine.fileError(input.path, readFailure(err));
      }
      out.push({ input, parsed });
      bar?.advance();
    }
    bar?.finish();
  }
  return out;
}
