import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Builds the package and its references (`tsc -b`, then the esbuild bundle) once before the tests
 * spawn `dist/bin.cjs`.
 * Errors in this package fail the run; errors reported for other workspace packages are shown
 * but do not stop the CLI tests (tsc still emits this package).
 */
export default function setup(): void {
  const dir = fileURLToPath(new URL("..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-b"], { cwd: dir, encoding: "utf8" });
  const output = `${r.stdout}${r.stderr}`;
  const own = output.split("\n").filter((l) => /^src\/|packages\/cli\//.test(l));
  if (own.length > 0 || !existsSync(new URL("../dist/bin.cjs", import.meta.url))) {
    throw new Error(`build of @sigma/cli failed:\n${output}`);
  }
  if (r.status !== 0) process.stderr.write(`warning: tsc -b reported errors outside @sigma/cli:\n${output}\n`);
  // The fast single-bundle build that dist/bin.cjs prefers.
  const bundle = spawnSync(process.execPath, ["scripts/bundle.mjs"], { cwd: dir, encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`bundling @sigma/cli failed:\n${bundle.stdout}${bundle.stderr}`);
}
