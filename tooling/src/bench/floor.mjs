// The floor under any js-yaml based converter: Node starts, walks the corpus folders given as
// arguments, reads every .yml file and parses it with js-yaml's default schema, and does nothing
// else (no positions, no rule model, no conversion). `--no-yaml` stops after reading.
// Prints one JSON line with the in-script stage times in milliseconds.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const parse = !args.includes("--no-yaml");
const roots = args.filter((a) => a !== "--no-yaml");
const t0 = performance.now();
const { loadAll } = parse ? await import("js-yaml") : { loadAll: undefined };
const t1 = performance.now();
const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith(".yml")) files.push(full);
  }
};
for (const root of roots) walk(root);
const t2 = performance.now();
const texts = files.map((file) => readFileSync(file, "utf8"));
const t3 = performance.now();
let documents = 0;
if (loadAll) {
  for (const text of texts) {
    try {
      documents += loadAll(text).length;
    } catch {
      // a broken file costs what it costs; the floor only times parsing
    }
  }
}
const t4 = performance.now();
const ms = (a, b) => Math.round((b - a) * 10) / 10;
process.stdout.write(
  JSON.stringify({ files: files.length, documents, importMs: ms(t0, t1), walkMs: ms(t1, t2), readMs: ms(t2, t3), yamlMs: ms(t3, t4) }) + "\n",
);
