/** Detection rules. */
import { SigmaDetectionError, SigmaRuleError } from "../errors.js";
import type { SigmaRule } from "../model/rule.js";
import { ParseContext, isMapping } from "./context.js";
import type { DocumentParseOptions } from "./context.js";
import { detectionsFrom } from "./detection.js";
import { parseLogSource } from "./logsource.js";
import { customAttributes, parseMeta } from "./meta.js";
import { sourceOf } from "./source.js";

const RULE_KEYS: ReadonlySet<string> = new Set(["logsource", "detection"]);

/**
 * Parses a detection rule from a YAML document's data.
 * @throws SigmaError subclasses (unless `collectErrors`, which puts them on `rule.errors`).
 */
export function parseRule(data: unknown, options: DocumentParseOptions = {}): SigmaRule {
  const ctx = new ParseContext(options);
  const record = isMapping(data) ? data : {};
  if (!isMapping(data)) ctx.report(new SigmaRuleError("A Sigma rule must be a YAML map of attributes"), ctx.nodeAt(data));
  const meta = parseMeta(record, ctx);
  const logsource = parseLogSource(record, ctx);
  let detection: SigmaRule["detection"] = { definitions: new Map(), conditions: [] };
  const raw = record["detection"];
  if (raw === undefined || raw === null) {
    ctx.report(new SigmaDetectionError("Sigma rule must have a detection definition; add 'detection'"), ctx.documentLocation);
  } else {
    detection = detectionsFrom(raw, ctx, ctx.valueAt(record, "detection"));
  }
  const source = sourceOf(options);
  return {
    kind: "rule",
    ...meta,
    customAttributes: customAttributes(record, RULE_KEYS),
    logsource,
    detection,
    ...(source ? { source } : {}),
    raw: record,
  };
}
