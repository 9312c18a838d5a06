/**
 * The field names a rule set uses after processing pipelines (sigma-cli's `analyze fields`):
 * detection item fields, and the group-by fields of correlations with their aliases resolved.
 */
import { SigmaPlaceholderError, containsPlaceholder } from "@sigma/core";
import type { SigmaError, SigmaRule } from "@sigma/core";
import { applyPipeline, detectionItems } from "@sigma/processing";
import type { ProcessableRule, ProcessingPipeline } from "@sigma/processing";
import type { AnyRule } from "../rules.js";

/** Options of {@link ruleSetFields}. */
export interface FieldsOptions {
  /** Applied to each rule first (a rule it fails on is read as it is, as sigma-cli does). */
  readonly pipeline?: ProcessingPipeline;
  /** How the target writes a field name (the backend's escaping and quoting); default as is. */
  readonly quoteField?: (field: string) => string;
}

/** The fields of the rules of one log source. */
export interface LogsourceFields {
  /** `category|product|service`, empty parts for what the log source leaves out (`||` for correlations). */
  readonly logsource: string;
  readonly fields: readonly string[];
}

/** What {@link ruleSetFields} found. */
export interface RuleSetFields {
  /** Every field, once, sorted by code point. */
  readonly fields: readonly string[];
  /** Fields per log source (of the processed rules), sorted by log source, fields sorted. */
  readonly byLogsource: readonly LogsourceFields[];
  /** Rules whose fields may be incomplete (placeholders no pipeline expanded). */
  readonly warnings: readonly SigmaError[];
}

/** Code-point order (as Python sorts strings), not UTF-16 order. */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The fields of a detection rule's items, in rule order, with a warning per item with placeholders left. */
function itemFields(rule: SigmaRule, quote: (f: string) => string, out: string[], warnings: SigmaError[]): void {
  for (const item of detectionItems(rule)) {
    if (!item.field) continue;
    const unexpanded = item.modifiers.includes("expand") && item.values.some((v) => v.type === "string" && containsPlaceholder(v));
    if (unexpanded) {
      const at = rule.source?.path !== undefined ? { ...item.location, path: rule.source.path } : item.location;
      warnings.push(new SigmaPlaceholderError("Cannot extract fields from Sigma rule with unexpanded placeholders.", at));
    }
    out.push(quote(item.field));
  }
}

/** The fields of one (processed) rule, in rule order, with repeats. */
function ruleFields(rule: AnyRule, quote: (f: string) => string, warnings: SigmaError[]): string[] {
  const out: string[] = [];
  if (rule.kind === "rule") {
    itemFields(rule, quote, out, warnings);
    return out;
  }
  out.push(...rule.groupBy.map(quote));
  // An alias used in group-by stands for the fields it maps to in each referenced rule.
  const aliases = new Set<string>();
  for (const [alias, mapping] of rule.aliases) {
    if (out.includes(quote(alias))) {
      aliases.add(quote(alias));
      out.push(...[...mapping.values()].map(quote));
    }
  }
  return out.filter((f) => !aliases.has(f));
}

function logsourceKey(rule: AnyRule): string {
  if (rule.kind !== "rule") return "||";
  const { category, product, service } = rule.logsource;
  return [category ?? "", product ?? "", service ?? ""].join("|");
}

/** The fields of a rule set after the pipeline. */
export function ruleSetFields(rules: Iterable<AnyRule>, options: FieldsOptions = {}): RuleSetFields {
  const quote = options.quoteField ?? ((f: string) => f);
  const warnings: SigmaError[] = [];
  const all = new Set<string>();
  const groups = new Map<string, Set<string>>();
  // Correlations refer to the processed versions of their rules.
  const processed = new Map<ProcessableRule, ProcessableRule>();
  for (const rule of rules) {
    let current: AnyRule = rule;
    if (options.pipeline) {
      try {
        current = applyPipeline(options.pipeline, rule, { processedRules: processed }).rule;
        processed.set(rule, current);
      } catch {
        // sigma-cli reads the rule unprocessed when the pipeline fails on it.
      }
    }
    const fields = ruleFields(current, quote, warnings);
    const key = logsourceKey(current);
    const group = groups.get(key) ?? new Set<string>();
    for (const f of fields) {
      all.add(f);
      group.add(f);
    }
    groups.set(key, group);
  }
  return {
    fields: [...all].sort(byCodePoint),
    byLogsource: [...groups]
      .sort(([a], [b]) => byCodePoint(a, b))
      .map(([logsource, set]) => ({ logsource, fields: [...set].sort(byCodePoint) })),
    warnings,
  };
}
