/**
 * The {@link Engine} implemented with the library packages. Loaded lazily by `loadEngine`.
 */
import { readFile, stat } from "node:fs/promises";
import { SigmaError, MODIFIERS, collectionErrors, mergeCollections, parseCollection } from "@sigma/core";
import type { SigmaCollection } from "@sigma/core";
import { createConversion } from "@sigma/backend";
import type { AnyBackend } from "@sigma/backend";
import * as processing from "@sigma/processing";
import type { OptionType } from "./backend-options.js";
import { PipelineResolutionError } from "./engine.js";
import type { ConditionInfo, ConversionSettings, Described, Engine, PipelineInfo, ResolvedPipeline, TargetInfo } from "./engine.js";
import { expandArgument } from "./inputs.js";
import { discoverPlugins, loadExplicitPlugin } from "./plugins.js";
import type { LoadedPlugin } from "./plugins.js";

/** The parts of a plugin object the CLI uses (see `BackendPlugin` in @sigma/backend). */
interface PluginShape {
  readonly name: string;
  readonly backends?: Readonly<Record<string, () => AnyBackend>>;
  readonly pipelines?: Readonly<Record<string, unknown>>;
}

/** Pipeline data (the pipeline YAML schema) as far as the listing needs it. */
interface PipelineHeader {
  readonly name?: unknown;
  readonly priority?: unknown;
  readonly allowed_backends?: unknown;
  readonly allowedBackends?: unknown;
}

function header(p: unknown): PipelineHeader {
  const value = typeof p === "function" ? (p as () => unknown)() : p;
  return value && typeof value === "object" ? (value as PipelineHeader) : {};
}

function optionTypes(backend: AnyBackend): Record<string, OptionType> {
  const out: Record<string, OptionType> = {};
  for (const [key, spec] of Object.entries(backend.options)) out[key] = spec.type;
  return out;
}

const api = processing as unknown as Record<string, unknown>;

function located(err: unknown, path: string): SigmaError {
  if (err instanceof SigmaError) return err.locate({ path });
  return new SigmaError(err instanceof Error ? err.message : String(err), { path });
}

