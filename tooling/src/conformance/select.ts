/** Which files a configuration converts: every rule file, or those of one `logsource.product`. */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { FIXTURES_DIR } from "./paths.js";

/** Roots of the files the reference converted, relative to the fixtures folder. */
export const CORPUS_ROOTS = ["corpus/sigma/rules", "conformance/cases"] as const;

/** Every `.yml` file under the roots, as paths relative to the fixtures folder, sorted. */
export function listRuleFiles(fixturesDir: string = FIXTURES_DIR): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".yml") || entry.name.endsWith(".yaml")) files.push(relative(fixturesDir, full));
    }
  };
  for (const root of CORPUS_ROOTS) walk(join(fixturesDir, root));
  return files.sort();
}

/**
 * Whether a file belongs to a configuration's selection. `products` are the products of the
 * file's parsed rules; when the file could not be parsed, its text is searched instead.
 */
export function isSelected(select: string | null, products: readonly string[], text: string): boolean {
  if (select === null) return true;
  if (products.length > 0) return products.includes(select);
  const escaped = select.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\s+product:\\s*['"]?${escaped}['"]?\\s*$`, "m").test(text);
}
