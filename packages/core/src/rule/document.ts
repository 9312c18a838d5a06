/** Dispatch of a YAML document to the parser of its kind. */
import type { SigmaDocument } from "../model/rule.js";
import { isMapping } from "./context.js";
import type { DocumentParseOptions } from "./context.js";
import { parseCorrelationRule } from "./correlation.js";
import { parseFilter } from "./filter.js";
import { parseRule } from "./rule.js";

/** What kind of Sigma document `data` is: a `correlation` map makes a correlation, `filter` a filter. */
export function documentKind(data: unknown): SigmaDocument["kind"] {
  if (isMapping(data) && data["correlation"] !== undefined) return "correlation";
  if (isMapping(data) && data["filter"] !== undefined) return "filter";
  return "rule";
}

/** Parses a YAML document as a detection rule, a correlation rule or a filter. */
export function parseSigmaDocument(data: unknown, options: DocumentParseOptions = {}): SigmaDocument {
  switch (documentKind(data)) {
    case "correlation":
      return parseCorrelationRule(data, options);
    case "filter":
      return parseFilter(data, options);
    default:
      return parseRule(data, options);
  }
}
