/**
 * Typed access to the parameters of a processing item, postprocessing item, finalizer or
 * condition. Every accessor validates and throws a {@link SigmaConfigurationError} naming the
 * parameter, its type name and the item's location.
 */
import { SigmaConfigurationError } from "@sigma/core";
import type { SourceLocation } from "@sigma/core";

/** Reads the parameters of one item (keys other than `type`, `id` and the condition keys). */
export class Params {
  constructor(
    /** The parameters as written. */
    readonly raw: Readonly<Record<string, unknown>>,
    /** The item's YAML `type`. */
    readonly type: string,
    readonly location?: SourceLocation,
    /** Where each parameter's value is written, when known (YAML pipelines). */
    private readonly valueLocation?: (key: string) => SourceLocation | undefined,
    /** The `id` the pipeline gives the processing item, when it gives one (named in errors). */
    readonly itemId?: string,
  ) {}

  /** Where parameter `key` is written (falls back to the item's location). */
  locationOf(key: string): SourceLocation | undefined {
    return this.valueLocation?.(key) ?? this.location;
  }

  /** An error about parameter `key`, located at its value when known. */
  error(key: string, what: string): SigmaConfigurationError {
    const item = this.itemId !== undefined ? ` (processing item '${this.itemId}')` : "";
    return new SigmaConfigurationError(`Parameter '${key}' of '${this.type}'${item} ${what}`, this.locationOf(key));
  }

  /** True if the parameter is given (and not null). */
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  /** The parameter as written (undefined if absent). */
  value(key: string): unknown {
    return this.raw[key];
  }

  /** A required value of any type. */
  required(key: string): unknown {
    if (!(key in this.raw) || this.raw[key] === undefined) throw this.error(key, "is required");
    return this.raw[key];
  }

  /** A string; `fallback` makes it optional. */
  string(key: string, fallback?: string): string {
    const v = this.raw[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw this.error(key, "is required");
    }
    if (typeof v !== "string") throw this.error(key, "must be a string");
    return v;
  }

  /** An optional string. */
  optionalString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** A boolean with a default. */
  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") throw this.error(key, "must be a boolean");
    return v;
  }

  /** An optional number. */
  optionalNumber(key: string): number | undefined {
    const v = this.raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number") throw this.error(key, "must be a number");
    return v;
  }

  /** One of the listed strings. */
  choice<T extends string>(key: string, choices: readonly T[], fallback?: T): T {
    const v = this.string(key, fallback);
    if (!(choices as readonly string[]).includes(v)) {
      throw this.error(key, `must be one of ${choices.join(", ")} (got '${v}')`);
    }
    return v as T;
  }

  /** A string or a list of strings, as a list. */
  stringList(key: string, fallback?: readonly string[]): string[] {
    const v = this.raw[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return [...fallback];
      throw this.error(key, "is required");
    }
    const list = Array.isArray(v) ? v : [v];
    if (!list.every((x) => typeof x === "string")) throw this.error(key, "must be a string or a list of strings");
    return list as string[];
  }

  /** An optional string list. */
  optionalStringList(key: string): string[] | undefined {
    return this.has(key) ? this.stringList(key) : undefined;
  }

  /** A mapping. */
  map(key: string, fallback?: Record<string, unknown>): Record<string, unknown> {
    const v = this.raw[key];
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw this.error(key, "is required");
    }
    if (typeof v !== "object" || Array.isArray(v)) throw this.error(key, "must be a mapping");
    return v as Record<string, unknown>;
  }

  /** A mapping from strings to a string or a list of strings. */
  stringMapping(key: string): Map<string, string | string[]> {
    const out = new Map<string, string | string[]>();
    for (const [k, v] of Object.entries(this.map(key))) {
      if (typeof v === "string") out.set(k, v);
      else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out.set(k, v as string[]);
      else throw this.error(key, `must map to strings or lists of strings (key '${k}')`);
    }
    return out;
  }
}
