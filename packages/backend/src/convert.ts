/**
 * The conversion orchestration (§4.1): builds the merged pipeline, orders rules so that
 * correlation references come first, converts each rule through the backend hooks, finalises
 * queries and output, and records every rule error against its rule without stopping the run.
 */
import {
  SigmaBackendError,
  SigmaConversionError,
  SigmaError,
  SigmaFeatureNotSupportedByBackendError,
  formatLocation,
} from "@sigma/core";
import type { SigmaCorrelationRule, SigmaDocument, SigmaRule, SourceLocation } from "@sigma/core";
import { resolveBackendOptions } from "./options.js";
import { postprocess, processRule, runFinalizers, runPipeline } from "./processing.js";
import { PipelineState } from "@sigma/processing";
import type { ProcessingPipeline } from "./processing.js";
import type {
  Backend,
  BackendOptionValues,
  ConversionContext,
  ConversionOutput,
  ConvertInput,
  ConvertOptions,
  ConvertibleRule,
  ReferencedRuleQueries,
  RuleContext,
  RuleConversionResult,
} from "./types.js";

/**
 * One conversion run: validated format, options and merged pipeline, plus the queries of rules
 * converted so far (for correlations). Create with {@link createConversion}.
 */
export interface ConversionSession<O extends BackendOptionValues = BackendOptionValues> {
  /** The context shared by every rule of the run. */
  readonly context: ConversionContext<O>;
  /**
   * Converts documents one rule at a time (referenced rules first), yielding each rule's result
   * as soon as it is ready. Filters are skipped (they were applied when the collection was built).
   */
  convertEach(input: ConvertInput): Generator<RuleConversionResult, void, undefined>;
  /**
   * Output finalisation over the finalised queries of all results (`finalizeOutput` + finalizers).
   * Only `queries` is read, so a caller may keep just the queries of the rules it converted.
   */
  finalize(results: readonly Pick<RuleConversionResult, "queries">[]): unknown;
}

/**
 * Starts a conversion run.
 *
 * @throws SigmaBackendError for an unknown output format, correlation method or option (these
 *   are configuration errors, not rule errors).
 */
export function createConversion<O extends BackendOptionValues>(
  backend: Backend<O>,
  options: ConvertOptions<O> = {},
): ConversionSession<O> {
  const format = options.format ?? backend.defaultFormat;
  if (!Object.prototype.hasOwnProperty.call(backend.formats, format)) {
    throw new SigmaBackendError(
      `Unknown output format '${format}', must be one of: ${Object.keys(backend.formats).join(", ")}`,
    );
  }
  const correlationMethod = resolveCorrelationMethod(backend, options.correlationMethod);
  const optionValues = resolveBackendOptions(backend, options.options);
  const pipeline = buildPipeline(backend, format, optionValues, options.pipelines ?? []);
  const counters = new Map<string, number>();
  const context: ConversionContext<O> = {
    backend,
    format,
    correlationMethod,
    options: optionValues,
    pipeline,
    nextId(counter: string): number {
      const n = counters.get(counter) ?? 0;
      counters.set(counter, n + 1);
      return n;
    },
  };
  return new Session(context, options.collectErrors ?? true);
}

/** Converts every rule and finalises the output (see {@link createConversion} for the errors thrown). */
export function convert<O extends BackendOptionValues>(
  backend: Backend<O>,
  input: ConvertInput,
  options: ConvertOptions<O> = {},
): ConversionOutput {
  const session = createConversion(backend, options);
  const results = [...session.convertEach(input)];
  return {
    results,
    output: session.finalize(results),
    errors: results.flatMap((r) => r.errors),
  };
}

/**
 * Converts rule by rule, yielding each result as soon as it is ready (for streaming output). Use
 * {@link createConversion} directly when the finalised output is needed as well.
 */
export function convertEach<O extends BackendOptionValues>(
  backend: Backend<O>,
  input: ConvertInput,
  options: ConvertOptions<O> = {},
): Generator<RuleConversionResult, void, undefined> {
  return createConversion(backend, options).convertEach(input);
}

function resolveCorrelationMethod<O extends BackendOptionValues>(
  backend: Backend<O>,
  given: string | undefined,
): string {
  const methods = Object.keys(backend.correlationMethods);
  if (given === undefined) return backend.defaultCorrelationMethod ?? methods[0] ?? "";
  if (methods.length === 0) {
    throw new SigmaBackendError(
      `Backend '${backend.identifier}' does not support correlations but correlation method '${given}' was given.`,
    );
  }
  if (!methods.includes(given)) {
    throw new SigmaBackendError(
      `Correlation method '${given}' is not supported by backend '${backend.identifier}', must be one of: ${methods.join(", ")}`,
    );
  }
  return given;
}

