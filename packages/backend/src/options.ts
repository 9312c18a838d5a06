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
 * are accepted for every type: `true`/`false` (any case, surrounding blanks ignored) for booleans,
 * decimal numbers (`_` between digits allowed, as Python's int()) for numbers; numbers given for a
 * string option become their decimal text.
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

/** Coerces one option value to its declared type (see {@link resolveBackendOptions}). */
export function coerceOption(
  backend: { readonly identifier: string },
  key: string,
  spec: BackendOptionSpec,
  value: unknown,
): BackendOptionValue {
  const bad = (expected: string): SigmaBackendError =>
    new SigmaBackendError(
      `Option '${key}' of backend '${backend.identifier}' expects ${expected}, got ${describe(value)}.`,
    );
  if (Array.isArray(value)) {
    throw new SigmaBackendError(
      `Option '${key}' of backend '${backend.identifier}' was given ${value.length} times; give it once.`,
    );
  }
  switch (spec.type) {
    case "boolean": {
      if (typeof value === "boolean") return value;
      if (typeof value === "string") {
        const v = value.trim().toLowerCase();
        if (v === "true") return true;
        if (v === "false") return false;
      }
      throw bad("true or false");
    }
    case "number": {
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string" && /^\s*[+-]?\d+(?:_\d+)*(?:\.\d+)?\s*$/.test(value)) {
        return Number(value.replace(/_/g, "").trim());
      }
      throw bad("a number");
    }
    case "string": {
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      throw bad("a string");
    }
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
