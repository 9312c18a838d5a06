#!/usr/bin/env node
// Entry point of the `sigma` command: kept tiny so start-up is fast; everything else loads lazily.
// The esbuild bundle (dist/bundle/, see scripts/bundle.mjs) loads much faster than the ~350
// modules of the plain tsc output, which is the fallback when the bundle was not built.
interface Main {
  main(argv: readonly string[]): Promise<number>;
}
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
