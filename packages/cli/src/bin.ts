#!/usr/bin/env node
// Entry point of the `sigma` command: kept tiny so start-up is fast; everything else loads lazily.
// The esbuild bundle (dist/bundle/main.cjs, see scripts/bundle.mjs) with its V8 code cache loads
// much faster than the ~350 modules of the plain tsc output, which is the fallback when the bundle
// was not built.
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";
import { loadBundle, type Main } from "./bundle-loader.js";

// Node >= 22.1 caches compiled code between runs (compiling is a large part of start-up); no-op on 20.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const load = async (): Promise<Main> => {
  const file = fileURLToPath(new URL("./bundle/main.cjs", import.meta.url));
  if (existsSync(file)) return loadBundle(file, `${file}.cache`).main;
  return (await import("./main.js")) as Main;
};
load()
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
