/**
 * The one module that calls into the library packages (@sigma/core, @sigma/processing,
 * @sigma/backend, @sigma/loki-backend). Everything else in the CLI talks to the {@link Engine}
 * interface below, so adapting to a library change touches this file only.
 */
import type { LogSource, SigmaCollection, SigmaDocument, SigmaError, SigmaFilter } from "@sigma/core";
import type { AnyBackend, ConversionSession, ConvertOptions, ConvertibleRule, RuleConversionResult } from "@sigma/backend";
import type { OptionType } from "./backend-options.js";

export type {
  LogSource,
  SigmaCollection,
  SigmaDocument,
  SigmaError,
  SigmaFilter,
  AnyBackend,
  ConversionSession,
  ConvertibleRule,
  RuleConversionResult,
};

/** What decides whether a filter applies to a rule, kept after the rule itself was dropped. */
export interface FilterTarget {
  readonly logsource: LogSource;
  readonly id?: string | undefined;
  readonly name?: string | undefined;
}

/** A conversion target (backend) as listed by `sigma list targets`. */
export interface TargetInfo {
  readonly id: string;
  readonly name: string;
  readonly requiresPipeline: boolean;
  /** Name of the plugin that provides it. */
  readonly plugin: string;
  readonly formats: Readonly<Record<string, string>>;
  readonly correlationMethods: Readonly<Record<string, string>>;
  readonly optionTypes: Readonly<Record<string, OptionType>>;
}

/** A registered (named) processing pipeline. */
export interface PipelineInfo {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  /** Empty: every backend. */
  readonly allowedBackends: readonly string[];
  readonly plugin: string;
}

/** A name and its description, for the reference tables of `sigma list`. */
export interface Described {
  readonly name: string;
  readonly description: string;
}

/** A processing condition type with its kind. */
export interface ConditionInfo extends Described {
  readonly kind: "Rule" | "Detection Item" | "Field Name";
}

/** What parsing one file gave: its documents (references not yet resolved) and the errors found. */
export interface ParsedFile {
  readonly collection: SigmaCollection;
  /** File-level errors (YAML syntax, unknown actions) and every rule's and filter's own errors. */
  readonly errors: readonly SigmaError[];
}

/** A pipeline that could not be resolved. */
export class PipelineResolutionError extends Error {
  constructor(
    readonly kind: "not-found" | "not-allowed",
    readonly spec: string,
  ) {
    super(`${kind}: ${spec}`);
  }
}

/** A resolved processing pipeline (opaque to the CLI). */
export type ResolvedPipeline = NonNullable<ConvertOptions["pipelines"]>[number];

/** Options of a conversion run. */
export interface ConversionSettings {
  readonly format: string;
  readonly correlationMethod?: string | undefined;
  readonly pipelines: readonly ResolvedPipeline[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** Everything the CLI needs from the libraries, with plugins loaded. */
export interface Engine {
  readonly targets: readonly TargetInfo[];
  readonly pipelines: readonly PipelineInfo[];
  /** Names of the loaded plugins, with where they came from. */
  readonly plugins: readonly { readonly name: string; readonly source: string }[];
  createBackend(target: string): AnyBackend;
  /** Parses one file (multi-document YAML) leniently, within the YAML limits (defaults overridden by `limits`). */
  parseFile(bytes: Uint8Array, path: string, limits?: Readonly<Record<string, number>>): ParsedFile;
  /**
   * A file that could not be read at all (vanished, unreadable, over the byte limit): one error
   * located at the path (a SigmaLimitError for `kind` "limit").
   */
  fileError(path: string, message: string, kind?: "limit"): ParsedFile;
  /** The default YAML limits, by name (overridable with `--limit name=value`). */
  readonly yamlLimits: Readonly<Record<string, number>>;
  /**
   * Joins parsed files, resolves correlation references and applies filters (once each). Returns
   * the rules without errors, and the errors that resolving found (missing references).
   */
  buildCollection(parts: readonly SigmaCollection[]): { rules: ConvertibleRule[]; errors: SigmaError[] };
  /**
   * Applies the filters (in the order given, each once per rule) to the rules and resolves the
   * correlation references among the rules, as {@link buildCollection} does. Returns, per rule,
   * the errors this added (a reference to a rule that is not among them).
   */
  link(rules: readonly ConvertibleRule[], filters: readonly SigmaFilter[]): ReadonlyMap<ConvertibleRule, readonly SigmaError[]>;
  /** Whether a filter applies to a rule (log source and rule names), as {@link link} decides it. */
  filterApplies(filter: SigmaFilter, rule: FilterTarget): boolean;
  /**
   * The exception that is not a Sigma error behind a rule error (a backend bug such as a
   * TypeError, which the conversion wrapped to locate it), or undefined for a Sigma error.
   */
  internalCause(error: SigmaError): Error | undefined;
  /**
   * Resolves `-p` specs (names, files, directories) in priority order. `target` undefined turns the
   * allowed-backends check off.
   * @throws PipelineResolutionError
   */
  resolvePipelines(specs: readonly string[], target: string | undefined): Promise<ResolvedPipeline[]>;
  /** Starts a conversion run (throws a SigmaError for a bad format, method or option). */
  startConversion(backend: AnyBackend, settings: ConversionSettings): ConversionSession;
  modifiers(): Described[];
  transformations(): Described[];
  conditions(): ConditionInfo[];
}

/** Loads the libraries, the bundled Loki plugin, discovered plugins and the `--plugin` modules. */
export async function loadEngine(explicitPlugins: readonly string[] = [], options: { allowExternalSources?: boolean } = {}): Promise<Engine> {
  const { createEngine } = await import("./engine-impl.js");
  return createEngine(explicitPlugins, options.allowExternalSources === true);
}
