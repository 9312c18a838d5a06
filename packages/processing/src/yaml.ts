/** Reading pipeline YAML with core's located YAML loader. */
import { SigmaConfigurationError, SigmaError, loadYaml } from "@sigma/core";
import { pipelineFromObject, type PipelineFromObjectOptions } from "./definition.js";
import type { ProcessingPipeline } from "./types.js";

/** Options of {@link loadPipelineYaml}. */
export type LoadPipelineYamlOptions = Omit<PipelineFromObjectOptions, "locations">;

/**
 * Parses a pipeline YAML text (first document) and builds the pipeline.
 * @throws SigmaYAMLError for invalid YAML, SigmaConfigurationError for invalid pipelines; both
 * located by `path`, line and column.
 */
export function loadPipelineYaml(text: string | Uint8Array, options: LoadPipelineYamlOptions = {}): ProcessingPipeline {
  const source = loadYaml(text, options.path !== undefined ? { path: options.path } : {});
  const document = source.documents[0];
  if (!document) throw new SigmaConfigurationError("The pipeline file is empty", options.path !== undefined ? { path: options.path } : undefined);
  try {
    return pipelineFromObject(document.data, { ...options, locations: source.locations });
  } catch (error) {
    // Scalars and lists have no node locations: such errors point at the document at least.
    if (error instanceof SigmaError) error.locate(document.location);
    throw error;
  }
}
