/**
 * The one place where this package meets @sigma/processing: composing the backend pipeline,
 * applying it to rules, postprocessing queries and running finalizers.
 */
import { SigmaConversionError } from "@sigma/core";
import {
  applyPipeline,
  composeBackendPipeline,
  mergePipelines,
  postprocessQuery,
} from "@sigma/processing";
import type { PipelineState, ProcessableRule, ProcessingPipeline } from "@sigma/processing";

export type { PipelineState, ProcessingPipeline, ProcessingPlugin } from "@sigma/processing";

/** Parts of the pipeline of one conversion run (§3.5). */
export interface RunPipelineParts {
  readonly backendPipeline: ProcessingPipeline | undefined;
  readonly userPipelines: readonly ProcessingPipeline[];
  readonly formatPipeline: ProcessingPipeline | undefined;
  readonly backend: string;
  readonly format: string;
  /** Options that become `backend_<option>` vars (none when the backend does not expose them). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Backend pipeline + user pipelines + output-format pipeline, with the backend vars. */
export function runPipeline(parts: RunPipelineParts): ProcessingPipeline {
  return composeBackendPipeline({
    ...(parts.backendPipeline ? { backendPipeline: parts.backendPipeline } : {}),
    ...(parts.userPipelines.length > 0 ? { userPipeline: mergePipelines(...parts.userPipelines) } : {}),
    ...(parts.formatPipeline ? { formatPipeline: parts.formatPipeline } : {}),
    backend: parts.backend,
    outputFormat: parts.format,
    options: parts.options,
  });
}

/** A rule after processing, with the pipeline state it left behind. */
export interface ProcessedRule<R extends ProcessableRule> {
  readonly rule: R;
  readonly state: PipelineState;
}

/**
 * Applies the pipeline to a copy of the rule. A correlation rule's copy refers to the processed
 * versions of its referenced rules (given in `processed`).
 */
export function processRule<R extends ProcessableRule>(
  pipeline: ProcessingPipeline,
  rule: R,
  processed: Pick<ReadonlyMap<ProcessableRule, ProcessableRule>, "get">,
): ProcessedRule<R> {
  return applyPipeline(pipeline, rule, { processedRules: processed });
}

/** Runs the pipeline's postprocessing on one finalised query (text queries only). */
export function postprocess(
  pipeline: ProcessingPipeline,
  rule: ProcessableRule,
  query: unknown,
  state: PipelineState,
): unknown {
  if (pipeline.postprocessing.length === 0) return query;
  if (typeof query !== "string") {
    throw new SigmaConversionError(
      "Pipeline postprocessing needs text queries, but the output format produces structured queries; use the default format or remove the postprocessing items.",
    );
  }
  return postprocessQuery(pipeline, rule, query, state);
}

/** Runs the pipeline's finalizers: the first gets the backend's output, each next one the previous output. */
export function runFinalizers(pipeline: ProcessingPipeline, output: unknown): unknown {
  let result = output;
  for (const finalizer of pipeline.finalizers) result = finalizer.finalize(result, { pipeline });
  return result;
}