/** Builds the engine: the built-in Loki plugin, discovered plugins, then `--plugin` modules. */
export async function createEngine(explicit: readonly string[]): Promise<Engine> {
  const loki = (await import("@sigma/loki-backend")) as unknown as { default?: PluginShape };
  const loaded: LoadedPlugin[] = [];
  if (loki.default) loaded.push({ plugin: loki.default as unknown as LoadedPlugin["plugin"], source: "@sigma/loki-backend" });
  const cwd = process.cwd();
  loaded.push(...(await discoverPlugins(cwd, new Set(["@sigma/loki-backend", "@sigma/cli"]))));
  for (const spec of explicit) loaded.push(await loadExplicitPlugin(spec, cwd));
  const plugins = loaded.map((l) => l.plugin as unknown as PluginShape);

  const backendFactories = new Map<string, () => AnyBackend>();
  const targets: TargetInfo[] = [];
  const pipelineData = new Map<string, unknown>();
  const pipelines: PipelineInfo[] = [];
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
    for (const [id, data] of Object.entries(plugin.pipelines ?? {})) {
      if (pipelineData.has(id)) continue;
      pipelineData.set(id, data);
      const h = header(data);
      const allowed = h.allowed_backends ?? h.allowedBackends;
      pipelines.push({
        id,
        name: typeof h.name === "string" ? h.name : id,
        priority: typeof h.priority === "number" ? h.priority : 0,
        allowedBackends: Array.isArray(allowed) ? allowed.map(String) : [],
        plugin: plugin.name,
      });
    }
  }

  const fromData = (data: unknown, path?: string): ResolvedPipeline => {
    const build = api["pipelineFromData"] ?? api["createPipelineFromData"];
    if (typeof build !== "function") throw new SigmaError("pipeline loading is not available");
    return (build as (d: unknown, o: unknown) => ResolvedPipeline)(data, path === undefined ? {} : { path });
  };
  const fromYaml = (text: string, path: string): ResolvedPipeline => {
    const load = api["loadPipelineYaml"];
    if (typeof load !== "function") throw new SigmaError("pipeline loading is not available");
    return (load as (t: string, o: unknown) => ResolvedPipeline)(text, { path });
  };

  return {
    targets,
    pipelines,
    plugins: loaded.map((l) => ({ name: l.plugin.name, source: l.source })),

    createBackend(target: string): AnyBackend {
      const factory = backendFactories.get(target);
      if (!factory) throw new SigmaError(`Unknown target '${target}'`);
      return factory();
    },

    parseFile(bytes: Uint8Array, path: string) {
      try {
        const collection = parseCollection(bytes, { path, collectErrors: true, resolve: false });
        return { collection, errors: collectionErrors(collection) };
      } catch (err) {
        const error = located(err, path);
        const collection: SigmaCollection = { rules: [], filters: [], errors: [error] };
        return { collection, errors: [error] };
      }
    },

    buildCollection(parts: readonly SigmaCollection[]) {
      const before = new Set(parts.flatMap((p) => collectionErrors(p)));
      const merged = mergeCollections(parts, { collectErrors: true });
      const errors = collectionErrors(merged).filter((e) => !before.has(e));
      return { rules: merged.rules.filter((r) => r.errors.length === 0), errors };
    },

    async resolvePipelines(specs: readonly string[], target: string | undefined) {
      const resolved: { spec: string; priority: number; pipeline: ResolvedPipeline }[] = [];
      const add = (spec: string, pipeline: ResolvedPipeline): void => {
        resolved.push({ spec, priority: pipeline.priority ?? 0, pipeline });
      };
      const fromFile = async (spec: string): Promise<void> => {
        let text: string;
        try {
          text = await readFile(spec, "utf8");
        } catch {
          throw new PipelineResolutionError("not-found", spec);
        }
        add(spec, fromYaml(text, spec));
      };
      for (const spec of specs) {
        const trimmed = spec.replace(/[/*]+$/, "");
        if (trimmed && (await stat(trimmed).then((s) => s.isDirectory(), () => false))) {
          for (const file of await expandArgument(trimmed, "*.yml")) await fromFile(file.path);
          continue;
        }
        const info = pipelines.find((p) => p.id === spec);
        if (info) {
          if (target !== undefined && info.allowedBackends.length > 0 && !info.allowedBackends.includes(target)) {
            throw new PipelineResolutionError("not-allowed", spec);
          }
          const data = pipelineData.get(spec);
          add(spec, fromData(typeof data === "function" ? (data as () => unknown)() : data));
          continue;
        }
        await fromFile(spec);
      }
      // Priority first, then the spec string, as sigma-cli sorts them.
      resolved.sort((a, b) => a.priority - b.priority || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
      return resolved.map((r) => r.pipeline);
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
      return registryEntries("transformations");
    },

    conditions(): ConditionInfo[] {
      return [
        ...registryEntries("ruleConditions").map((d) => ({ ...d, kind: "Rule" as const })),
        ...registryEntries("detectionItemConditions").map((d) => ({ ...d, kind: "Detection Item" as const })),
        ...registryEntries("fieldNameConditions").map((d) => ({ ...d, kind: "Field Name" as const })),
      ];
    },
  };
}

function registryEntries(kind: string): Described[] {
  const registry = api[kind] ?? (api["registries"] as Record<string, unknown> | undefined)?.[kind];
  if (!registry || typeof registry !== "object") return [];
  const entries = registry instanceof Map ? [...registry.entries()] : Object.entries(registry);
  return entries.map(([name, def]) => ({
    name: String(name),
    description: typeof (def as { description?: unknown })?.description === "string" ? (def as { description: string }).description : "-",
  }));
}