/** Backend pipeline + user pipelines + output-format pipeline, with the backend vars (§3.5). */
function buildPipeline<O extends BackendOptionValues>(
  backend: Backend<O>,
  format: string,
  options: O,
  user: readonly ProcessingPipeline[],
): ProcessingPipeline {
  return runPipeline({
    backendPipeline: backend.processingPipeline,
    userPipelines: user,
    formatPipeline: backend.outputFormatPipelines?.[format],
    backend: backend.identifier,
    format,
    options: backend.optionsAsPipelineVars ?? true ? options : {},
  });
}

function inputDocuments(input: ConvertInput): SigmaDocument[] {
  const docs = Symbol.iterator in input ? input : input.rules;
  return [...docs];
}

/** What converting one rule produced, kept for the correlations that reference it. */
interface Converted<O extends BackendOptionValues> {
  readonly queries: readonly string[];
  readonly ctx: RuleContext<O>;
  readonly state: PipelineState;
  readonly errors: readonly SigmaError[];
  readonly warnings: readonly string[];
}

type Phase = "applying processing pipeline on" | "converting" | "finalizing query for";

class Session<O extends BackendOptionValues> implements ConversionSession<O> {
  // Weak maps: a long run (a stream of files) keeps nothing of the rules its caller dropped.
  readonly #converted = new WeakMap<ConvertibleRule, Converted<O>>();
  /** Original → processed rule, so that a correlation's copy refers to processed references. */
  readonly #processed = new WeakMap<ConvertibleRule, ConvertibleRule>();

  constructor(
    readonly context: ConversionContext<O>,
    private readonly collectErrors: boolean,
  ) {}

  *convertEach(input: ConvertInput): Generator<RuleConversionResult, void, undefined> {
    const { order, referencedOnly } = orderRules(inputDocuments(input), this.context.backend.referenceRuleOrder ?? false);
    for (const rule of order) {
      yield this.#result(rule, referencedOnly.has(rule));
    }
  }

  finalize(results: readonly Pick<RuleConversionResult, "queries">[]): unknown {
    const queries = results.flatMap((r) => r.queries);
    const { backend } = this.context;
    try {
      const output = backend.finalizeOutput ? backend.finalizeOutput(queries, this.context) : queries;
      return runFinalizers(this.context.pipeline, output);
    } catch (err) {
      if (err instanceof SigmaError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new SigmaConversionError(`${message} (while finalizing the output)`);
    }
  }

  #result(rule: ConvertibleRule, referencedOnly: boolean): RuleConversionResult {
    const converted = this.#convert(rule);
    const result = (queries: readonly unknown[], errors: readonly SigmaError[]): RuleConversionResult => ({
      rule,
      queries,
      errors,
      warnings: converted.warnings,
      referencedOnly,
    });
    if (converted.errors.length > 0 || referencedOnly) return result([], converted.errors);
    try {
      const { backend } = this.context;
      const processed = converted.ctx.rule;
      const finalized = converted.queries.map((query, index) => {
        const q = backend.finalizeQuery ? backend.finalizeQuery(processed, query, index, converted.ctx) : query;
        return postprocess(this.context.pipeline, processed, q, converted.state);
      });
      return result(finalized, []);
    } catch (err) {
      return result([], [this.#ruleError(rule, err, "finalizing query for")]);
    }
  }

  /** Converts a rule once (correlations reuse the queries of the rules they reference). */
  #convert(rule: ConvertibleRule): Converted<O> {
    const done = this.#converted.get(rule);
    if (done) return done;
    let phase: Phase = "applying processing pipeline on";
    let converted: Converted<O>;
    const warnings: string[] = [];
    try {
      if (rule.errors.length > 0) {
        // Errors found while reading the rule: it is not converted.
        if (!this.collectErrors) throw rule.errors[0];
        converted = this.#failed(rule, rule.errors, warnings);
      } else if (rule.kind === "rule") {
        const processed = processRule(this.context.pipeline, rule, this.#processed);
        const ctx = this.#ruleContext(processed.rule, processed.state, warnings);
        phase = "converting";
        const queries = this.context.backend.convertRule(processed.rule, ctx);
        converted = { queries, ctx, state: processed.state, errors: [], warnings };
      } else {
        phase = "converting";
        const referenced = this.#referencedQueries(rule);
        phase = "applying processing pipeline on";
        const processed = processRule(this.context.pipeline, rule, this.#processed);
        const ctx = this.#ruleContext(processed.rule, processed.state, warnings);
        phase = "converting";
        const queries = this.#convertCorrelation(processed.rule, ctx, referenced);
        converted = { queries, ctx, state: processed.state, errors: [], warnings };
      }
    } catch (err) {
      converted = this.#failed(rule, [this.#ruleError(rule, err, phase)], warnings);
    }
    this.#converted.set(rule, converted);
    if (converted.errors.length === 0) this.#processed.set(rule, converted.ctx.rule);
    return converted;
  }

  #convertCorrelation(
    rule: SigmaCorrelationRule,
    ctx: RuleContext<O>,
    referenced: readonly ReferencedRuleQueries[],
  ): readonly string[] {
    const { backend } = this.context;
    if (Object.keys(backend.correlationMethods).length === 0 || !backend.convertCorrelationRule) {
      throw new SigmaFeatureNotSupportedByBackendError("Backend does not support correlation rules.");
    }
    return backend.convertCorrelationRule(rule, ctx, referenced);
  }

  #referencedQueries(rule: SigmaCorrelationRule): ReferencedRuleQueries[] {
    const { backend } = this.context;
    return rule.rules.map((ref) => {
      if (this.context.backend.referenceRuleOrder && !this.#converted.has(ref)) {
        throw new SigmaConversionError(`Conversion result not available in rule '${ref.title}'`);
      }
      const converted = this.#convert(ref);
      const first = converted.errors[0];
      if (first) {
        throw new SigmaConversionError(
          `Rule '${ref.name ?? ref.id ?? ref.title}' referenced by the correlation could not be converted: ${first.toString()}`,
        );
      }
      const queries =
        ref.kind === "rule" && backend.finalizeCorrelationSubquery
          ? converted.queries.map((q, i) =>
              backend.finalizeCorrelationSubquery!(converted.ctx.rule as SigmaRule, q, i, converted.ctx),
            )
          : converted.queries;
      return { rule: converted.ctx.rule, queries };
    });
  }

  #ruleContext(rule: ConvertibleRule, state: PipelineState, warnings: string[]): RuleContext<O> {
    const c = this.context;
    // Listed rather than spread: one object shape for every rule, built without iterating keys.
    return {
      backend: c.backend,
      format: c.format,
      correlationMethod: c.correlationMethod,
      options: c.options,
      pipeline: c.pipeline,
      nextId: c.nextId,
      rule,
      processingState: { ...state.state },
      pipelineState: state,
      warn: (message: string) => void warnings.push(message),
    };
  }

