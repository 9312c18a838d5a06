/**
 * How errors are shown: `path:line:column: message`, the form editors and CI annotations
 * understand, and a JSON description for `--json`.
 */
import type { SigmaError } from "./engine.js";

let verbose = false;

/** With `--verbose`, error lines end with the error class, e.g. `(SigmaConditionError)`. */
export function setVerbose(on: boolean): void {
  verbose = on;
}

/** `path:line:column: message` (parts that are unknown are left out). */
export function errorLine(error: SigmaError, fallbackPath: string): string {
  const line = plainErrorLine(error, fallbackPath);
  return verbose ? `${line} (${error.name})` : line;
}

function plainErrorLine(error: SigmaError, fallbackPath: string): string {
  const loc = error.location;
  const parts: string[] = [];
  const path = loc?.path ?? fallbackPath;
  if (path) parts.push(path);
  if (loc?.line !== undefined) {
    parts.push(String(loc.line));
    if (loc.column !== undefined) parts.push(String(loc.column));
  }
  return parts.length ? `${parts.join(":")}: ${error.message}` : error.message;
}

/** The `error` member of a `--json` record. */
export function describeError(error: SigmaError): { type: string; message: string; line?: number; column?: number } {
  const out: { type: string; message: string; line?: number; column?: number } = {
    type: error.name,
    message: error.message,
  };
  if (error.location?.line !== undefined) out.line = error.location.line;
  if (error.location?.column !== undefined) out.column = error.location.column;
  return out;
}
