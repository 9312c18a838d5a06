/**
 * Test helpers: build a rule from a detection written as YAML flow text and convert it.
 */
import { convert } from "@sigma/backend";
import { parseCollection, type SigmaError } from "@sigma/core";
import { LokiBackend } from "../../src/index.js";

/** A rule document around a detection (YAML flow text) with an optional logsource and extra keys. */
export function ruleText(detection: string, logsource = "{category: test_category, product: test_product}", extra = ""): string {
  return [
    "title: Test",
    "id: 5638f7c0-ac70-491d-8465-2a65075e0d86",
    "status: test",
    `logsource: ${logsource}`,
    `detection: ${detection}`,
    extra,
  ].join("\n");
}

/** The outcome of converting a text: the output, or the first error. */
export interface Converted {
  readonly output: unknown;
  readonly error?: SigmaError;
}

/** Converts every document of `text` with the Loki backend. */
export function convertText(
  text: string,
  options: Record<string, unknown> = {},
  format = "default",
): Converted {
  const collection = parseCollection(text, { path: "test.yml", collectErrors: true });
  const first = collection.errors[0];
  if (first) return { output: undefined, error: first };
  const result = convert(new LokiBackend(), collection, { format, options });
  const error = result.errors[0];
  return error ? { output: result.output, error } : { output: result.output };
}

/** The queries of a detection in the default format (throws the first error). */
export function queries(detection: string, options: Record<string, unknown> = {}, logsource?: string, extra?: string): string[] {
  const { output, error } = convertText(ruleText(detection, logsource, extra), options);
  if (error) throw error;
  return output as string[];
}
