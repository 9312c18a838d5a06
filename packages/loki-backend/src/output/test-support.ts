// Test helpers only (not exported from the package): read the reference's expected outputs.
import { readFileSync } from "node:fs";

/** The shared reference material, resolved from this file so tests work from any cwd. */
export const SHARED = new URL("../../../../../shared/", import.meta.url);

/** One line of an `expected/<config>.jsonl` file. */
export interface ExpectedLine {
  readonly path: string;
  readonly queries?: readonly string[];
  readonly error?: { readonly type: string; readonly message: string };
}

/** All lines of `conformance/expected/<config>.jsonl`. */
export function readExpected(config: string): ExpectedLine[] {
  const text = readFileSync(new URL(`conformance/expected/${config}.jsonl`, SHARED), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ExpectedLine);
}