  #failed(rule: ConvertibleRule, errors: readonly SigmaError[], warnings: readonly string[]): Converted<O> {
    const state = new PipelineState(this.context.pipeline.vars);
    return { queries: [], ctx: this.#ruleContext(rule, state, []), state, errors, warnings };
  }

  /** Locates a rule error; wraps anything that is not a SigmaError (never crash on one rule). */
  #ruleError(rule: ConvertibleRule, err: unknown, phase: Phase): SigmaError {
    const location = ruleLocation(rule);
    let error: SigmaError;
    if (err instanceof SigmaError) {
      error = err.locate(location);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      const where = formatLocation(location) || `'${rule.title}'`;
      error = new SigmaConversionError(`${message} (while ${phase} rule ${where})`, location);
      if (err instanceof Error) (error as { cause?: unknown }).cause = err;
    }
    if (!this.collectErrors) throw error;
    return error;
  }
}

/** Where a rule is: its document location with the source path. */
export function ruleLocation(rule: ConvertibleRule): SourceLocation | undefined {
  const source = rule.source;
  if (!source) return undefined;
  if (source.location) {
    return source.path !== undefined ? { ...source.location, path: source.path } : source.location;
  }
  return source.path !== undefined ? { path: source.path } : undefined;
}

/**
 * Orders rules so that each correlation's referenced rules come before it (otherwise input
 * order), and finds the rules that only serve correlations (`generate: false`). With
 * `referenceOrder`, pySigma's order: referenced rules first, each group in input order.
 */
export function orderRules(
  docs: readonly SigmaDocument[],
  referenceOrder = false,
): {
  order: ConvertibleRule[];
  referencedOnly: Set<ConvertibleRule>;
} {
  const order: ConvertibleRule[] = [];
  const seen = new Set<ConvertibleRule>();
  const referenced = new Set<ConvertibleRule>();
  const generated = new Set<ConvertibleRule>();
  const visit = (rule: ConvertibleRule, path: Set<ConvertibleRule>): void => {
    if (seen.has(rule) || path.has(rule)) return;
    if (rule.kind === "correlation") {
      path.add(rule);
      for (const ref of rule.rules) {
        referenced.add(ref);
        if (rule.generate) generated.add(ref);
        visit(ref, path);
      }
      path.delete(rule);
    }
    seen.add(rule);
    order.push(rule);
  };
  for (const doc of docs) if (doc.kind !== "filter") visit(doc, new Set());
  const referencedOnly = new Set([...referenced].filter((r) => !generated.has(r)));
  if (referenceOrder) {
    const inputOrder = docs.filter((d): d is ConvertibleRule => d.kind !== "filter");
    return {
      order: [...inputOrder.filter((r) => referenced.has(r)), ...inputOrder.filter((r) => !referenced.has(r))],
      referencedOnly,
    };
  }
  return { order, referencedOnly };
}
