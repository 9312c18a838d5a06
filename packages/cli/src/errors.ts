/**
 * The two ways a command ends early: a usage error (exit 2, usage header first, as click prints it)
 * and a command failure (exit 1, `Error: …`).
 */

/** Usage lines per command path, as shown in `Usage: sigma <path> <usage>`. */
const USAGE: Record<string, string> = {
  "": "[OPTIONS] COMMAND [ARGS]...",
  convert: "[OPTIONS] INPUT...",
  check: "[OPTIONS] INPUT...",
  list: "[OPTIONS] COMMAND [ARGS]...",
  "list targets": "[OPTIONS]",
  "list formats": "[OPTIONS] {BACKENDS}",
  "list correlation-methods": "[OPTIONS] {BACKENDS}",
  "list pipelines": "[OPTIONS] [[BACKENDS]]",
  "list modifiers": "[OPTIONS]",
  "list transformations": "[OPTIONS]",
  "list conditions": "[OPTIONS]",
  "list validators": "[OPTIONS]",
  version: "[OPTIONS]",
  analyze: "[OPTIONS] COMMAND [ARGS]...",
  "analyze attack": "[OPTIONS] {count|max|level} OUTPUT INPUT...",
  "analyze logsource": "[OPTIONS] OUTPUT INPUT...",
  "analyze fields": "[OPTIONS] INPUT...",
};

/** Usage line of a command, e.g. `sigma convert [OPTIONS] INPUT...`. */
export function usageLine(commandPath: string, backends: readonly string[] = ["loki"]): string {
  const usage = (USAGE[commandPath] ?? "[OPTIONS]").replace("BACKENDS", backends.join("|"));
  return `Usage: sigma${commandPath ? " " + commandPath : ""} ${usage}`;
}

/** A wrong command line, or a run-time refusal that click reports as one. Exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    /** Command path, e.g. `convert` or `list formats`. */
    readonly commandPath: string,
  ) {
    super(message);
  }
}

/** A command that ran and failed. Printed as `Error: <message>`, exit code 1. */
export class CommandError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Renders a usage error the way click does. */
export function formatUsageError(err: UsageError): string {
  const path = err.commandPath;
  return (
    `${usageLine(path)}\n` +
    `Try 'sigma${path ? " " + path : ""} --help' for help.\n\n` +
    `Error: ${err.message}\n`
  );
}

/** The system's words for the errors of reading and writing files (Node's messages are terser). */
const OS_REASONS: Readonly<Record<string, string>> = {
  EISDIR: "Is a directory",
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EROFS: "Read-only file system",
  ENOTDIR: "Not a directory",
  EEXIST: "File exists",
  ENOSPC: "No space left on device",
  EFBIG: "File too large",
  EDQUOT: "Disk quota exceeded",
  ENAMETOOLONG: "File name too long",
  ENXIO: "No such device or address",
  EPIPE: "Broken pipe",
  ELOOP: "Too many levels of symbolic links",
  EIO: "Input/output error",
};

/** Why a file operation failed, in the system's words where the error code is known. */
export function osReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && OS_REASONS[code]) || (err instanceof Error ? err.message : String(err));
}
