/** Pipelines: construction, merging, application to rules, postprocessing and finalizing. */
import { resolveLimits } from "@sigma/core";
import type { SigmaLimits } from "@sigma/core";
import { cloneRule } from "./compat.js";
import { applyItem, evaluateConditionSet } from "./item.js";
import { PipelineState, type ProcessableRule } from "./state.js";
import type { Finalizer, PostprocessingItem, ProcessingItem, ProcessingPipeline } from "./types.js";

/** Fields of {@link createPipeline}; all optional. */
export interface PipelineInit {
  name?: string;
  priority?: number;
  allowedBackends?: readonly string[];
  vars?: Record<string, unknown>;
  items?: readonly ProcessingItem[];
  postprocessing?: readonly PostprocessingItem[];
  finalizers?: readonly Finalizer[];
  path?: string;
}

/** Makes a pipeline object (defaults: priority 0, all backends, no vars/items). */
export function createPipeline(init: PipelineInit = {}): ProcessingPipeline {
  return {
    ...(init.name !== undefined ? { name: init.name } : {}),
    ...(init.path !== undefined ? { path: init.path } : {}),
    priority: init.priority ?? 0,
    allowedBackends: [...(init.allowedBackends ?? [])],
    vars: { ...init.vars },
    items: [...(init.items ?? [])],
    postprocessing: [...(init.postprocessing ?? [])],
    finalizers: [...(init.finalizers ?? [])],
  };
}

/**
 * Concatenates pipelines in the given order (pySigma `p1 + p2`): items, postprocessing and
 * finalizers are appended, vars merged with later pipelines winning; priority is ignored.
 */
export function mergePipelines(...pipelines: readonly ProcessingPipeline[]): ProcessingPipeline {
  const named = pipelines.filter((p) => p.name !== undefined);
  return createPipeline({
    ...(named.length === 1 ? { name: (named[0] as ProcessingPipeline).name as string } : {}),
    vars: Object.assign({}, ...pipelines.map((p) => p.vars)) as Record<string, unknown>,
    items: pipelines.flatMap((p) => p.items),
    postprocessing: pipelines.flatMap((p) => p.postprocessing),
    finalizers: pipelines.flatMap((p) => p.finalizers),
  });
}

/** Options of {@link applyPipeline}. */
export interface ApplyOptions {
  /** Extra variables (win over the pipeline's vars), e.g. `backend`, `output_format`. */
  vars?: Record<string, unknown>;
  /** Initial `set_state` store. */
  state?: Record<string, unknown>;
  /**
   * Referenced rules already processed, by original rule: a correlation rule's copy refers to the
   * processed versions, so its conditions see them as processed (pipelines spec §1.2).
   */
  processedRules?: Pick<ReadonlyMap<ProcessableRule, ProcessableRule>, "get">;
  /**
   * Overrides of the default limits (`maxValues` bounds what transformations expand the rule to).
   * They win over the overrides the rule was read with (`rule.source.limits`).
   */
  limits?: Partial<SigmaLimits>;
}

/** The result of {@link applyPipeline}. */
export interface ApplyResult<R extends ProcessableRule> {
  /** The processed copy; the input rule is not changed. */
  readonly rule: R;
  /** State after processing (`state.state` is what backends copy into their conversion state). */
  readonly state: PipelineState;
}

/**
 * Applies a pipeline to a detection or correlation rule. The rule is copied once, then every item
 * whose rule conditions hold (evaluated on the rule as changed by the earlier items) transforms
 * the copy in place.
 */
export function applyPipeline<R extends ProcessableRule>(
  pipeline: ProcessingPipeline,
  rule: R,
  options: ApplyOptions = {},
): ApplyResult<R> {
  const copy = cloneRule(rule);
  if (copy.kind === "correlation" && options.processedRules) {
    const processed = options.processedRules;
    copy.rules = copy.rules.map((r) => processed.get(r) ?? r);
  }
  const limits = resolveLimits({ ...rule.source?.limits, ...options.limits });
  const state = new PipelineState({ ...pipeline.vars, ...options.vars }, options.state, limits);
  for (const item of pipeline.items) applyItem(item, copy, state);
  return { rule: copy, state };
}

/** Runs the pipeline's postprocessing items (whose rule conditions hold) over one query. */
export function postprocessQuery(
  pipeline: ProcessingPipeline,
  rule: ProcessableRule,
  query: string,
  state: PipelineState = new PipelineState(pipeline.vars),
): string {
  let result = query;
  for (const item of pipeline.postprocessing) {
    if (!evaluateConditionSet(item.ruleConditions, (c) => c.matchRule(rule, state))) continue;
    result = item.postprocessor.apply(result, rule, { pipeline, state });
  }
  return result;
}

/** Runs the pipeline's finalizers: the first gets the query list, each next one the previous output. */
export function finalizeQueries(pipeline: ProcessingPipeline, queries: readonly unknown[]): unknown {
  let output: unknown = queries;
  for (const finalizer of pipeline.finalizers) output = finalizer.finalize(output, { pipeline });
  return output;
}
