/** The `logsource` section of rules and filters. */
import { SigmaLogSourceError } from "../errors.js";
import type { LogSource } from "../model/rule.js";
import { isMapping } from "./context.js";
import type { ParseContext } from "./context.js";

const STANDARD = ["category", "product", "service", "definition"] as const;

/** Parses `logsource`; at least one of category, product and service must be set. */
export function parseLogSource(data: Record<string, unknown>, ctx: ParseContext, owner = "Sigma rule"): LogSource {
  const logsource: LogSource = { custom: {} };
  const value = data["logsource"];
  if (value === undefined || value === null) {
    ctx.report(new SigmaLogSourceError(`${owner} must have a log source definition; add 'logsource'`), ctx.documentLocation);
    return logsource;
  }
  if (!isMapping(value)) {
    ctx.report(new SigmaLogSourceError("Sigma log source must be a map of category, product, service"), ctx.valueAt(data, "logsource"));
    return logsource;
  }
  for (const [key, entry] of Object.entries(value)) {
    if ((STANDARD as readonly string[]).includes(key)) {
      if (entry === null || entry === undefined) continue;
      if (typeof entry !== "string") {
        ctx.report(new SigmaLogSourceError(`Sigma log source ${key} must be a string`), ctx.valueAt(value, key));
        continue;
      }
      logsource[key as (typeof STANDARD)[number]] = entry;
    } else {
      logsource.custom[key] = entry;
    }
  }
  if (logsource.category === undefined && logsource.product === undefined && logsource.service === undefined) {
    ctx.report(new SigmaLogSourceError("Sigma log source can't be empty"), ctx.valueAt(data, "logsource"));
  }
  return logsource;
}
