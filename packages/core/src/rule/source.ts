/** `RuleSource` from parse options. */
import type { RuleSource } from "../model/rule.js";
import type { DocumentParseOptions } from "./context.js";

/** Where a document came from, or undefined when nothing is known. */
export function sourceOf(options: DocumentParseOptions): RuleSource | undefined {
  const source: { -readonly [K in keyof RuleSource]: RuleSource[K] } = {};
  if (options.path !== undefined) source.path = options.path;
  if (options.location !== undefined) source.location = options.location;
  if (options.documentIndex !== undefined) source.documentIndex = options.documentIndex;
  if (options.limits !== undefined) source.limits = options.limits;
  return Object.keys(source).length > 0 ? source : undefined;
}
