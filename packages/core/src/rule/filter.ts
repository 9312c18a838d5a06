/** Sigma filters: extra conditions appended to the rules they name. */
import { SigmaFilterError } from "../errors.js";
import type { SigmaFilter } from "../model/rule.js";
import { ParseContext, isMapping } from "./context.js";
import type { DocumentParseOptions } from "./context.js";
import { detectionsFrom } from "./detection.js";
import { parseLogSource } from "./logsource.js";
import { parseMeta } from "./meta.js";
import { sourceOf } from "./source.js";

/**
 * Parses a filter document (`logsource` plus a `filter` map with `rules`, selections and
 * `condition`).
 * @throws SigmaFilterError and detection errors (unless `collectErrors`).
 */
export function parseFilter(data: unknown, options: DocumentParseOptions = {}): SigmaFilter {
  const ctx = new ParseContext(options);
  const record = isMapping(data) ? data : {};
  const meta = parseMeta(record, ctx, "Sigma filter");
  const logsource = parseLogSource(record, ctx, "Sigma filter");
  const body = record["filter"];
  const bodyAt = ctx.valueAt(record, "filter");
  let rules: SigmaFilter["rules"] = "any";
  let detection: SigmaFilter["detection"] = { definitions: new Map(), conditions: [] };
  if (!isMapping(body)) {
    ctx.report(new SigmaFilterError("Sigma filter must have a 'filter' map with rules, selections and a condition"), bodyAt);
  } else {
    const rawRules = body["rules"];
    if (typeof rawRules === "string") rules = rawRules === "any" ? "any" : [rawRules];
    else if (Array.isArray(rawRules) && rawRules.every((r) => typeof r === "string")) rules = [...(rawRules as string[])];
    else if (rawRules !== undefined && rawRules !== null) {
      ctx.report(new SigmaFilterError("Sigma filter rules must be a rule id or name, a list of them, or 'any'"), ctx.valueAt(body, "rules"));
    }
    const selections: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) if (key !== "rules") selections[key] = value;
    // keep the locations of the original map for the copy
    detection = detectionsFrom(selections, new ForwardingContext(ctx, body), bodyAt);
  }
  const source = sourceOf(options);
  const filter: SigmaFilter = {
    kind: "filter",
    title: meta.title,
    taxonomy: meta.taxonomy,
    logsource,
    rules,
    detection,
    errors: ctx.errors,
    ...(meta.id !== undefined ? { id: meta.id } : {}),
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.date !== undefined ? { date: meta.date } : {}),
    ...(meta.modified !== undefined ? { modified: meta.modified } : {}),
    ...(source ? { source } : {}),
  };
  if (meta.name !== undefined) (filter as SigmaFilter & { name?: string }).name = meta.name;
  return filter;
}

/** A context that answers location questions about a copied map with the original's locations. */
class ForwardingContext extends ParseContext {
  constructor(private readonly inner: ParseContext, private readonly original: Record<string, unknown>) {
    super(inner.options);
    // share the error list so collected errors end up on the filter
    (this as { errors: ParseContext["errors"] }).errors = inner.errors;
  }
  override keyAt(mapping: unknown, key: string): ReturnType<ParseContext["keyAt"]> {
    return this.inner.keyAt(this.map(mapping), key);
  }
  override valueAt(mapping: unknown, key: string): ReturnType<ParseContext["valueAt"]> {
    return this.inner.valueAt(this.map(mapping), key);
  }
  override nodeAt(node: unknown): ReturnType<ParseContext["nodeAt"]> {
    return this.inner.nodeAt(this.map(node));
  }
  override isNullKey(mapping: unknown, key: string): boolean {
    return this.inner.isNullKey(this.map(mapping), key);
  }
  private map(node: unknown): unknown {
    return isMapping(node) && !this.inner.locations?.of(node) ? this.original : node;
  }
}
