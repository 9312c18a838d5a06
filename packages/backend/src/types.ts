/**
 * The backend contract: what a backend declares (formats, options, correlation methods, its own
 * pipelines) and the hooks the {@link convert} orchestration calls. A backend is a plain object;
 * everything that changes during one conversion lives in the context objects passed to the hooks,
 * so one backend instance can serve several conversions at the same time.
 */
import type { SigmaCorrelationRule, SigmaDocument, SigmaError, SigmaRule } from "@sigma/core";
import type { PipelineState, ProcessingPipeline, ProcessingPlugin } from "./processing.js";
import type { DeferredParts } from "./deferred.js";

/** A backend option value after coercion. */
export type BackendOptionValue = boolean | string | number;

/** The type name of an option value. */
export type BackendOptionTypeName<T extends BackendOptionValue> = T extends boolean
  ? "boolean"
  : T extends number
    ? "number"
    : "string";

/**
 * Declares one backend option (sigma-cli `-O key=value`). String input is coerced to the declared
 * type: booleans from `true`/`false` (any case), numbers from decimal text.
 */
export interface BackendOptionSpec<T extends BackendOptionValue = BackendOptionValue> {
  readonly type: BackendOptionTypeName<T>;
  readonly default: T;
  readonly description: string;
}

/** Resolved option values of a backend, by option name. */
export type BackendOptionValues = Record<string, BackendOptionValue>;

/**
 * Option values as a caller gives them: for a backend with declared options, only those names,
 * each as its type or as a string to coerce (`-O key=value`), so a misspelt name does not compile;
 * for a backend whose options are not known statically, any record.
 */
export type BackendOptionInput<O extends BackendOptionValues = BackendOptionValues> = string extends keyof O
  ? Readonly<Record<string, unknown>>
  : { readonly [K in keyof O]?: O[K] | string };

/** The option declarations matching a set of option values. */
export type BackendOptionSpecs<O extends BackendOptionValues> = {
  readonly [K in keyof O]: BackendOptionSpec<O[K]>;
};

/** A detection rule or a correlation rule: the documents that are converted. */
export type ConvertibleRule = SigmaRule | SigmaCorrelationRule;

/**
 * What is shared by every rule of one conversion run. Created once per {@link convert} call.
 */
export interface ConversionContext<O extends BackendOptionValues = BackendOptionValues> {
  readonly backend: Backend<O>;
  /** The selected output format (validated). */
  readonly format: string;
  /** The selected correlation method (validated; empty when the backend has none). */
  readonly correlationMethod: string;
  /** Option values after defaults and coercion. */
  readonly options: Readonly<O>;
  /** Backend + user + output-format pipeline, merged (§3.5). */
  readonly pipeline: ProcessingPipeline;
  /**
   * Next value of a named counter that lives as long as the conversion run (for generated
   * names such as Loki's `match_N`). Starts at 0.
   */
  nextId(counter: string): number;
}

/** Context of one rule: the conversion context plus what applying the pipeline left behind. */
export interface RuleContext<O extends BackendOptionValues = BackendOptionValues>
  extends ConversionContext<O> {
  /** The rule as processed by the pipeline (the rule the hook also receives). */
  readonly rule: ConvertibleRule;
  /** Copy of the pipeline's `set_state` store after the pipeline was applied to this rule. */
  readonly processingState: Readonly<Record<string, unknown>>;
  /** Everything the pipeline recorded for this rule (applied items, field mappings, vars). */
  readonly pipelineState: PipelineState;
  /**
   * Records a warning about this rule: the conversion goes on, and the warning is reported with
   * the rule's result (e.g. a long query that could not be split as asked).
   */
  warn(message: string): void;
}

/** Context of one query (one condition of a rule), holding its deferred parts (§4.4). */
export interface QueryContext<O extends BackendOptionValues = BackendOptionValues, D = unknown>
  extends RuleContext<O> {
  /** 0-based index of the condition in the rule's condition list. */
  readonly conditionIndex: number;
  /** Query parts rendered after the main expression. */
  readonly deferred: DeferredParts<D>;
}

/** The queries of one rule referenced by a correlation rule, as handed to the correlation hook. */
export interface ReferencedRuleQueries {
  readonly rule: ConvertibleRule;
  /** One per condition, prepared by {@link Backend.finalizeCorrelationSubquery}. */
  readonly queries: readonly string[];
}

/**
 * A backend: declarations plus conversion hooks. Hooks receive already-processed rules; they
 * throw a {@link SigmaError} (e.g. `SigmaFeatureNotSupportedByBackendError`) for what they cannot
 * convert, and the orchestrator records it against the rule.
 *
 * @typeParam O - the backend's option values
 */
