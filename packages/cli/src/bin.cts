#!/usr/bin/env node
// Entry point of the `sigma` command: kept tiny so start-up is fast; everything else loads lazily.
// CommonJS, so that Node does not set up its ES module loader before the command runs. The esbuild
// bundle (dist/bundle/main.cjs, see scripts/bundle.mjs) with its V8 code cache loads much faster
// than the ~350 modules of the plain tsc output. The published package ships only the bundle; the
// tsc output is the fallback in the workspace when the bundle was not built.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: `import x = require()` is its import under verbatimModuleSyntax */
import fs = require("node:fs");
import nodeModule = require("node:module");
import path = require("node:path");
import loadBundle = require("./bundle-loader.cjs");

// Node >= 22.1 caches compiled code between runs (compiling is a large part of start-up); no-op on 20.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const load = async (): Promise<loadBundle.Main> => {
  const file = path.join(__dirname, "bundle", "main.cjs");
  if (fs.existsSync(file)) return loadBundle(file, `${file}.cache`).main;
  return (await import("./main.js")) as loadBundle.Main;
};
load()
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
