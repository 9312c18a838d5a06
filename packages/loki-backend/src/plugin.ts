/**
 * The plugin object (default export of the package) and the registry a user needs to resolve
 * pipeline names and YAML pipelines that use the Loki transformations.
 */
import type { BackendPlugin } from "@sigma/backend";
import lokiPipelines from "@sigma/pipeline-loki";
import sysmonPipelines from "@sigma/pipeline-sysmon";
import windowsPipelines from "@sigma/pipeline-windows";
import {
  createRegistry,
  type ProcessingPlugin,
  type ProcessingRegistry,
  type SetCustomAttributeParams,
  type TransformationDefinition,
} from "@sigma/processing";
import { LokiBackend } from "./backend.js";
import { customAttributeProblem } from "./logql/fragments.js";

const setCustomAttribute = lokiPipelines.transformations.set_custom_attribute as TransformationDefinition<SetCustomAttributeParams>;

/**
 * `set_custom_attribute` that refuses, when the pipeline is loaded, a `loki_parser` or
 * `logsource_loki_selection` value that is not the LogQL fragment it must be (at the value).
 */
const checkedSetCustomAttribute: TransformationDefinition<SetCustomAttributeParams> = {
  params: setCustomAttribute.params,
  create(params, context) {
    const problem = customAttributeProblem(params.string("attribute"), params.required("value"));
    if (problem !== undefined) throw params.error("value", `is invalid. ${problem}`);
    return setCustomAttribute.create(params, context);
  },
};

/** `{ name, backends: { loki }, pipelines: Loki + sysmon + windows, transformations: Loki }`. */
export const lokiPlugin = {
  name: "loki",
  backends: { loki: () => new LokiBackend() },
  pipelines: {
    ...sysmonPipelines.pipelines,
    ...windowsPipelines.pipelines,
    ...lokiPipelines.pipelines,
  },
  transformations: { ...lokiPipelines.transformations, set_custom_attribute: checkedSetCustomAttribute },
} satisfies BackendPlugin;

/**
 * A registry with the built-in processing types plus everything of {@link lokiPlugin}, and of
 * `plugins` (later ones win: a plugin may replace a type or a pipeline name).
 */
export function lokiRegistry(...plugins: readonly ProcessingPlugin[]): ProcessingRegistry {
  return createRegistry(lokiPlugin, ...plugins);
}
