/**
 * Loading rule files for `convert` and `check`: every argument expanded to files (with one
 * "Parsing Sigma rules" progress bar per argument, none for stdin), every file read within the
 * byte limit and parsed on its own.
 */
import type { Engine, ParsedFile } from "./engine.js";
import { osReason } from "./errors.js";
import { InputTooLargeError, expandArgument, readInput } from "./inputs.js";
import type { FileIdentity, InputFile } from "./inputs.js";
import { ProgressBar } from "./progress.js";
import { basename } from "node:path";

/** One input file and what parsing it gave. */
export interface LoadedFile {
  readonly input: InputFile;
  readonly parsed: ParsedFile;
}

/** The part of the engine that loading uses. */
export type LoadingEngine = Pick<Engine, "parseFile" | "fileError" | "yamlLimits">;

/** Why a file (or directory) could not be read, in words, with the OS error code in parentheses. */
export function readFailure(err: unknown, what: "file" | "directory" = "file"): string {
  const code = (err as NodeJS.ErrnoException).code;
  // A listed file that is missing when it is read was there moments before.
  const reason = code === "ENOENT" ? "No such file or directory (it vanished during the run?)" : osReason(err);
  return `Could not read the ${what}: ${reason}${code ? ` (${code})` : ""}`;
}

/** The byte limit of one input: `maxFileSize`, from `--limit` or the default. */
export function inputByteLimit(engine: Pick<Engine, "yamlLimits">, limits?: Readonly<Record<string, number>>): number {
  return limits?.["maxFileSize"] ?? engine.yamlLimits["maxFileSize"] ?? Number.MAX_SAFE_INTEGER;
}

/** The located error of an input over the byte limit, naming the limit and how to raise it. */
function tooLarge(engine: LoadingEngine, path: string, err: InputTooLargeError): ParsedFile {
  const size = err.size === undefined ? "is longer than" : `is ${err.size} bytes long, more than`;
  return engine.fileError(
    path,
    `The input ${size} the limit of ${err.limit} bytes (maxFileSize); split it or raise the limit with --limit maxFileSize=<bytes>`,
    "limit",
  );
}

/** A file's content read within the byte limit, or the error of its path. */
export type ReadOutcome =
  | { readonly bytes: Uint8Array; readonly identity: FileIdentity | undefined; readonly failed?: undefined }
  | { readonly failed: ParsedFile; readonly bytes?: undefined };

/** Reads one input within the byte limit; a failure becomes an error located at its path. */
export async function readWithin(engine: LoadingEngine, input: InputFile, maxBytes: number): Promise<ReadOutcome> {
  if (input.unlisted) return { failed: engine.fileError(input.path, readFailure(input.unlisted, "directory")) };
  try {
    return await readInput(input, maxBytes);
  } catch (err) {
    if (err instanceof InputTooLargeError) return { failed: tooLarge(engine, input.path, err) };
    return { failed: engine.fileError(input.path, readFailure(err)) };
  }
}

/** One input file, what parsing it gave, the argument it came from and what identifies its content. */
export interface LoadedInput extends LoadedFile {
  readonly argIndex: number;
  /** For a regular file: to check that a second read (for a correlation or filter) reads the same. */
  readonly identity: FileIdentity | undefined;
  /** The content, kept only when it cannot be read again (stdin, FIFOs, devices). */
  readonly unrepeatable: Uint8Array | undefined;
}

/** The files of one command-line argument, or why it could not be listed. */
export interface ExpandedArgument {
  readonly argument: string;
  readonly argIndex: number;
  readonly files: readonly InputFile[];
  readonly error?: unknown;
}

/**
 * Lists the files of every argument before any is read, so that output paths can be checked
 * against all of them first. An argument that cannot be listed is kept with its error.
 */
export function expandArguments(args: readonly string[], pattern: string): ExpandedArgument[] {
  return args.map((argument, argIndex) => {
    try {
      return { argument, argIndex, files: expandArgument(argument, pattern) };
    } catch (error) {
      return { argument, argIndex, files: [], error };
    }
  });
}

/**
 * Reads and parses the files of the given arguments, in order, one file at a time (so a caller
 * that drops each file after using it keeps nothing of it). An argument or file that cannot be
 * read becomes an error of that path; the other inputs are still read.
 */
export async function* eachInput(
  engine: LoadingEngine,
  expanded: readonly ExpandedArgument[],
  limits?: Readonly<Record<string, number>>,
): AsyncGenerator<LoadedInput, void, undefined> {
  const maxBytes = inputByteLimit(engine, limits);
  for (const { argument, argIndex, files, error } of expanded) {
    if (error !== undefined) {
      const input: InputFile = { argument, path: argument, relative: basename(argument), stdin: false };
      yield { input, parsed: engine.fileError(argument, readFailure(error)), argIndex, identity: undefined, unrepeatable: undefined };
      continue;
    }
    const bar = argument === "-" ? undefined : new ProgressBar("Parsing Sigma rules", files.length);
    try {
      for (const input of files) {
        const read = await readWithin(engine, input, maxBytes);
        if (read.failed) {
          yield { input, parsed: read.failed, argIndex, identity: undefined, unrepeatable: undefined };
        } else {
          const parsed = engine.parseFile(read.bytes, input.path, limits);
          const unrepeatable = read.identity === undefined ? read.bytes : undefined;
          yield { input, parsed, argIndex, identity: read.identity, unrepeatable };
        }
        bar?.advance();
      }
    } finally {
      // also when the caller stops early
      bar?.finish();
    }
  }
}

/** {@link eachInput} over the arguments as given, collected (for `check`). */
export async function loadInputs(
  engine: LoadingEngine,
  args: readonly string[],
  pattern: string,
  limits?: Readonly<Record<string, number>>,
): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for await (const { input, parsed } of eachInput(engine, expandArguments(args, pattern), limits)) out.push({ input, parsed });
  return out;
}
