/**
 * Registries of the YAML `type` names (transformations, the three condition kinds,
 * postprocessing, finalizers) and of named pipelines. Plugins are plain objects that add to a
 * registry; nothing registers itself at import time.
 */
import { builtinDetectionItemConditions } from "./conditions/detection-item.js";
import { builtinFieldNameConditions } from "./conditions/field-name.js";
import { builtinRuleConditions } from "./conditions/rule.js";
import { builtinFinalizers } from "./output/finalizers.js";
import { builtinPostprocessing } from "./output/postprocessing.js";
import { builtinTransformations } from "./transformations/index.js";
import type {
  DetectionItemConditionDefinition,
  FieldNameConditionDefinition,
  FinalizerDefinition,
  PostprocessingDefinition,
  ProcessingPipeline,
  RuleConditionDefinition,
  TransformationDefinition,
} from "./types.js";

/** Builds a named pipeline; called on every use, so each use gets fresh random names. */
export type PipelineFactory = () => ProcessingPipeline;

/** A plugin's condition types, by kind. */
export interface PluginConditions {
  rule?: Record<string, RuleConditionDefinition>;
  detection_item?: Record<string, DetectionItemConditionDefinition>;
  field_name?: Record<string, FieldNameConditionDefinition>;
}

/**
 * A processing plugin: a plain object, typically the default export of a pipeline package.
 * The backend package extends it with `backends`.
 */
export interface ProcessingPlugin {
  readonly name: string;
  /** Named pipelines (what `-p <name>` resolves). */
  readonly pipelines?: Readonly<Record<string, PipelineFactory | ProcessingPipeline>>;
  readonly transformations?: Readonly<Record<string, TransformationDefinition>>;
  readonly conditions?: Readonly<PluginConditions>;
  readonly postprocessing?: Readonly<Record<string, PostprocessingDefinition>>;
  readonly finalizers?: Readonly<Record<string, FinalizerDefinition>>;
}

/** A registered pipeline and the plugin that provided it. */
export interface RegisteredPipeline {
  readonly name: string;
  readonly plugin: string;
  readonly create: PipelineFactory;
}

/** Type name → definition maps, extended by plugins. Later registrations replace earlier ones. */
export class ProcessingRegistry {
  readonly transformations = new Map<string, TransformationDefinition>();
  readonly ruleConditions = new Map<string, RuleConditionDefinition>();
  readonly detectionItemConditions = new Map<string, DetectionItemConditionDefinition>();
  readonly fieldNameConditions = new Map<string, FieldNameConditionDefinition>();
  readonly postprocessing = new Map<string, PostprocessingDefinition>();
  readonly finalizers = new Map<string, FinalizerDefinition>();
  readonly pipelines = new Map<string, RegisteredPipeline>();
  /** Names of the plugins added, in order. */
  readonly plugins: string[] = [];

  /** Adds a plugin's types and pipelines. */
  use(plugin: ProcessingPlugin): this {
    this.plugins.push(plugin.name);
    const add = <T>(target: Map<string, T>, source: Readonly<Record<string, T>> | undefined): void => {
      for (const [k, v] of Object.entries(source ?? {})) target.set(k, v);
    };
    add(this.transformations, plugin.transformations);
    add(this.ruleConditions, plugin.conditions?.rule);
    add(this.detectionItemConditions, plugin.conditions?.detection_item);
    add(this.fieldNameConditions, plugin.conditions?.field_name);
    add(this.postprocessing, plugin.postprocessing);
    add(this.finalizers, plugin.finalizers);
    for (const [name, p] of Object.entries(plugin.pipelines ?? {})) {
      const create: PipelineFactory = typeof p === "function" ? p : () => p;
      this.pipelines.set(name, { name, plugin: plugin.name, create });
    }
    return this;
  }

  /** A copy that can be extended without changing this registry. */
  clone(): ProcessingRegistry {
    const copy = new ProcessingRegistry();
    for (const key of [
      "transformations",
      "ruleConditions",
      "detectionItemConditions",
      "fieldNameConditions",
      "postprocessing",
      "finalizers",
      "pipelines",
    ] as const) {
      for (const [k, v] of this[key] as Map<string, unknown>) (copy[key] as Map<string, unknown>).set(k, v);
    }
    copy.plugins.push(...this.plugins);
    return copy;
  }
}

/** The plugin holding every built-in type of pySigma's processing framework. */
export const builtinPlugin: ProcessingPlugin = {
  name: "builtin",
  transformations: builtinTransformations,
  conditions: {
    rule: builtinRuleConditions,
    detection_item: builtinDetectionItemConditions,
    field_name: builtinFieldNameConditions,
  },
  postprocessing: builtinPostprocessing,
  finalizers: builtinFinalizers,
};

/** A registry with the built-in types plus the given plugins. */
export function createRegistry(...plugins: readonly ProcessingPlugin[]): ProcessingRegistry {
  const registry = new ProcessingRegistry().use(builtinPlugin);
  for (const p of plugins) registry.use(p);
  return registry;
}

let defaultRegistry: ProcessingRegistry | undefined;

/** A shared registry with only the built-in types (used when no registry is passed). */
export function builtinRegistry(): ProcessingRegistry {
  defaultRegistry ??= createRegistry();
  return defaultRegistry;
}
