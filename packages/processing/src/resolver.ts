/**
 * Resolving `-p` specs (registered names or pipeline files) into one pipeline (spec §3.5,
 * sigma-cli spec §3.5). File access is the caller's: the CLI passes `loadFile`.
 */
import { SigmaPipelineNotAllowedForBackendError, SigmaPipelineNotFoundError } from "@sigma/core";
import { mergePipelines } from "./pipeline.js";
import type { ProcessingRegistry } from "./registry.js";
import { builtinRegistry } from "./registry.js";
import type { ProcessingPipeline } from "./types.js";
import { loadPipelineYaml } from "./yaml.js";

/** Options of {@link resolvePipelines}. */
export interface ResolveOptions {
  /** Backend identifier; registered pipelines whose `allowed_backends` exclude it are refused. */
  target?: string;
  /** Skip the `allowed_backends` check (`--disable-pipeline-check`). */
  skipBackendCheck?: boolean;
  /** Where names are looked up (default: built-in types, no named pipelines). */
  registry?: ProcessingRegistry;
  /**
   * Reads a spec that is not a registered name as a file; returns its text, or undefined (or
   * throws) when there is no such file. Also used for template files named in the pipeline.
   */
  loadFile?: (path: string) => string | undefined;
}

/** A resolved spec: what was asked for and the pipeline it gave. */
export interface ResolvedPipeline {
  readonly spec: string;
  readonly pipeline: ProcessingPipeline;
}

/** The not-found error with the reference's first line. */
function notFound(spec: string): SigmaPipelineNotFoundError {
  return new SigmaPipelineNotFoundError(`The pipeline '${spec}' was not found.`);
}

/** Resolves one spec: a registered name wins over a file of the same name; file pipelines are never checked against the target. */
export function resolvePipeline(spec: string, options: ResolveOptions = {}): ProcessingPipeline {
  const registry = options.registry ?? builtinRegistry();
  const registered = registry.pipelines.get(spec);
  if (registered) {
    const pipeline = registered.create();
    const target = options.target;
    if (
      target !== undefined &&
      !options.skipBackendCheck &&
      pipeline.allowedBackends.length > 0 &&
      !pipeline.allowedBackends.includes(target)
    ) {
      throw new SigmaPipelineNotAllowedForBackendError(
        `The pipeline '${spec}' is not intended to be used with the target ${target}.`,
      );
    }
    return pipeline;
  }
  const loadFile = options.loadFile;
  if (!loadFile) throw notFound(spec);
  let text: string | undefined;
  try {
    text = loadFile(spec);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw notFound(spec);
  return loadPipelineYaml(text, {
    path: spec,
    registry,
    loadFile: (path) => {
      const content = loadFile(path);
      if (content === undefined) throw notFound(path);
      return content;
    },
  });
}

/** Resolves every spec and sorts by (priority, spec) — the order in which they are applied. */
export function resolvePipelineList(specs: readonly string[], options: ResolveOptions = {}): ResolvedPipeline[] {
  const resolved = specs.map((spec) => ({ spec, pipeline: resolvePipeline(spec, options) }));
  return resolved.sort(
    (a, b) => a.pipeline.priority - b.pipeline.priority || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0),
  );
}

/**
 * Resolves specs (names or files) into one pipeline: sorted by (priority, spec string), then
 * concatenated. No specs give an empty pipeline.
 * @throws SigmaPipelineNotFoundError, SigmaPipelineNotAllowedForBackendError, and the loader's errors.
 */
export function resolvePipelines(specs: readonly string[], options: ResolveOptions = {}): ProcessingPipeline {
  return mergePipelines(...resolvePipelineList(specs, options).map((r) => r.pipeline));
}
