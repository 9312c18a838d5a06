// Writes dist/bundle/main.cjs.cache: loads the bundle as dist/bin.cjs does, runs a conversion of a
// small rule so that the functions a run needs are compiled, and saves V8's code cache of them.
// Run by scripts/bundle.mjs in its own process (the conversion's output goes to /dev/null).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import loadBundle from "../dist/bundle-loader.cjs";

const file = fileURLToPath(new URL("../dist/bundle/main.cjs", import.meta.url));
const rule = fileURLToPath(new URL("../test/fixtures/rules/proc_httpd_cmd.yml", import.meta.url));
const { main, script } = loadBundle(file, undefined);
const code = await main.main(["convert", "-t", "loki", rule, "-o", "/dev/null"]);
if (code !== 0) throw new Error(`warm-up conversion exited with ${code}`);
writeFileSync(`${file}.cache`, script.createCachedData());
process.exitCode = 0;
