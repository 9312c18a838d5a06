/**
 * Plugin discovery. A plugin is the default export of an npm package whose package.json lists the
 * keyword `sigma-plugin`; packages are looked for in the nearest `node_modules` directory above
 * the working directory (scoped packages included). `--plugin <module>` loads one module
 * explicitly (a path, or a package name resolved the same way). The Loki plugin is built in.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CommandError } from "./errors.js";
import { importModule } from "./import-module.js";

/** A plugin module's default export, as far as the CLI checks it. */
export interface PluginObject {
  readonly name: string;
  readonly [key: string]: unknown;
}

/** A loaded plugin and where it came from. */
export interface LoadedPlugin {
  readonly plugin: PluginObject;
  /** Package name or file path. */
  readonly source: string;
}

/** The keyword that marks a package as a Sigma plugin. */
export const PLUGIN_KEYWORD = "sigma-plugin";

interface PackageJson {
  name?: string;
  main?: string;
  keywords?: unknown;
  exports?: unknown;
}

/** The nearest `node_modules` directory at or above `from`. */
export async function nearestNodeModules(from: string): Promise<string | undefined> {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, "node_modules");
    if (await stat(candidate).then((s) => s.isDirectory(), () => false)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as PackageJson;
  } catch {
    return undefined;
  }
}

/** The ESM entry of a package directory: `exports` (import/default), then `main`, then index.js. */
function entryOf(dir: string, pkg: PackageJson): string {
  const pick = (value: unknown): string | undefined => {
    if (typeof value === "string") return value;
    if (value && typeof value === "object") {
      const v = value as Record<string, unknown>;
      return pick(v["."]) ?? pick(v["import"]) ?? pick(v["node"]) ?? pick(v["default"]);
    }
    return undefined;
  };
  return join(dir, pick(pkg.exports) ?? pkg.main ?? "index.js");
}

/** Package directories in a node_modules directory (`name` and `@scope/name`). */
async function packageDirs(nodeModules: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(nodeModules).catch(() => [] as string[])) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      for (const sub of await readdir(join(nodeModules, entry)).catch(() => [] as string[])) out.push(join(nodeModules, entry, sub));
    } else out.push(join(nodeModules, entry));
  }
  return out.sort();
}

async function importPlugin(file: string, source: string): Promise<LoadedPlugin> {
  let mod: { default?: unknown };
  try {
    mod = (await importModule(pathToFileURL(file).href)) as { default?: unknown };
  } catch (err) {
    throw new CommandError(`Could not load plugin '${source}': ${(err as Error).message}`);
  }
  const plugin = mod.default;
  if (!plugin || typeof plugin !== "object" || typeof (plugin as { name?: unknown }).name !== "string") {
    throw new CommandError(`Plugin '${source}' has no default export with a 'name' (expected a plugin object).`);
  }
  return { plugin: plugin as PluginObject, source };
}

/** Finds and loads the plugin packages in the nearest node_modules (skipping names in `skip`). */
export async function discoverPlugins(cwd: string, skip: ReadonlySet<string>): Promise<LoadedPlugin[]> {
  const nodeModules = await nearestNodeModules(cwd);
  if (!nodeModules) return [];
  const found: LoadedPlugin[] = [];
  for (const dir of await packageDirs(nodeModules)) {
    const pkg = await readPackageJson(dir);
    if (!pkg?.name || skip.has(pkg.name)) continue;
    if (!Array.isArray(pkg.keywords) || !pkg.keywords.includes(PLUGIN_KEYWORD)) continue;
    found.push(await importPlugin(entryOf(dir, pkg), pkg.name));
  }
  return found;
}

/** Loads a `--plugin` module: a file path, a package directory, or a package name. */
export async function loadExplicitPlugin(spec: string, cwd: string): Promise<LoadedPlugin> {
  const asPath = resolve(cwd, spec);
  const info = await stat(asPath).catch(() => undefined);
  if (info?.isFile()) return importPlugin(asPath, spec);
  if (info?.isDirectory()) {
    const pkg = await readPackageJson(asPath);
    return importPlugin(entryOf(asPath, pkg ?? {}), spec);
  }
  const nodeModules = await nearestNodeModules(cwd);
  const dir = nodeModules ? join(nodeModules, spec) : undefined;
  const pkg = dir ? await readPackageJson(dir) : undefined;
  if (!dir || !pkg) throw new CommandError(`Plugin module '${spec}' not found (looked for a file, a directory and a package in node_modules).`);
  return importPlugin(entryOf(dir, pkg), spec);
}