export interface Backend<O extends BackendOptionValues = BackendOptionValues> {
  /** Human-readable name, e.g. "Grafana Loki". */
  readonly name: string;
  /** Target identifier used on the command line, e.g. "loki". */
  readonly identifier: string;
  /** Output formats: name → description. */
  readonly formats: Readonly<Record<string, string>>;
  readonly defaultFormat: string;
  /** Declared options; unknown options are rejected. */
  readonly options: BackendOptionSpecs<O>;
  /** Correlation methods: name → description. Empty when correlations are not supported. */
  readonly correlationMethods: Readonly<Record<string, string>>;
  readonly defaultCorrelationMethod?: string;
  /** Whether a user pipeline is mandatory (sigma-cli refuses to convert without one). */
  readonly requiresPipeline?: boolean;
  /** Applied before the user pipelines. */
  readonly processingPipeline?: ProcessingPipeline;
  /** Applied after the user pipelines, per output format. */
  readonly outputFormatPipelines?: Readonly<Record<string, ProcessingPipeline>>;
  /**
   * Whether pipeline vars get `backend_<option>` entries (pySigma base behaviour). The Loki
   * reference does not pass its options to the base class, so it sets this to false.
   */
  readonly optionsAsPipelineVars?: boolean;
  /**
   * Convert in pySigma 1.5's order instead of each correlation's references first: the rules that
   * correlations reference, in input order, then the others; a correlation whose references are
   * not converted yet fails ("Conversion result not available", as for a nested correlation
   * written before its rules). Only for reproducing the reference's outputs in conformance checks.
   */
  readonly referenceRuleOrder?: boolean;

  /**
   * Escapes and quotes a field name the way the query language writes it (pySigma's
   * `escape_and_quote_field`); `sigma analyze fields` lists field names through it. Default: the
   * name as it is.
   */
  quoteField?(field: string): string;

  /**
   * Converts a processed detection rule: one query per condition (a backend may return more, e.g.
   * when it splits long queries). Queries are the backend's text before finalisation.
   */
  convertRule(rule: SigmaRule, ctx: RuleContext<O>): readonly string[];

  /**
   * Converts a processed correlation rule given the queries of the rules it references (in the
   * order of `rule.rules`). Not needed when `correlationMethods` is empty.
   */
  convertCorrelationRule?(
    rule: SigmaCorrelationRule,
    ctx: RuleContext<O>,
    referenced: readonly ReferencedRuleQueries[],
  ): readonly string[];

  /**
   * Turns a query of a rule referenced by a correlation into the search the correlation embeds
   * (e.g. Loki adds stream selector and parser). Default: the query unchanged. Independent of the
   * output format, so correlations work in every format.
   */
  finalizeCorrelationSubquery?(rule: SigmaRule, query: string, index: number, ctx: RuleContext<O>): string;

  /**
   * Finalises one query for the output format (`finalize_query_<fmt>`); postprocessing runs after
   * it. Default: the query unchanged.
   */
  finalizeQuery?(rule: ConvertibleRule, query: string, index: number, ctx: RuleContext<O>): unknown;

  /**
   * Finalises all queries of the run for the output format (`finalize_output_<fmt>`); pipeline
   * finalizers run after it. Default: the list of queries.
   */
  finalizeOutput?(queries: readonly unknown[], ctx: ConversionContext<O>): unknown;
}

/** Any backend, whatever its option types. */
// Method syntax in Backend keeps hook parameters bivariant, so every Backend<O> is assignable here.
export type AnyBackend = Backend<BackendOptionValues>;

/** A plugin: processing contributions plus backends, the default export of its package. */
export interface BackendPlugin extends ProcessingPlugin {
  /** Backend factories by identifier. */
  readonly backends?: Readonly<Record<string, () => AnyBackend>>;
}

/** Input of a conversion: documents as parsed (filters are skipped), or a collection holding them. */
export type ConvertInput = Iterable<SigmaDocument> | { readonly rules: Iterable<SigmaDocument> };

/** Options of {@link convert}. */
export interface ConvertOptions<O extends BackendOptionValues = BackendOptionValues> {
  /** Output format; the backend's default when omitted. */
  readonly format?: string;
  /** Correlation method; the backend's default when omitted. */
  readonly correlationMethod?: string;
  /** User pipelines, already resolved and in application order (sorted by priority). */
  readonly pipelines?: readonly ProcessingPipeline[];
  /** Backend options: values as typed or strings to coerce (`-O key=value`). */
  readonly options?: BackendOptionInput<O>;
  /**
   * Collect per-rule errors and continue (default true). When false the first rule error is
   * thrown.
   */
  readonly collectErrors?: boolean;
}

/** The result of converting one rule. */
export interface RuleConversionResult {
  /** The rule as given (before processing). */
  readonly rule: ConvertibleRule;
  /** Finalised queries (after `finalizeQuery` and postprocessing); empty on error. */
  readonly queries: readonly unknown[];
  /** Errors of this rule, located (path/line/column) where known. */
  readonly errors: readonly SigmaError[];
  /** Warnings of this rule (see {@link RuleContext.warn}), in the order they were given. */
  readonly warnings: readonly string[];
  /**
   * True for a rule that is only referenced by correlation rules (`generate: false`): it was
   * converted for the correlation but emits no query of its own.
   */
  readonly referencedOnly: boolean;
}

/** The result of {@link convert}. */
export interface ConversionOutput {
  /** One entry per converted rule, referenced rules before the correlations using them. */
  readonly results: readonly RuleConversionResult[];
  /** `finalizeOutput` + pipeline finalizers over all queries of all rules. */
  readonly output: unknown;
  /** Every rule error of the run, in result order. */
  readonly errors: readonly SigmaError[];
}
