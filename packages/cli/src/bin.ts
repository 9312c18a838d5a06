#!/usr/bin/env node
// Entry point of the `sigma` command: kept tiny so start-up is fast; everything else loads lazily.
// The esbuild bundle (dist/bundle/, see scripts/bundle.mjs) loads much faster than the ~350
// modules of the plain tsc output, which is the fallback when the bundle was not built.
import * as nodeModule from "node:module";

interface Main {
  main(argv: readonly string[]): Promise<number>;
}
// Node >= 22.1 caches compiled code between runs (compiling is a large part of start-up); no-op on 20.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const load = (): Promise<Main> =>
  import(new URL("./bundle/main.js", import.meta.url).href as string).then(
    (m: Main) => m,
    (err: NodeJS.ErrnoException) => {
      if (err.code !== "ERR_MODULE_NOT_FOUND") throw err;
      return import("./main.js");
    },
  );
load()
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
