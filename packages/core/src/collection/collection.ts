/**
 * Sigma collections: the documents of one or more YAML sources after collection actions
 * (`global`, `reset`, `repeat`), with correlation references resolved and filters applied.
 */
import { SigmaCollectionError, SigmaError, SigmaRuleNotFoundError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { SigmaCorrelationRule, SigmaDocument, SigmaFilter, SigmaRule } from "../model/rule.js";
import { referenceLocation } from "../rule/correlation.js";
import { documentKind, parseSigmaDocument } from "../rule/document.js";
import { resolveLimits } from "../limits.js";
import type { SigmaLimits } from "../limits.js";
import { ValueBudget } from "../value-budget.js";
import { loadYaml } from "../yaml/load.js";
import { applyFilter, filterTargets, logSourceMatches } from "./filters.js";
import { deepMerge, without } from "./merge.js";

/** A set of Sigma documents, ready for conversion. */
export interface SigmaCollection {
  /** Detection and correlation rules in source order (filters already applied). */
  readonly rules: Array<SigmaRule | SigmaCorrelationRule>;
  /** The filters that were read (already applied to `rules`). */
  readonly filters: SigmaFilter[];
  /**
   * Problems that stopped a whole source or document from being read (invalid YAML, limits,
   * unknown actions, and with `collectErrors` off, the first error of a rule). Errors of single
   * rules read with `collectErrors` are on the rules' own `errors`.
   */
  readonly errors: SigmaError[];
}

/** Options for reading collections. */
export interface CollectionOptions {
  /** Source name used in locations. */
  readonly path?: string;
  /** Accumulate rule errors on the rules instead of throwing the first one. */
  readonly collectErrors?: boolean;
  /** Overrides of the default limits (`DEFAULT_LIMITS`). */
  readonly limits?: Partial<SigmaLimits>;
  /** Resolve correlation references and apply filters (default true). */
  readonly resolve?: boolean;
}

/** Alias of {@link CollectionOptions} (the options of every rule-reading entry point). */
export type ParseOptions = CollectionOptions;

/** One named source for {@link loadCollection}. */
export interface CollectionSource {
  readonly path: string;
  readonly text: string | Uint8Array;
}

/**
 * Reads every document of one YAML source (a file with one rule, or a multi-document collection).
 * @throws SigmaError for sources that cannot be read (invalid UTF-8 or YAML, exceeded limits, no
 * document) and, unless `collectErrors`, for unknown actions, rule errors and correlation
 * references to missing rules.
 */
export function parseCollection(text: string | Uint8Array, options: CollectionOptions = {}): SigmaCollection {
  const collectErrors = options.collectErrors === true;
  const source = loadYaml(text, {
    ...(options.path !== undefined ? { path: options.path } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const { locations } = source;
  const valueBudget = new ValueBudget(resolveLimits(options.limits).maxValues, "this source");
  const documents: SigmaDocument[] = [];
  const errors: SigmaError[] = [];
  let globalData: Record<string, unknown> | undefined;
  let previous: Record<string, unknown> | undefined;

  for (const doc of source.documents) {
    const parse = (data: unknown): void => {
      documents.push(
        parseSigmaDocument(data, {
          locations,
          location: doc.location,
          documentIndex: doc.index,
          collectErrors,
          valueBudget,
          ...(options.path !== undefined ? { path: options.path } : {}),
          ...(options.limits ? { limits: options.limits } : {}),
        }),
      );
    };
    const data = doc.data;
    const action = isMapping(data) ? data["action"] : undefined;
    const actionAt: SourceLocation | undefined = isMapping(data) ? locations.value(data, "action") : undefined;
    try {
      if (action === undefined || action === null || !isMapping(data)) {
        if (isMapping(data) && documentKind(data) === "rule" && globalData) {
          const merged = deepMerge(data, globalData, locations);
          previous = isMapping(merged) ? merged : data;
          parse(merged);
        } else {
          if (isMapping(data) && documentKind(data) === "rule") previous = data;
          parse(data);
        }
      } else if (action === "global") {
        globalData = without(data, "action", locations);
      } else if (action === "reset") {
        globalData = undefined;
      } else if (action === "repeat") {
        if (!previous) {
          throw new SigmaCollectionError(
            `Sigma collection action 'repeat' in rule ${doc.index} has no previous rule to repeat`,
            actionAt ?? doc.location,
          );
        }
        const merged = deepMerge(previous, without(data, "action", locations), locations);
        previous = isMapping(merged) ? merged : previous;
        parse(merged);
      } else {
        throw new SigmaCollectionError(
          `Unknown Sigma collection action '${String(action)}' in rule ${doc.index}; use global, reset or repeat`,
          actionAt ?? doc.location,
        );
      }
    } catch (error) {
      if (!(error instanceof SigmaError)) throw error;
      // every error names its source, at least at the document
      error.locate(doc.location);
      if (options.path !== undefined && error.location?.path === undefined) error.withPath(options.path);
      if (!collectErrors) throw error;
      errors.push(error);
    }
  }

  const collection = fromDocuments(documents, errors);
  if (options.resolve !== false) resolveCollection(collection, { collectErrors });
  return collection;
}

/**
 * Reads several sources into one collection. A source that cannot be read adds its error (with
 * path, line and column) to `errors`; every other source is still read. References and filters are
 * resolved across all sources; a missing reference becomes an error of the correlation rule.
 */
export function loadCollection(sources: Iterable<CollectionSource>, options: Omit<CollectionOptions, "path"> = {}): SigmaCollection {
  const parts: SigmaCollection[] = [];
  const errors: SigmaError[] = [];
  for (const source of sources) {
    try {
      parts.push(parseCollection(source.text, { ...options, path: source.path, resolve: false }));
    } catch (error) {
      errors.push(asSigmaError(error, source.path));
    }
  }
  const collection = mergeCollections(parts, { resolve: false });
  collection.errors.unshift(...errors);
  if (options.resolve !== false) resolveCollection(collection, { collectErrors: true });
  return collection;
}

/**
 * Joins collections (in order) and resolves references and filters across them. Filters are
 * applied at most once per rule, so merging already resolved collections is safe.
 */
export function mergeCollections(
  collections: Iterable<SigmaCollection>,
  options: { readonly collectErrors?: boolean; readonly resolve?: boolean } = {},
): SigmaCollection {
  const merged: SigmaCollection = { rules: [], filters: [], errors: [] };
  for (const c of collections) {
    merged.rules.push(...c.rules);
    merged.filters.push(...c.filters);
    merged.errors.push(...c.errors);
  }
  if (options.resolve !== false) resolveCollection(merged, { collectErrors: options.collectErrors ?? true });
  return merged;
}

/** Filters already applied to a rule (so that resolving twice does not apply them twice). */
const appliedFilters = new WeakMap<SigmaRule, Set<SigmaFilter>>();

/**
 * Resolves correlation references (by id, then by name) and applies every filter to the rules it
 * targets. With `collectErrors` a missing reference is put on the correlation's `errors`,
 * otherwise it is thrown.
 * @throws SigmaRuleNotFoundError "Rule 'x' not found in rule collection"
 */
export function resolveCollection(collection: SigmaCollection, options: { readonly collectErrors?: boolean } = {}): void {
  const byId = new Map<string, SigmaRule | SigmaCorrelationRule>();
  const byName = new Map<string, SigmaRule | SigmaCorrelationRule>();
  for (const rule of collection.rules) {
    if (rule.id !== undefined && !byId.has(rule.id)) byId.set(rule.id, rule);
    if (rule.name !== undefined && !byName.has(rule.name)) byName.set(rule.name, rule);
  }
  for (const rule of collection.rules) {
    if (rule.kind !== "correlation") continue;
    const resolved: Array<SigmaRule | SigmaCorrelationRule> = [];
    rule.ruleReferences.forEach((ref, index) => {
      const target = byId.get(ref.toLowerCase()) ?? byId.get(ref) ?? byName.get(ref);
      if (target) {
        resolved.push(target);
        return;
      }
      const error = new SigmaRuleNotFoundError(`Rule '${ref}' not found in rule collection`, referenceLocation(rule, index));
      if (!options.collectErrors) throw error;
      if (!rule.errors.some((e) => e instanceof SigmaRuleNotFoundError && e.message === error.message)) rule.errors.push(error);
    });
    rule.rules = resolved;
  }
  for (const filter of collection.filters) {
    if (filter.errors.length > 0) continue;
    for (const rule of collection.rules) {
      if (rule.kind !== "rule" || !logSourceMatches(filter.logsource, rule.logsource) || !filterTargets(filter, rule)) continue;
      const applied = appliedFilters.get(rule) ?? new Set<SigmaFilter>();
      if (applied.has(filter)) continue;
      applied.add(filter);
      appliedFilters.set(rule, applied);
      applyFilter(filter, rule);
    }
  }
}

/** Every error of a collection: source-level errors and the errors collected on rules and filters. */
export function collectionErrors(collection: SigmaCollection): SigmaError[] {
  return [
    ...collection.errors,
    ...collection.rules.flatMap((rule) => rule.errors),
    ...collection.filters.flatMap((filter) => filter.errors),
  ];
}

function fromDocuments(documents: readonly SigmaDocument[], errors: SigmaError[]): SigmaCollection {
  const collection: SigmaCollection = { rules: [], filters: [], errors };
  for (const doc of documents) {
    if (doc.kind === "filter") collection.filters.push(doc);
    else collection.rules.push(doc);
  }
  return collection;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asSigmaError(error: unknown, path: string): SigmaError {
  if (error instanceof SigmaError) return error.locate({ path });
  const message = error instanceof Error ? error.message : String(error);
  return new SigmaError(`Unexpected error while reading the source: ${message}`, { path });
}
