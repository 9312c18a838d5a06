// Writes dist/bundle/main.cjs.cache: loads the bundle as dist/bin.cjs does, runs a conversion of a
// small rule so that the functions a run needs are compiled, and saves V8's code cache of them,
// headed by the Node build that made it (src/bundle-loader.cts). Run by scripts/bundle.mjs in its
// own process; a fresh process then checks that V8 accepts the cache. The conversion's output goes
// to a temporary file, never to a device: an -o target is replaced by an atomic rename, which
// would turn /dev/null into a regular file when run as root.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import loadBundle from "../dist/bundle-loader.cjs";

const file = fileURLToPath(new URL("../dist/bundle/main.cjs", import.meta.url));
const rule = fileURLToPath(new URL("../test/fixtures/rules/proc_httpd_cmd.yml", import.meta.url));
const bundle = loadBundle(file, undefined);
const scratch = mkdtempSync(join(tmpdir(), "sigma-code-cache-"));
let code;
try {
  code = await bundle.main.main(["convert", "-t", "loki", rule, "-o", join(scratch, "out.logql")]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (code !== 0) throw new Error(`warm-up conversion exited with ${code}`);
bundle.saveCache(`${file}.cache`);

const bin = fileURLToPath(new URL("../dist/bin.cjs", import.meta.url));
const check = spawnSync(process.execPath, [bin, "version"], { encoding: "utf8", env: { ...process.env, NODE_DEBUG: "sigma" } });
if (check.status !== 0 || !/code cache .*: accepted/.test(check.stderr)) {
  throw new Error(`the new code cache was not accepted by a fresh process:\n${check.stdout}${check.stderr}`);
}
process.exitCode = 0;
