/**
 * Backend options: defaults, unknown-option errors and coercion of command-line strings to the
 * declared types.
 */
import { SigmaBackendError } from "@sigma/core";
import type {
  AnyBackend,
  Backend,
  BackendOptionSpec,
  BackendOptionValue,
  BackendOptionValues,
} from "./types.js";

/**
 * Applies defaults and coerces given values to the declared types. Strings (as from `-O k=v`)
 * are accepted for every type and read as the CLI reads them ({@link coerceOptionText}):
 * `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off` (any case) for booleans, decimal numbers (`_`
 * between digits allowed, as Python's int(); a fraction too) for numbers; numbers and booleans
 * given for a string option become their text.
 *
 * @throws SigmaBackendError for an unknown option ("Parameter 'x' is not supported by backend
 *   'loki'.", the reference's text) or a value that does not fit the declared type.
 */
export function resolveBackendOptions<O extends BackendOptionValues>(
  backend: Backend<O>,
  given: Readonly<Record<string, unknown>> = {},
): O {
  const specs = backend.options as Readonly<Record<string, BackendOptionSpec>>;
  const out: Record<string, BackendOptionValue> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = spec.default;
  for (const [key, value] of Object.entries(given)) {
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      throw new SigmaBackendError(
        `Parameter '${key}' is not supported by backend '${backend.identifier}'.` +
          optionList(backend),
      );
    }
    if (value === undefined) continue;
    out[key] = coerceOption(backend, key, spec, value);
  }
  return out as O;
}

function optionList(backend: AnyBackend | Backend<never>): string {
  const names = Object.keys(backend.options);
  return names.length ? ` Supported options: ${names.join(", ")}.` : " The backend has no options.";
}

/** A backend option value after coercion of `-O key=value` text (a key given twice: a list). */
export type OptionTextValue = string | number | boolean | OptionTextValue[];

/** How an option value is read from text: a declared type, or `integer` (plugins' option types). */
export type OptionTextType = BackendOptionSpec["type"] | "integer";

/**
 * Python's `int()` on a string: surrounding whitespace, a sign, leading zeros, `_` between digits
 * and any Unicode decimal digits are accepted. Returns `undefined` when it is not an integer.
 */
export function pythonInt(text: string): number | undefined {
  const m = /^\s*([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)\s*$/u.exec(text);
  if (!m) return undefined;
  let digits = "";
  for (const ch of (m[2] ?? "").replace(/_/g, "")) {
    digits += ch >= "0" && ch <= "9" ? ch : String(unicodeDigitValue(ch.codePointAt(0) ?? 0));
  }
  const value = Number(digits);
  return m[1] === "-" ? -value : value;
}

function unicodeDigitValue(code: number): number {
  // Unicode decimal digits come in aligned runs of ten: walk back to the run's start.
  let start = code;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off", ""]);

/**
 * Reads an option value given as text (`-O key=value`, or a string in a library call): to the
 * declared type when known (booleans from true/false, 1/0, yes/no, on/off in any case; integers as
 * Python's `int()`; numbers also with a fraction), else sigma-cli's rule (an integer when it reads
 * as one, the text otherwise). The one reading the CLI and the library share.
 */
export function coerceOptionText(raw: string, type: OptionTextType | undefined): OptionTextValue | { readonly error: string } {
  switch (type) {
    case "string":
      return raw;
    case "boolean": {
      const v = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(v)) return true;
      if (FALSE_WORDS.has(v)) return false;
      return { error: `expects true or false, got '${raw}'` };
    }
    case "integer": {
      const n = pythonInt(raw);
      return n === undefined ? { error: `expects an integer, got '${raw}'` } : n;
    }
    case "number": {
      const n = pythonInt(raw) ?? (raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : undefined);
      return n === undefined ? { error: `expects a number, got '${raw}'` } : n;
    }
    default:
      return pythonInt(raw) ?? raw;
  }
}

/** Coerces one option value to its declared type (see {@link resolveBackendOptions}). */
export function coerceOption(
  backend: { readonly identifier: string },
  key: string,
  spec: BackendOptionSpec,
  value: unknown,
): BackendOptionValue {
  const fail = (expected: string): SigmaBackendError =>
    new SigmaBackendError(`Option '${key}' of backend '${backend.identifier}' ${expected}.`);
  if (Array.isArray(value)) {
    throw new SigmaBackendError(
      `Option '${key}' of backend '${backend.identifier}' was given ${value.length} times; give it once.`,
    );
  }
  if (typeof value === "string") {
    const coerced = coerceOptionText(value, spec.type);
    if (typeof coerced === "object" && !Array.isArray(coerced)) throw fail(coerced.error);
    return coerced as BackendOptionValue;
  }
  switch (spec.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      throw fail(`expects true or false, got ${describe(value)}`);
    case "number":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      throw fail(`expects a number, got ${describe(value)}`);
    case "string":
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw fail(`expects a string, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
