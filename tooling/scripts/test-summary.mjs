#!/usr/bin/env node
// Sums the vitest JSON results every package wrote (.test-results.json) into one closing line,
// "N passed, N failed", so CI logs end with the whole monorepo's count.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dirs = [join(root, "tooling"), ...readdirSync(join(root, "packages")).map((d) => join(root, "packages", d))];
let passed = 0, failed = 0, skipped = 0;
for (const dir of dirs) {
  const file = join(dir, ".test-results.json");
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, "utf8"));
  passed += result.numPassedTests ?? 0;
  failed += (result.numFailedTests ?? 0) + (result.success === false && !result.numFailedTests ? 1 : 0);
  skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  console.log(`${dir.slice(root.length + 1)}: ${result.numPassedTests} passed, ${result.numFailedTests} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
