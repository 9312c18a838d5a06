/**
 * The {@link Engine} implemented with the library packages. Loaded lazily by `loadEngine`.
 */
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import {
  DEFAULT_YAML_LIMITS,
  SigmaError,
  SigmaLimitError,
  SigmaPipelineNotAllowedForBackendError,
  SigmaPipelineNotFoundError,
  MODIFIERS,
  collectionErrors,
  filterTargets,
  isSigmaError,
  logSourceMatches,
  mergeCollections,
  parseCollection,
} from "@sigma/core";
import type { SigmaCollection, SigmaFilter } from "@sigma/core";
import { createConversion } from "@sigma/backend";
import { lokiPlugin } from "@sigma/loki-backend";
import type { AnyBackend, BackendPlugin } from "@sigma/backend";
import { createRegistry, resolvePipeline } from "@sigma/processing";
import type { ProcessingPipeline } from "@sigma/processing";
import { CommandError } from "./errors.js";
import type { OptionType } from "./backend-options.js";
import { PipelineResolutionError } from "./engine.js";
import type {
  ConditionInfo,
  ConversionSettings,
  ConvertibleRule,
  Described,
  Engine,
  FilterTarget,
  PipelineInfo,
  ResolvedPipeline,
  TargetInfo,
} from "./engine.js";
import { CONDITION_DESCRIPTIONS, TRANSFORMATION_DESCRIPTIONS } from "./descriptions.js";
import { externalSourcesPlugin } from "./external-sources.js";
import { expandArgument } from "./inputs.js";
import { readFailure } from "./load.js";
import { discoverPlugins, loadExplicitPlugin } from "./plugins.js";
import type { LoadedPlugin, PluginObject } from "./plugins.js";

/** Plugin members that hold a record (name → definition); `backends` holds factories. */
const RECORD_MEMBERS = ["backends", "pipelines", "transformations", "conditions", "postprocessing", "finalizers"] as const;

/** Whether a loaded module's plugin object has the shape of a `BackendPlugin` (as far as it is used). */
function isPlugin(plugin: PluginObject): plugin is PluginObject & BackendPlugin {
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  const backends = plugin["backends"];
  return (
    RECORD_MEMBERS.every((key) => plugin[key] === undefined || isRecord(plugin[key])) &&
    (backends === undefined || (isRecord(backends) && Object.values(backends).every((f) => typeof f === "function")))
  );
}

/** A loaded plugin, checked. */
function checked({ plugin, source }: LoadedPlugin): { plugin: BackendPlugin; source: string } {
  if (!isPlugin(plugin)) {
    throw new CommandError(`Plugin '${source}' is not a plugin object: ${RECORD_MEMBERS.join(", ")} must be objects (backends of factory functions).`);
  }
  return { plugin, source };
}

function optionTypes(backend: AnyBackend): Record<string, OptionType> {
  const out: Record<string, OptionType> = {};
  for (const [key, spec] of Object.entries(backend.options)) out[key] = spec.type;
  return out;
}

function located(err: unknown, path: string): SigmaError {
  if (isSigmaError(err)) return err.locate({ path });
  return new SigmaError(err instanceof Error ? err.message : String(err), { path });
}

