/**
 * Runs the single-file CommonJS bundle (dist/bundle/main.cjs) through `vm.Script` with V8's code
 * cache (dist/bundle/main.cjs.cache, written at build time by scripts/code-cache.mjs). Node 20 has
 * no compile cache of its own, and compiling the bundle plus the functions a conversion first runs
 * is most of the CLI's start-up beyond Node's; with the cache V8 deserializes them instead.
 *
 * A code cache is only valid for the V8 that made it, and the published package carries the one
 * made on the build machine. So the cache file starts with a line naming the Node build that made
 * it (Node version, V8 version with Node's patch level, CPU architecture); under any other Node
 * the cache is not handed to V8 at all, and whatever V8 itself rejects (`cachedDataRejected`:
 * other V8 flags, another source) is dropped too. Either way the bundle is simply compiled.
 * `NODE_DEBUG=sigma` prints what became of the cache.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: `import x = require()` is its import under verbatimModuleSyntax */
import fs = require("node:fs");
import nodeModule = require("node:module");
import path = require("node:path");
import util = require("node:util");
import vm = require("node:vm");

// eslint-disable-next-line @typescript-eslint/no-namespace -- the types of a CommonJS `export =`
declare namespace loadBundle {
  /** What the bundle exports (src/main.ts). */
  interface Main {
    main(argv: readonly string[]): Promise<number>;
  }
  /**
   * What became of the code cache: used by V8, rejected by V8, made by another Node build (not
   * given to V8), or no cache file.
   */
  type CacheStatus = "accepted" | "rejected" | "other-node" | "absent";
  /** The loaded bundle. */
  interface LoadedBundle {
    readonly main: Main;
    readonly cache: CacheStatus;
    /** Writes the code cache of what has run so far, for this Node build, to `file`. */
    saveCache(file: string): void;
  }
}

const debug = util.debuglog("sigma");

/** The first line of a cache file: the Node build whose V8 made it, and the only one that may use it. */
function cacheHeader(): Buffer {
  return Buffer.from(`sigma-code-cache node-${process.version} v8-${process.versions.v8} ${process.arch}\n`, "latin1");
}

/** The V8 data of `file` if this Node build made it, or why there is none. */
function readCache(file: string | undefined): { data?: Buffer; status: "absent" | "other-node" | "ours" } {
  let bytes: Buffer;
  try {
    if (file === undefined) return { status: "absent" };
    bytes = fs.readFileSync(file);
  } catch {
    return { status: "absent" };
  }
  const header = cacheHeader();
  if (bytes.length <= header.length || !bytes.subarray(0, header.length).equals(header)) return { status: "other-node" };
  return { data: bytes.subarray(header.length), status: "ours" };
}

/**
 * Loads `file` (the bundle) with the code cache `cache` if this Node build made it. The script gets
 * the usual CommonJS variables plus `__hostImport`: `import()` is unavailable inside a vm script (it
 * needs an experimental option, and functions from a code cache lose it), so the bundle's plugin
 * loading (src/import-module.ts) calls this module's.
 */
function loadBundle(file: string, cache: string | undefined): loadBundle.LoadedBundle {
  const require = nodeModule.createRequire(file);
  const source = fs.readFileSync(file, "utf8");
  const cached = readCache(cache);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __hostImport) {${source}\n})`, {
    filename: file,
    ...(cached.data ? { cachedData: cached.data } : {}),
  });
  const status: loadBundle.CacheStatus = cached.status === "ours" ? (script.cachedDataRejected === true ? "rejected" : "accepted") : cached.status;
  debug("code cache %s: %s", cache ?? "(none)", status);
  const module = { exports: {} as loadBundle.Main };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const hostImport = (url: string): Promise<unknown> => import(url);
  run(module.exports, require, module, file, path.dirname(file), hostImport);
  return {
    main: module.exports,
    cache: status,
    saveCache: (to) => fs.writeFileSync(to, Buffer.concat([cacheHeader(), script.createCachedData()])),
  };
}

export = loadBundle;
