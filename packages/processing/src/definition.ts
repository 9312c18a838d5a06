/**
 * Pipeline definitions as plain data (the YAML schema of spec §3.1) and their validation into
 * {@link ProcessingPipeline} objects. TypeScript pipelines and YAML pipelines go through the same
 * code; the `*Spec` types make typed definitions check `type` names and parameters at compile time.
 */
import { SigmaConfigurationError, SigmaError, SigmaPipelineConditionError } from "@sigma/core";
import type { SourceLocation, YamlLocations } from "@sigma/core";
import type { DetectionItemConditionTypes } from "./conditions/detection-item.js";
import type { FieldNameConditionTypes } from "./conditions/field-name.js";
import type { RuleConditionTypes } from "./conditions/rule.js";
import { expressionIds, parseConditionExpression } from "./expression.js";
import { autoItemId } from "./hash.js";
import type { FinalizerTypes } from "./output/finalizers.js";
import type { PostprocessingTypes } from "./output/postprocessing.js";
import { Params } from "./params.js";
import { createPipeline } from "./pipeline.js";
import type { ProcessingRegistry } from "./registry.js";
import { builtinRegistry } from "./registry.js";
import type { TransformationTypes } from "./transformations/index.js";
import type {
  ConditionSet,
  DefinitionContext,
  Finalizer,
  PostprocessingItem,
  ProcessingItem,
  ProcessingPipeline,
  TypeDefinition,
} from "./types.js";

type SpecOf<M> = { [K in keyof M & string]: { type: K } & M[K] }[keyof M & string];

/** A rule condition as written in a pipeline. */
export type RuleConditionSpec = SpecOf<RuleConditionTypes>;
/** A detection item condition as written in a pipeline. */
export type DetectionItemConditionSpec = SpecOf<DetectionItemConditionTypes>;
/** A field name condition as written in a pipeline. */
export type FieldNameConditionSpec = SpecOf<FieldNameConditionTypes>;

/** `rule_conditions` and how they combine. */
export interface RuleConditionsSpec {
  /** A list, or a map `id → condition` for use in `rule_cond_expr`. */
  rule_conditions?: readonly RuleConditionSpec[] | Readonly<Record<string, RuleConditionSpec>>;
  rule_cond_op?: "and" | "or";
  rule_cond_not?: boolean;
  rule_cond_expr?: string;
}

/** All condition keys of a processing item. */
export interface ProcessingItemConditionsSpec extends RuleConditionsSpec {
  detection_item_conditions?:
    | readonly DetectionItemConditionSpec[]
    | Readonly<Record<string, DetectionItemConditionSpec>>;
  detection_item_cond_op?: "and" | "or";
  detection_item_cond_not?: boolean;
  detection_item_cond_expr?: string;
  field_name_conditions?: readonly FieldNameConditionSpec[] | Readonly<Record<string, FieldNameConditionSpec>>;
  field_name_cond_op?: "and" | "or";
  field_name_cond_not?: boolean;
  field_name_cond_expr?: string;
}

/** A processing item as written in a pipeline: `type`, its parameters, optional `id` and conditions. */
export type TransformationSpec = {
  [K in keyof TransformationTypes & string]: { id?: string; type: K } & TransformationTypes[K] &
    ProcessingItemConditionsSpec;
}[keyof TransformationTypes & string];

/** A postprocessing item as written in a pipeline. */
export type PostprocessingSpec = {
  [K in keyof PostprocessingTypes & string]: { id?: string; type: K } & PostprocessingTypes[K] & RuleConditionsSpec;
}[keyof PostprocessingTypes & string];

/** A finalizer as written in a pipeline. */
export type FinalizerSpec = SpecOf<FinalizerTypes>;

/** A pipeline as written in YAML (or as a typed TypeScript object). */
export interface PipelineDefinition {
  name?: string;
  priority?: number;
  allowed_backends?: readonly string[];
  vars?: Readonly<Record<string, unknown>>;
  transformations?: readonly TransformationSpec[];
  postprocessing?: readonly PostprocessingSpec[];
  finalizers?: readonly FinalizerSpec[];
}

/** Options of {@link pipelineFromObject}. */
export interface PipelineFromObjectOptions {
  /** Source path, put on locations and on the pipeline. */
  path?: string;
  /** Types to use (default: the built-in types). */
  registry?: ProcessingRegistry;
  /** Node locations from core's `loadYaml`, for error positions. */
  locations?: YamlLocations;
  /** Reads template files named by `path` parameters. */
  loadFile?: (path: string) => string;
}

