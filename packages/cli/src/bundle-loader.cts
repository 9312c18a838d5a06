/**
 * Runs the single-file CommonJS bundle (dist/bundle/main.cjs) through `vm.Script` with V8's code
 * cache (dist/bundle/main.cjs.cache, written at build time by scripts/code-cache.mjs). Node 20 has
 * no compile cache of its own, and compiling the bundle plus the functions a conversion first runs
 * is most of the CLI's start-up beyond Node's; with the cache V8 deserializes them instead. A cache
 * from another Node/V8 is rejected by V8 and the bundle is simply compiled.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: `import x = require()` is its import under verbatimModuleSyntax */
import fs = require("node:fs");
import nodeModule = require("node:module");
import path = require("node:path");
import vm = require("node:vm");

// eslint-disable-next-line @typescript-eslint/no-namespace -- the types of a CommonJS `export =`
declare namespace loadBundle {
  /** What the bundle exports (src/main.ts). */
  interface Main {
    main(argv: readonly string[]): Promise<number>;
  }
  /** The loaded bundle, with the script to make a code cache from once it has run. */
  interface LoadedBundle {
    readonly main: Main;
    readonly script: vm.Script;
  }
}

/**
 * Loads `file` (the bundle) with the code cache `cache` if readable. The script gets the usual
 * CommonJS variables plus `__hostImport`: `import()` is unavailable inside a vm script (it needs an
 * experimental option, and functions from a code cache lose it), so the bundle's plugin loading
 * (src/import-module.ts) calls this module's.
 */
function loadBundle(file: string, cache: string | undefined): loadBundle.LoadedBundle {
  const require = nodeModule.createRequire(file);
  const source = fs.readFileSync(file, "utf8");
  let cachedData: Buffer | undefined;
  try {
    if (cache !== undefined) cachedData = fs.readFileSync(cache);
  } catch {
    // No cache: compile.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __hostImport) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as loadBundle.Main };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const hostImport = (url: string): Promise<unknown> => import(url);
  run(module.exports, require, module, file, path.dirname(file), hostImport);
  return { main: module.exports, script };
}

export = loadBundle;
