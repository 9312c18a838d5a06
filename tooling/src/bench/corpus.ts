/** The benchmark's corpus: every rule folder of the pinned SigmaHQ copy (3,780 files). */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "../conformance/paths.js";

/** `fixtures/corpus/sigma/`. */
export const CORPUS_DIR = join(FIXTURES_DIR, "corpus/sigma");

/** The rule folders (`rules`, `rules-emerging-threats`, …); `regression_data` holds no rules. */
export function corpusRoots(dir: string = CORPUS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^rules(?:-|$)/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Every `.yml` file below the roots (absolute paths, code-point order as the CLI sorts). */
export function corpusFiles(roots: readonly string[] = corpusRoots()): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".yml")) files.push(full);
    }
  };
  for (const root of roots) walk(root);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
