// Bundles the CLI and the workspace libraries into dist/bundle/ (ESM, code-split so commands still
// load lazily). Loading ~350 small modules costs more than the conversion of a rule; one bundle
// keeps `sigma convert` of one rule fast. Everything is bundled (the libraries' own dependencies
// are not resolvable from this package in pnpm's strict layout). dist/bin.js prefers the bundle and falls back to the
// unbundled tsc output when the bundle is missing.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// Chunk names carry content hashes: start from an empty directory so stale chunks do not pile up.
rmSync(new URL("../dist/bundle", import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: "src/main.ts" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  conditions: ["source"],
  logLevel: "warning",
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
