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
