/**
 * The one place where the conformance runner and the benchmark meet the project's public API:
 * parse one file on its own and convert it with a fresh backend (Loki's, or a plugin's for
 * configurations with a `target`). When the API changes, only this file changes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AnyBackend, BackendPlugin } from "@sigma/backend";
import {
  LokiBackend,
  SigmaError,
  convert,
  createConversion,
  lokiRegistry,
  parseCollection,
  resolvePipeline,
  type ConvertOptions,
  type SigmaCollection,
} from "@sigma/loki-backend";
import { validateLogQL } from "@sigma/loki-backend/validate";
import type { ConformanceConfig } from "./configs.js";
import type { FileOutcome } from "./expected.js";
import { REPO_ROOT } from "./paths.js";

/** Backend factories of the loaded plugins, by identifier. */
const pluginBackends = new Map<string, () => AnyBackend>();

/**
 * Loads the plugin packages the configurations name (paths from the repository root), from their
 * sources (the runner runs on sources), so that their targets can be converted with.
 */
export async function loadPlugins(configs: readonly ConformanceConfig[]): Promise<void> {
  for (const path of new Set(configs.flatMap((c) => c.plugins ?? []))) {
    const dir = join(REPO_ROOT, path);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      exports?: { "."?: { source?: string; default?: string } };
      main?: string;
    };
    const entry = pkg.exports?.["."]?.source ?? pkg.exports?.["."]?.default ?? pkg.main ?? "index.js";
    const plugin = ((await import(pathToFileURL(join(dir, entry)).href)) as { default: BackendPlugin }).default;
    for (const [id, factory] of Object.entries(plugin.backends ?? {})) pluginBackends.set(id, factory);
  }
}

/** A fresh backend for a configuration. */
function backendFor(config: ConformanceConfig): AnyBackend {
  if (config.target === undefined) return new LokiBackend();
  const factory = pluginBackends.get(config.target);
  if (factory === undefined) throw new AdapterError(`target '${config.target}' is not provided by a loaded plugin (loadPlugins)`);
  return factory();
}

/** A parsed file: the collection, or the error that stopped it from being read. */
export type ParsedFile =
  | { readonly collection: SigmaCollection; readonly error?: undefined }
  | { readonly error: { readonly type: string; readonly message: string }; readonly collection?: undefined };

/** Parses one rule file on its own, collecting rule errors. */
export function parseFile(path: string, text: string): ParsedFile {
  try {
    return { collection: parseCollection(text, { path, collectErrors: true }) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** The `logsource.product` values of the detection rules in a parsed file. */
export function fileProducts(parsed: ParsedFile): string[] {
  if (parsed.collection === undefined) return [];
  return parsed.collection.rules.flatMap((rule) =>
    rule.kind === "rule" && rule.logsource.product !== undefined ? [rule.logsource.product] : [],
  );
}

/** Resolves registered pipeline names (Loki, sysmon and windows pipelines) in the given order. */
function resolvePipelines(names: readonly string[], target = "loki"): NonNullable<ConvertOptions["pipelines"]> {
  if (names.length === 0) return [];
  registry ??= lokiRegistry();
  const options = { registry, target };
  return names.map((name) => resolvePipeline(name, options));
}

let registry: ReturnType<typeof lokiRegistry> | undefined;

/** A limitation of this adapter (not a rule error). */
export class AdapterError extends Error {}

/** Converts a parsed file with a fresh backend as `config` says. */
export function convertParsed(parsed: ParsedFile, config: ConformanceConfig): FileOutcome {
  if (parsed.collection === undefined) return { error: parsed.error };
  const { collection } = parsed;
  const firstCollectionError = collection.errors[0];
  if (firstCollectionError !== undefined) return { error: describeError(firstCollectionError) };
  try {
    const result = convert(backendFor(config), collection, {
      format: config.format,
      pipelines: resolvePipelines(config.pipelines, config.target),
      options: config.options,
    });
    const firstError = result.errors[0];
    if (firstError !== undefined) return { error: describeError(firstError) };
    if (config.format === "default") {
      const queries = Array.isArray(result.output) ? result.output : [];
      return { queries: queries.map((q) => String(q)) };
    }
    return { queries: typeof result.output === "string" ? [result.output] : [] };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** Parses and converts one file. */
export function convertFile(path: string, text: string, config: ConformanceConfig): FileOutcome {
  return convertParsed(parseFile(path, text), config);
}

function describeError(error: unknown): { type: string; message: string } {
  if (error instanceof SigmaError || error instanceof Error) return { type: error.name, message: error.message };
  return { type: "Error", message: String(error) };
}

/** LogQL problems of one query (the Loki backend's validator); none for other targets' queries. */
export function validateQuery(query: string, config: ConformanceConfig): readonly { message: string; from: number; to: number }[] {
  return config.target === undefined ? validateLogQL(query) : [];
}

/** A conversion run split into its stages, for the benchmark. */
export interface StagedRun {
  /** Applies pipelines and converts every rule (no output finalisation). */
  convert(): void;
  /** Output finalisation of the converted rules. */
  finalize(): unknown;
}

/** Prepares a staged conversion of a parsed collection with a fresh backend. */
export function stagedConversion(collection: SigmaCollection, config: ConformanceConfig): StagedRun {
  const session = createConversion(new LokiBackend(), {
    format: config.format,
    pipelines: resolvePipelines(config.pipelines),
    options: config.options,
  });
  let results: ReturnType<typeof session.convertEach> extends Generator<infer R> ? R[] : never = [];
  return {
    convert(): void {
      results = [...session.convertEach(collection)];
    },
    finalize(): unknown {
      return session.finalize(results);
    },
  };
}
