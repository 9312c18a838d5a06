/**
 * Finds files that refer to the reference drop in the folder `shared` beside the repository: a
 * clone holds only the repository, so such a file breaks wherever the drop is not next to it. The
 * data lives in fixtures/ instead (fixtures/README.md). These files never spell the drop's
 * relative path out, so that the check does not find itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** The folders that are searched (relative to the repository root). */
export const SEARCHED = ["packages", "tooling", ".ci"] as const;
/** Folders never searched: installed, built or generated files. */
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".turbo", "coverage", "conformance-report"]);
/** Files never searched: release notes may quote old paths; test results are generated. */
const SKIPPED_FILES = new Set(["CHANGELOG.md", ".test-results.json"]);
/** The drop's path relative to the repository root. */
export const DROP = ["..", "shared"].join("/");
/** DROP as a path segment, with `/`, `\` or (in a string literal) `\\\\` as separator. */
const REFERENCE = /\.\.(?:\/|\\{1,2})shared(?![\w-])/;

/** A line that refers to the drop. */
export interface SharedReference {
  /** Path relative to the root, with `/`. */
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function* files(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a searched folder that does not exist has nothing to report
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* files(path);
    } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name)) {
      yield path;
    }
  }
}

/** Every line under `root`'s searched folders that refers to DROP. */
export function findSharedReferences(root: string): SharedReference[] {
  const found: SharedReference[] = [];
  for (const top of SEARCHED) {
    for (const path of files(join(root, top))) {
      const text = readFileSync(path, "latin1");
      if (!REFERENCE.test(text)) continue;
      text.split("\n").forEach((line, index) => {
        if (REFERENCE.test(line)) found.push({ file: relative(root, path).split("\\").join("/"), line: index + 1, text: line.trim() });
      });
    }
  }
  return found;
}