const PIPELINE_KEYS = ["name", "priority", "allowed_backends", "vars", "transformations", "postprocessing", "finalizers"];
const CONDITION_KINDS = ["rule", "detection_item", "field_name"] as const;
type ConditionKind = (typeof CONDITION_KINDS)[number];
const conditionKeys = (kind: ConditionKind): string[] => [
  `${kind}_conditions`,
  `${kind}_cond_op`,
  `${kind}_cond_not`,
  `${kind}_cond_expr`,
];
const ITEM_KEYS = ["id", "type", ...CONDITION_KINDS.flatMap(conditionKeys)];
const POSTPROCESSING_KEYS = ["id", "type", ...conditionKeys("rule")];

/** Python's repr of a list of strings, as in the reference's messages. */
function pyList(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(", ")}]`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Builds pipelines from plain data with one registry and one set of locations. */
class Builder implements DefinitionContext {
  readonly path: string | undefined;
  readonly loadFile: ((path: string) => string) | undefined;
  private readonly registry: ProcessingRegistry;
  private readonly locations: YamlLocations | undefined;

  constructor(options: PipelineFromObjectOptions) {
    this.path = options.path;
    this.registry = options.registry ?? builtinRegistry();
    this.locations = options.locations;
    this.loadFile = options.loadFile;
  }

  /** Location of a node (or of a key in it), with the path. */
  at(node: unknown, key?: string, fallback?: SourceLocation): SourceLocation | undefined {
    const found = key === undefined ? this.locations?.of(node) : this.locations?.key(node, key);
    const location = found ?? fallback;
    if (location) return this.path !== undefined ? { ...location, path: this.path } : location;
    return this.path !== undefined ? { path: this.path } : undefined;
  }

  private itemAt(list: unknown, index: number, fallback?: SourceLocation): SourceLocation | undefined {
    const found = this.locations?.item(list, index);
    return this.at(undefined, undefined, found ?? fallback);
  }

  pipeline(data: unknown): ProcessingPipeline {
    const at = this.at(data);
    if (!isMapping(data)) throw new SigmaConfigurationError("A processing pipeline must be a mapping", at);
    const unknown = Object.keys(data).filter((k) => !PIPELINE_KEYS.includes(k));
    if (unknown.length > 0) {
      throw new SigmaConfigurationError(`Unkown keys ${pyList(unknown)}`, this.at(data, unknown[0]));
    }
    const top = new Params(data, "pipeline", at, (key) => this.valueAt(data, key));
    const priority = top.optionalNumber("priority") ?? 0;
    if (!Number.isInteger(priority)) throw top.error("priority", "must be an integer");
    const name = top.optionalString("name");
    const vars = top.map("vars", {});
    return createPipeline({
      ...(name !== undefined ? { name } : {}),
      ...(this.path !== undefined ? { path: this.path } : {}),
      priority,
      allowedBackends: top.stringList("allowed_backends", []),
      vars,
      items: this.buildItems(data.transformations ?? [], this.at(data, "transformations")),
      postprocessing: this.buildPostprocessing(data.postprocessing ?? [], this.at(data, "postprocessing")),
      finalizers: this.buildFinalizers(data.finalizers ?? [], this.at(data, "finalizers")),
    });
  }

  private list(data: unknown, what: string, location?: SourceLocation): unknown[] {
    if (data === null || data === undefined) return [];
    if (!Array.isArray(data)) throw new SigmaConfigurationError(`${what} must be a list`, location);
    return data;
  }

  /** Runs `build` for each element, prefixing configuration errors with the element's number. */
  private each<T>(
    data: unknown,
    what: string,
    prefix: string,
    location: SourceLocation | undefined,
    build: (element: Record<string, unknown>, at: SourceLocation | undefined) => T,
  ): T[] {
    const list = this.list(data, what, location);
    return list.map((element, i) => {
      const at = this.itemAt(list, i, location);
      try {
        if (!isMapping(element)) throw new SigmaConfigurationError(`${what} entries must be mappings`, at);
        return build(element, this.at(element, undefined, at));
      } catch (e) {
        if (e instanceof SigmaConfigurationError) {
          e.message = `Error in ${prefix} ${i + 1}: ${e.message}`;
          throw e.locate(at);
        }
        if (e instanceof SigmaError) throw e.locate(at);
        throw new SigmaConfigurationError(`Error in ${prefix} ${i + 1}: ${(e as Error).message}`, at);
      }
    });
  }

  buildItems(data: unknown, location?: SourceLocation): ProcessingItem[] {
    return this.each(data, "transformations", "processing rule", location, (item, at) => {
      const type = item.type;
      if (type === undefined || type === null) throw new SigmaConfigurationError("Missing transformation type", at);
      if (typeof type !== "string") throw new SigmaConfigurationError("Transformation type must be a string", at);
      const definition = this.registry.transformations.get(type);
      if (!definition) {
        throw new SigmaConfigurationError(`Unknown transformation type '${type}'`, this.at(item, "type", at));
      }
      const params = this.params(item, ITEM_KEYS, type, definition, at, explicitId(item));
      const transformation = this.create(definition, params);
      const id = explicitId(item) ?? autoItemId(withoutKey(item, "id"));
      return {
        id,
        transformation,
        ruleConditions: this.conditions(item, "rule", at),
        detectionItemConditions: this.conditions(item, "detection_item", at),
        fieldNameConditions: this.conditions(item, "field_name", at),
        ...(at ? { location: at } : {}),
      };
    });
  }

  buildPostprocessing(data: unknown, location?: SourceLocation): PostprocessingItem[] {
    return this.each(data, "postprocessing", "postprocessing item", location, (item, at) => {
      const type = item.type;
      if (type === undefined || type === null) throw new SigmaConfigurationError("Missing postprocessing type", at);
      const definition = typeof type === "string" ? this.registry.postprocessing.get(type) : undefined;
      if (!definition) {
        throw new SigmaConfigurationError(`Unknown postprocessing type '${String(type)}'`, this.at(item, "type", at));
      }
      const params = this.params(item, POSTPROCESSING_KEYS, type as string, definition, at, explicitId(item));
      return {
        id: explicitId(item) ?? autoItemId(withoutKey(item, "id")),
        postprocessor: this.create(definition, params),
        ruleConditions: this.conditions(item, "rule", at),
        ...(at ? { location: at } : {}),
      };
    });
  }

  buildFinalizers(data: unknown, location?: SourceLocation): Finalizer[] {
    return this.each(data, "finalizers", "finalizer", location, (item, at) => {
      const type = item.type;
      if (type === undefined || type === null) throw new SigmaConfigurationError("Missing finalizer type", at);
      const definition = typeof type === "string" ? this.registry.finalizers.get(type) : undefined;
      if (!definition) {
        throw new SigmaConfigurationError(`Unknown finalizer type '${String(type)}'`, this.at(item, "type", at));
      }
      return this.create(definition, this.params(item, ["type"], type as string, definition, at));
    });
  }

  /** Splits off the parameters and checks them against the definition's parameter names. */
  private params(
    item: Record<string, unknown>,
    reserved: readonly string[],
    type: string,
    definition: TypeDefinition<unknown>,
    at: SourceLocation | undefined,
    itemId?: string,
  ): Params {
    const raw: Record<string, unknown> = {};
    const unknown: string[] = [];
    for (const [k, v] of Object.entries(item)) {
      if (reserved.includes(k)) continue;
      if ((definition.params as readonly string[]).includes(k)) raw[k] = v;
      else unknown.push(k);
    }
    if (unknown.length > 0) {
      const accepted = definition.params.length > 0 ? definition.params.join(", ") : "none";
      throw new SigmaConfigurationError(
        `Unkown keys ${pyList(unknown)} (parameters of '${type}': ${accepted})`,
        this.at(item, unknown[0], at),
      );
    }
    return new Params(raw, type, at, (key) => this.valueAt(item, key), itemId);
  }

  /** Where the value of `key` in `mapping` is written, with the path. */
  private valueAt(mapping: unknown, key: string): SourceLocation | undefined {
    const found = this.locations?.value(mapping, key);
    if (!found) return undefined;
    return this.path !== undefined ? { ...found, path: this.path } : found;
  }

  private create<T>(definition: TypeDefinition<T>, params: Params): T {
    try {
      return definition.create(params, this);
    } catch (e) {
      if (e instanceof SigmaConfigurationError && !(e instanceof SigmaPipelineConditionError)) {
        e.message = `Error in transformation: ${e.message}`;
        throw e.locate(params.location);
      }
      throw e;
    }
  }

  /** Reads `<kind>_conditions` with `_cond_op`, `_cond_not` and `_cond_expr`. */
  private conditions<C>(item: Record<string, unknown>, kind: ConditionKind, at: SourceLocation | undefined): ConditionSet<C> {
    const [listKey, opKey, notKey, exprKey] = conditionKeys(kind) as [string, string, string, string];
    const raw = item[listKey];
    const p = new Params(item, "processing item", at, (key) => this.valueAt(item, key));
    const hasOp = p.has(opKey);
    const op = p.choice(opKey, ["and", "or"] as const, "and");
    const not = p.bool(notKey, false);
    const exprText = p.optionalString(exprKey);
    if (hasOp && exprText !== undefined) {
      throw new SigmaPipelineConditionError(`${opKey} and ${exprKey} can't be used together`, this.at(item, exprKey, at));
    }
    const registry =
      kind === "rule"
        ? this.registry.ruleConditions
        : kind === "detection_item"
          ? this.registry.detectionItemConditions
          : this.registry.fieldNameConditions;
    const entries: Array<[string | undefined, unknown, SourceLocation | undefined]> = [];
    const listAt = this.at(item, listKey, at);
    if (Array.isArray(raw)) raw.forEach((c, i) => entries.push([undefined, c, this.itemAt(raw, i, listAt)]));
    else if (isMapping(raw)) for (const [id, c] of Object.entries(raw)) entries.push([id, c, this.at(raw, id, listAt)]);
    else if (raw !== undefined && raw !== null) {
      throw new SigmaConfigurationError(`${listKey} must be a list or a mapping of condition ids`, listAt);
    }
    const conditions = entries.map(([id, data, cat], i) => {
      if (!isMapping(data)) throw new SigmaConfigurationError(`Condition ${i + 1} in ${listKey} must be a mapping`, cat);
      const type = data.type;
      if (typeof type !== "string") throw new SigmaConfigurationError(`Missing condition type in condition ${i + 1}`, cat);
      const definition = registry.get(type);
      if (!definition) {
        throw new SigmaConfigurationError(`Unknown condition type '${type}' in condition ${i + 1}`, this.at(data, "type", cat));
      }
      const params = this.params(data, ["type"], type, definition as TypeDefinition<unknown>, cat, explicitId(item));
      const condition = definition.create(params, this) as C;
      return id !== undefined ? { id, condition } : { condition };
    });
    if (exprText === undefined) return { conditions, op, not };
    const exprAt = this.at(item, exprKey, at);
    if (!isMapping(raw)) {
      throw new SigmaPipelineConditionError(`${exprKey} needs ${listKey} as a mapping of condition ids`, exprAt);
    }
    const expression = parseConditionExpression(exprText, exprAt);
    const used = expressionIds(expression);
    const ids = conditions.map((c) => c.id as string);
    const undefinedIds = [...used].filter((id) => !ids.includes(id));
    if (undefinedIds.length > 0) {
      throw new SigmaPipelineConditionError(
        `The condition expression '${exprText}' refers to undefined condition ids ${pyList(undefinedIds)}`,
        exprAt,
      );
    }
    const unused = ids.filter((id) => !used.has(id));
    if (unused.length > 0) {
      throw new SigmaPipelineConditionError(
        `The condition expression '${exprText}' doesn't use the conditions ${pyList(unused)}; use every condition or remove it`,
        exprAt,
      );
    }
    return { conditions, op, not, expression };
  }
}

/** The `id` a pipeline gives an item, if any (auto ids are hashes, no help in a message). */
function explicitId(item: Record<string, unknown>): string | undefined {
  return item.id === undefined || item.id === null ? undefined : String(item.id);
}

function withoutKey(item: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _omit, ...rest } = item;
  return rest;
}

/**
 * Validates plain pipeline data (the YAML schema) and builds the pipeline.
 * @throws SigmaConfigurationError for unknown keys ("Unkown keys [...]"), missing or unknown types
 * and bad parameters, located at the offending node when `locations` is given.
 */
export function pipelineFromObject(data: unknown, options: PipelineFromObjectOptions = {}): ProcessingPipeline {
  return new Builder(options).pipeline(data);
}

/** Builds a pipeline from a typed definition (the compiler checks `type` names and parameters). */
export function definePipeline(
  definition: PipelineDefinition,
  options: Omit<PipelineFromObjectOptions, "locations"> = {},
): ProcessingPipeline {
  return pipelineFromObject(definition, options);
}

/** Builds processing items from plain data (a `transformations` list). */
export function processingItemsFromObject(data: unknown, options: PipelineFromObjectOptions = {}): ProcessingItem[] {
  return new Builder(options).buildItems(data);
}
