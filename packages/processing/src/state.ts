/**
 * What a pipeline remembers while it processes one rule: variables, the `set_state` store, and
 * which processing items were applied to the rule and to which field names (spec §3.5).
 */
import { DEFAULT_LIMITS } from "@sigma/core";
import type { SigmaCorrelationRule, SigmaLimits, SigmaRule } from "@sigma/core";

/** A rule that pipelines process. */
export type ProcessableRule = SigmaRule | SigmaCorrelationRule;

/** Mutable state of one pipeline application; a fresh one is made for every rule. */
export class PipelineState {
  /** Pipeline variables (`vars`, plus `backend`, `output_format`, `backend_<option>` set by backends). */
  readonly vars: Record<string, unknown>;
  /** Key/value store written by `set_state`, read by `processing_state` conditions and backends. */
  readonly state: Record<string, unknown>;
  /** Ids of the processing items whose rule conditions held, in application order. */
  readonly applied: string[] = [];
  /** The same ids as a set. */
  readonly appliedIds = new Set<string>();
  /** Field name → ids of processing items that produced or touched that field name. */
  readonly fieldNameAppliedIds = new Map<string, Set<string>>();
  /** Source field → target field names of every field mapping that was applied. */
  readonly fieldMappings = new Map<string, Set<string>>();

  constructor(
    vars: Record<string, unknown> = {},
    state: Record<string, unknown> = {},
    /** The limits transformations respect (`maxValues`: values the rule may grow to). */
    readonly limits: SigmaLimits = DEFAULT_LIMITS,
  ) {
    this.vars = { ...vars };
    this.state = { ...state };
  }

  /** Records that an item was applied to the rule. */
  markApplied(id: string): void {
    if (!this.appliedIds.has(id)) this.applied.push(id);
    this.appliedIds.add(id);
  }

  /**
   * Records that `id` turned field `source` into `targets`: the targets inherit the ids that were
   * already recorded for the source, plus `id`.
   */
  trackField(source: string | null, targets: readonly string[], id: string | undefined): void {
    const inherited = source !== null ? this.fieldNameAppliedIds.get(source) : undefined;
    for (const target of targets) {
      const ids = this.fieldNameAppliedIds.get(target) ?? new Set<string>();
      for (const i of inherited ?? []) ids.add(i);
      if (id !== undefined) ids.add(id);
      this.fieldNameAppliedIds.set(target, ids);
    }
  }

  /** Records a field mapping `source → targets`. */
  addFieldMapping(source: string, targets: readonly string[]): void {
    const set = this.fieldMappings.get(source) ?? new Set<string>();
    for (const t of targets) set.add(t);
    this.fieldMappings.set(source, set);
  }

  /** True if processing item `id` changed field name `field`. */
  fieldWasProcessedBy(field: string | null, id: string): boolean {
    if (field === null) return false;
    return this.fieldNameAppliedIds.get(field)?.has(id) ?? false;
  }
}

const ruleApplied = new WeakMap<object, Set<string>>();

/** Marks a rule as processed by the item `id` (kept beside the rule, the model has no field for it). */
export function markRuleProcessed(rule: ProcessableRule, id: string): void {
  const set = ruleApplied.get(rule) ?? new Set<string>();
  set.add(id);
  ruleApplied.set(rule, set);
}

/** True if processing item `id` was applied to `rule`. */
export function wasProcessedBy(rule: ProcessableRule, id: string): boolean {
  return ruleApplied.get(rule)?.has(id) ?? false;
}

/** Ids of the processing items applied to `rule`. */
export function ruleProcessingItems(rule: ProcessableRule): ReadonlySet<string> {
  return ruleApplied.get(rule) ?? new Set();
}
