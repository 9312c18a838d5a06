/** The corpus rule files (every `*.yml` under `rules*` folders of the SigmaHQ corpus in fixtures/). */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";

/** Absolute path of the fixtures folder. */
export const FIXTURES = fileURLToPath(new URL("../../../fixtures/", import.meta.url));
export const CORPUS = join(FIXTURES, "corpus", "sigma");

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith(".yml")) out.push(full);
  }
}

/** Every corpus rule file, sorted, with its path relative to the fixtures folder. */
export function corpusFiles(): { path: string; file: string }[] {
  const files: string[] = [];
  for (const entry of readdirSync(CORPUS, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith("rules")) walk(join(CORPUS, entry.name), files);
  }
  return files.sort().map((file) => ({ file, path: relative(FIXTURES, file) }));
}

export function read(file: string): string {
  return readFileSync(file, "utf8");
}
