/** How a backend combines pipelines (spec §3.5, §4.1). */
import { mergePipelines } from "./pipeline.js";
import type { ProcessingPipeline } from "./types.js";

/** Inputs of {@link composeBackendPipeline}. */
export interface BackendPipelineParts {
  /** The backend's own pipeline. */
  backendPipeline?: ProcessingPipeline;
  /** The resolved user pipeline(s). */
  userPipeline?: ProcessingPipeline;
  /** The pipeline of the selected output format. */
  formatPipeline?: ProcessingPipeline;
  /** Backend identifier: becomes var `backend`. */
  backend: string;
  /** Output format: becomes var `output_format`. */
  outputFormat: string;
  /** Backend options passed to the base class: each becomes var `backend_<option>` (Loki passes none). */
  options?: Readonly<Record<string, unknown>>;
}

/** `backend pipeline + user pipeline + output format pipeline`, with the backend vars added. */
export function composeBackendPipeline(parts: BackendPipelineParts): ProcessingPipeline {
  const merged = mergePipelines(
    ...[parts.backendPipeline, parts.userPipeline, parts.formatPipeline].filter(
      (p): p is ProcessingPipeline => p !== undefined,
    ),
  );
  const vars: Record<string, unknown> = { ...merged.vars };
  for (const [k, v] of Object.entries(parts.options ?? {})) vars[`backend_${k}`] = v;
  vars.backend = parts.backend;
  vars.output_format = parts.outputFormat;
  return { ...merged, vars };
}