/** A filter file given twice is applied once (sigma-cli would apply it again at every merge). */
function uniqueFilters(filters: readonly SigmaFilter[], seen = new Set<string>()): SigmaFilter[] {
  return filters.filter((f) => {
    if (f.source?.path === undefined) return true;
    const key = `${f.source.path}#${f.source.documentIndex ?? 0}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads a pipeline file (or a template file it names); undefined when it cannot be read. */
function loadFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Builds the engine: the built-in Loki plugin, discovered plugins, then `--plugin` modules. */
export async function createEngine(explicit: readonly string[], allowExternalSources = false): Promise<Engine> {
  // The plugin (backend + Loki, sysmon and windows pipelines). A named import lets the bundler leave
  // out what the CLI never runs (the LogQL validator and its grammar), which shortens start-up.
  const builtin: BackendPlugin = lokiPlugin;
  const loaded = [{ plugin: builtin, source: "@sigma/loki-backend" }];
  const cwd = process.cwd();
  loaded.push(...(await discoverPlugins(cwd, new Set(["@sigma/loki-backend", "@sigma/cli"]))).map(checked));
  for (const spec of explicit) loaded.push(checked(await loadExplicitPlugin(spec, cwd)));
  const plugins = loaded.map((l) => l.plugin);
  const registry = createRegistry(externalSourcesPlugin(allowExternalSources), ...plugins);

  const backendFactories = new Map<string, () => AnyBackend>();
  const targets: TargetInfo[] = [];
  for (const plugin of plugins) {
    for (const [id, factory] of Object.entries(plugin.backends ?? {})) {
      if (backendFactories.has(id)) continue;
      const b = factory();
      backendFactories.set(id, factory);
      targets.push({
        id,
        name: b.name,
        requiresPipeline: b.requiresPipeline === true,
        plugin: plugin.name,
        formats: b.formats,
        correlationMethods: b.correlationMethods,
        optionTypes: optionTypes(b),
      });
    }
  }
  let pipelineList: PipelineInfo[] | undefined;
  const listPipelines = (): PipelineInfo[] =>
    (pipelineList ??= [...registry.pipelines.values()].map((r) => {
      const p = r.create();
      return { id: r.name, name: p.name ?? r.name, priority: p.priority, allowedBackends: [...p.allowedBackends], plugin: r.plugin };
    }));

  return {
    targets,
    get pipelines() {
      return listPipelines();
    },
    plugins: loaded.map((l) => ({ name: l.plugin.name, source: l.source })),

    createBackend(target: string): AnyBackend {
      const factory = backendFactories.get(target);
      if (!factory) throw new SigmaError(`Unknown target '${target}'`);
      return factory();
    },

    yamlLimits: { ...DEFAULT_YAML_LIMITS },

    fileError(path: string, message: string, kind?: "limit") {
      const error = kind === "limit" ? new SigmaLimitError(message, { path }) : new SigmaError(message, { path });
      return { collection: { rules: [], filters: [], errors: [error] }, errors: [error] };
    },

    parseFile(bytes: Uint8Array, path: string, limits?: Readonly<Record<string, number>>) {
      try {
        const collection = parseCollection(bytes, { path, collectErrors: true, resolve: false, ...(limits ? { limits } : {}) });
        return { collection, errors: collectionErrors(collection) };
      } catch (err) {
        const error = located(err, path);
        const collection: SigmaCollection = { rules: [], filters: [], errors: [error] };
        return { collection, errors: [error] };
      }
    },

    buildCollection(parts: readonly SigmaCollection[]) {
      const before = new Set(parts.flatMap((p) => collectionErrors(p)));
      const seen = new Set<string>();
      const unique = parts.map((p) => ({ ...p, filters: uniqueFilters(p.filters, seen) }));
      const merged = mergeCollections(unique, { collectErrors: true });
      const errors = collectionErrors(merged).filter((e) => !before.has(e));
      return { rules: merged.rules.filter((r) => r.errors.length === 0), errors };
    },

    link(rules: readonly ConvertibleRule[], filters: readonly SigmaFilter[]) {
      const before = new Map(rules.map((r) => [r, r.errors.length]));
      mergeCollections([{ rules: [...rules], filters: uniqueFilters(filters), errors: [] }], { collectErrors: true });
      const added = new Map<ConvertibleRule, SigmaError[]>();
      for (const [rule, count] of before) if (rule.errors.length > count) added.set(rule, rule.errors.slice(count));
      return added;
    },

    filterApplies(filter: SigmaFilter, rule: FilterTarget) {
      return filter.errors.length === 0 && logSourceMatches(filter.logsource, rule.logsource) && filterTargets(filter, rule);
    },

    internalCause(error: SigmaError) {
      // The conversion wraps such an exception as "<message> (while <phase> rule <where>)".
      const cause = (error as { cause?: unknown }).cause;
      if (!(cause instanceof Error) || isSigmaError(cause)) return undefined;
      return error.message.startsWith(`${cause.message} (while `) ? cause : undefined;
    },

    async resolvePipelines(specs: readonly string[], target: string | undefined) {
      const expanded: string[] = [];
      for (const spec of specs) {
        // A directory (also written `dir/` or `dir/*`) stands for every .yml file below it.
        const trimmed = spec.replace(/[/*]+$/, "");
        if (trimmed && (await stat(trimmed).then((s) => s.isDirectory(), () => false))) {
          for (const file of expandArgument(trimmed, "*.yml")) {
            // A subdirectory that could not be listed may hold pipelines: its error, not "not found".
            if (file.unlisted) throw new CommandError(`${file.path}: ${readFailure(file.unlisted, "directory")}`);
            expanded.push(file.path);
          }
        } else expanded.push(spec);
      }
      const resolved: { spec: string; pipeline: ProcessingPipeline }[] = [];
      for (const spec of expanded) {
        try {
          const pipeline = resolvePipeline(spec, {
            registry,
            loadFile,
            ...(target !== undefined ? { target } : { skipBackendCheck: true }),
          });
          resolved.push({ spec, pipeline });
        } catch (err) {
          if (err instanceof SigmaPipelineNotFoundError) throw new PipelineResolutionError("not-found", spec);
          if (err instanceof SigmaPipelineNotAllowedForBackendError) throw new PipelineResolutionError("not-allowed", spec);
          throw err;
        }
      }
      // Priority first, then the spec string, as sigma-cli sorts them.
      resolved.sort((a, b) => a.pipeline.priority - b.pipeline.priority || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
      return resolved.map((r): ResolvedPipeline => r.pipeline);
    },

    startConversion(backend: AnyBackend, settings: ConversionSettings) {
      return createConversion(backend, {
        format: settings.format,
        ...(settings.correlationMethod !== undefined ? { correlationMethod: settings.correlationMethod } : {}),
        pipelines: settings.pipelines,
        options: settings.options,
        collectErrors: true,
      });
    },

    modifiers(): Described[] {
      const byClass = new Map<string, { ids: string[]; description: string }>();
      for (const m of MODIFIERS.values()) {
        const entry = byClass.get(m.className) ?? { ids: [], description: m.description };
        entry.ids.push(m.id);
        byClass.set(m.className, entry);
      }
      return [...byClass.values()].map((e) => ({ name: e.ids.join(" / "), description: e.description }));
    },

    transformations(): Described[] {
      return described(registry.transformations, TRANSFORMATION_DESCRIPTIONS);
    },

    conditions(): ConditionInfo[] {
      return [
        ...described(registry.ruleConditions, CONDITION_DESCRIPTIONS).map((d) => ({ ...d, kind: "Rule" as const })),
        ...described(registry.detectionItemConditions, CONDITION_DESCRIPTIONS).map((d) => ({ ...d, kind: "Detection Item" as const })),
        ...described(registry.fieldNameConditions, CONDITION_DESCRIPTIONS).map((d) => ({ ...d, kind: "Field Name" as const })),
      ];
    },
  };
}

/** Names of a registry map with descriptions: the definition's own (plugins), ours, or `-`. */
function described(map: ReadonlyMap<string, { readonly description?: string }>, known: Readonly<Record<string, string>>): Described[] {
  return [...map].map(([name, def]) => {
    const d = def.description;
    return { name, description: typeof d === "string" && d !== "" ? d : (known[name] ?? "-") };
  });
}
