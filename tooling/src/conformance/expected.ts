/** The reference's outputs per file (`fixtures/conformance/expected/<config>.jsonl`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "./paths.js";

/** An error as recorded by the reference (type name and message). */
export interface RecordedError {
  readonly type: string;
  readonly message: string;
}

/** What one file converted to: its queries (one YAML text for YAML formats) or an error. */
export type FileOutcome =
  | { readonly queries: readonly string[]; readonly error?: undefined }
  | { readonly error: RecordedError; readonly queries?: undefined };

/** One line of an expected file; `path` is relative to the fixtures folder. */
export type ExpectedEntry = FileOutcome & { readonly path: string };

/** Parses the JSON-lines text of an expected file. */
export function parseExpected(text: string): ExpectedEntry[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ExpectedEntry);
}

/** The expected entries of one configuration. */
export function loadExpected(config: string, dir: string = CONFORMANCE_DIR): ExpectedEntry[] {
  return parseExpected(readFileSync(join(dir, "expected", `${config}.jsonl`), "utf8"));
}
