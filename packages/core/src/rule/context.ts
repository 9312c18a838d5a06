/**
 * What rule parsing needs to know besides the data: where nodes are, the source path, and whether
 * errors are thrown or collected.
 */
import { isSigmaError } from "../errors.js";
import type { SigmaError, SourceLocation } from "../errors.js";
import { resolveLimits } from "../limits.js";
import type { SigmaLimits } from "../limits.js";
import { ValueBudget } from "../value-budget.js";
import type { YamlLocations } from "../yaml/locations.js";

/** Options shared by the document parsers. */
export interface DocumentParseOptions {
  /** Node locations from {@link loadYaml}; without them errors carry only the document location. */
  readonly locations?: YamlLocations;
  /** Source path, put on every location. */
  readonly path?: string;
  /** Where the document starts. */
  readonly location?: SourceLocation;
  /** 0-based index of the document in its source. */
  readonly documentIndex?: number;
  /** Accumulate errors on the parsed document's `errors` instead of throwing the first one. */
  readonly collectErrors?: boolean;
  /** Overrides of the default limits (kept on the rule's `source`, so that processing applies them too). */
  readonly limits?: Partial<SigmaLimits>;
  /** The count of values against `limits.maxValues`, shared by the documents of one source. */
  readonly valueBudget?: ValueBudget;
}

/** Parsing state of one document. */
export class ParseContext {
  readonly errors: SigmaError[] = [];
  readonly collectErrors: boolean;
  readonly locations: YamlLocations | undefined;
  readonly documentLocation: SourceLocation | undefined;
  /** Detection values read so far, against `limits.maxValues`. */
  readonly budget: ValueBudget;

  constructor(readonly options: DocumentParseOptions) {
    this.collectErrors = options.collectErrors === true;
    this.budget = options.valueBudget ?? new ValueBudget(resolveLimits(options.limits).maxValues, "this document");
    this.locations = options.locations;
    this.documentLocation =
      options.location ?? (options.path !== undefined ? { path: options.path } : undefined);
  }

  /** Throws the error, or records it when errors are collected. */
  report(error: SigmaError, location?: SourceLocation): void {
    error.locate(location ?? this.documentLocation);
    if (this.options.path !== undefined && error.location?.path === undefined) error.withPath(this.options.path);
    if (!this.collectErrors) throw error;
    this.errors.push(error);
  }

  /** Runs `parse`; an error it throws is reported and `fallback` returned. */
  attempt<T>(parse: () => T, fallback: T, location?: SourceLocation): T {
    if (!this.collectErrors) return parse();
    try {
      return parse();
    } catch (error) {
      if (!isSigmaError(error)) throw error;
      this.report(error, location);
      return fallback;
    }
  }

  /** Location of a key of a mapping. */
  keyAt(mapping: unknown, key: string): SourceLocation | undefined {
    return this.withPath(this.locations?.key(mapping, key)) ?? this.documentLocation;
  }

  /** Location of the value of a key of a mapping. */
  valueAt(mapping: unknown, key: string): SourceLocation | undefined {
    return this.withPath(this.locations?.value(mapping, key)) ?? this.documentLocation;
  }

  /** Location of a mapping or sequence. */
  nodeAt(node: unknown): SourceLocation | undefined {
    return this.withPath(this.locations?.of(node)) ?? this.documentLocation;
  }

  /** Location of an element of a sequence. */
  itemAt(sequence: unknown, index: number): SourceLocation | undefined {
    return this.withPath(this.locations?.item(sequence, index)) ?? this.documentLocation;
  }

  /** Whether the key of a mapping was a YAML null. */
  isNullKey(mapping: unknown, key: string): boolean {
    return this.locations?.isNullKey(mapping, key) ?? false;
  }

  private withPath(location: SourceLocation | undefined): SourceLocation | undefined {
    if (!location || this.options.path === undefined || location.path !== undefined) return location;
    return { ...location, path: this.options.path };
  }
}

/** A plain YAML mapping. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A YAML scalar as js-yaml gives it. */
export function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
