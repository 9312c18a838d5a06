/**
 * How errors are shown: `path:line:column: message`, the form editors and CI annotations
 * understand, and a JSON description for `--json`. Text from rules reaches the terminal only with
 * its control characters escaped.
 */
import type { ConvertibleRule, SigmaError } from "./engine.js";

let verbose = false;

/** With `--verbose`, error lines end with the error class, e.g. `(SigmaConditionError)`. */
export function setVerbose(on: boolean): void {
  verbose = on;
}

/** Whether `--verbose` was given. */
export function isVerbose(): boolean {
  return verbose;
}

/**
 * C0 and C1 controls, DEL, line and paragraph separators and the bidirectional controls: in an
 * error message they would move the cursor, change colours, start a new (forged) line or reorder
 * what is shown.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The text with every control character escaped visibly (`\x1b`, `\n`, `\u202e`). */
export function visible(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/** A place as known: path, line and column (parts that are unknown are left out). */
interface Place {
  readonly path?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** `path:line:column: text`, escaped (parts of the place that are unknown are left out). */
function placed(place: Place | undefined, fallbackPath: string, text: string): string {
  const parts: string[] = [];
  const path = place?.path ?? fallbackPath;
  if (path) parts.push(path);
  if (place?.line !== undefined) {
    parts.push(String(place.line));
    if (place.column !== undefined) parts.push(String(place.column));
  }
  return visible(parts.length ? `${parts.join(":")}: ${text}` : text);
}

/** `path:line:column: message` (with `--verbose`, the error class after it). */
export function errorLine(error: SigmaError, fallbackPath: string): string {
  const line = placed(error.location, fallbackPath, error.message);
  return verbose ? `${line} (${error.name})` : line;
}

/** A warning about a rule, where the rule is. */
export interface RuleWarning {
  readonly message: string;
  readonly place: Place | undefined;
}

/** The warnings of a converted rule, placed at the rule. */
export function ruleWarnings(rule: ConvertibleRule, messages: readonly string[]): RuleWarning[] {
  const source = rule.source;
  const place = source && { path: source.path, line: source.location?.line, column: source.location?.column };
  return messages.map((message) => ({ message, place }));
}

/** `path:line:column: warning: message`, as compilers print warnings. */
export function warningLine(warning: RuleWarning, fallbackPath: string): string {
  return placed(warning.place, fallbackPath, `warning: ${warning.message}`);
}

/** A JSON description of an error or warning: type (errors only), message, line, column. */
export interface Described {
  readonly type?: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

function withPlace(base: { type?: string; message: string }, place: Place | undefined): Described {
  const out: { type?: string; message: string; line?: number; column?: number } = { ...base };
  if (place?.line !== undefined) out.line = place.line;
  if (place?.column !== undefined) out.column = place.column;
  return out;
}

/** An error as `--json` shows it. */
export function describeError(error: SigmaError): Described {
  return withPlace({ type: error.name, message: error.message }, error.location);
}

/** A warning as `--json` shows it. */
export function describeWarning(warning: RuleWarning): Described {
  return withPlace({ message: warning.message }, warning.place);
}
