/**
 * The plugin object (default export of the package) and the registry a user needs to resolve
 * pipeline names and YAML pipelines that use the Loki transformations.
 */
import type { BackendPlugin } from "@sigma/backend";
import lokiPipelines from "@sigma/pipeline-loki";
import sysmonPipelines from "@sigma/pipeline-sysmon";
import windowsPipelines from "@sigma/pipeline-windows";
import { createRegistry, type ProcessingRegistry } from "@sigma/processing";
import { LokiBackend } from "./backend.js";

/** `{ name, backends: { loki }, pipelines: Loki + sysmon + windows, transformations: Loki }`. */
export const lokiPlugin = {
  name: "loki",
  backends: { loki: () => new LokiBackend() },
  pipelines: {
    ...sysmonPipelines.pipelines,
    ...windowsPipelines.pipelines,
    ...lokiPipelines.pipelines,
  },
  transformations: lokiPipelines.transformations,
} satisfies BackendPlugin;

/** A registry with the built-in processing types plus everything of {@link lokiPlugin}. */
export function lokiRegistry(): ProcessingRegistry {
  return createRegistry(lokiPlugin);
}
