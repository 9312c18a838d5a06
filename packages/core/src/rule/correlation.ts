/** Correlation rules: aggregations over the events of other rules. */
import {
  SigmaCorrelationConditionError,
  SigmaCorrelationRuleError,
  SigmaCorrelationTypeError,
  SigmaTimespanError,
} from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type {
  CorrelationCondition,
  CorrelationConditionOperator,
  CorrelationType,
  SigmaCorrelationRule,
} from "../model/rule.js";
import { ParseContext, isMapping } from "./context.js";
import type { DocumentParseOptions } from "./context.js";
import { customAttributes, parseMeta } from "./meta.js";
import { sourceOf } from "./source.js";
import { parseTimespan } from "./timespan.js";

const TYPES: readonly CorrelationType[] = [
  "event_count", "value_count", "temporal", "temporal_ordered",
  "value_sum", "value_avg", "value_percentile", "value_median",
];
const OPERATORS: readonly CorrelationConditionOperator[] = ["gt", "gte", "lt", "lte", "eq", "neq"];
const VALUE_TYPES: ReadonlySet<CorrelationType> = new Set(["value_count", "value_sum", "value_avg", "value_percentile", "value_median"]);
const CORRELATION_KEYS: ReadonlySet<string> = new Set(["correlation"]);

/** Locations of a correlation's rule references, for "Rule 'x' not found" errors. */
const referenceLocations = new WeakMap<SigmaCorrelationRule, readonly (SourceLocation | undefined)[]>();

/** Where reference `index` of a correlation rule is written. */
export function referenceLocation(rule: SigmaCorrelationRule, index: number): SourceLocation | undefined {
  return referenceLocations.get(rule)?.[index] ?? rule.source?.location;
}

/**
 * Parses a correlation rule (a document with a `correlation` map).
 * @throws SigmaCorrelationRuleError and subclasses (unless `collectErrors`).
 */
export function parseCorrelationRule(data: unknown, options: DocumentParseOptions = {}): SigmaCorrelationRule {
  const ctx = new ParseContext(options);
  const record = isMapping(data) ? data : {};
  const meta = parseMeta(record, ctx, "Sigma correlation rule");
  const body = record["correlation"];
  const bodyAt = ctx.valueAt(record, "correlation");
  const c = isMapping(body) ? body : {};
  if (!isMapping(body)) {
    ctx.report(new SigmaCorrelationRuleError("Sigma correlation rule must have a 'correlation' map"), bodyAt);
  }

  // type
  let type: CorrelationType = "event_count";
  const rawType = c["type"];
  if (rawType === undefined || rawType === null) {
    ctx.report(new SigmaCorrelationTypeError("Sigma correlation rule without type"), bodyAt);
  } else if (typeof rawType !== "string" || !(TYPES as readonly string[]).includes(rawType)) {
    ctx.report(
      new SigmaCorrelationTypeError(`'${String(rawType)}' is not a valid Sigma correlation type; use one of ${TYPES.join(", ")}`),
      ctx.valueAt(c, "type"),
    );
  } else {
    type = rawType as CorrelationType;
  }

  // condition (read first: an extended temporal condition makes `rules` optional)
  const condition = parseCondition(c, type, ctx, bodyAt);

  // rules
  const refs: string[] = [];
  const refLocations: (SourceLocation | undefined)[] = [];
  const rawRules = c["rules"];
  if (typeof rawRules === "string") {
    refs.push(rawRules);
    refLocations.push(ctx.valueAt(c, "rules"));
  } else if (Array.isArray(rawRules)) {
    rawRules.forEach((entry, index) => {
      if (typeof entry === "string") {
        refs.push(entry);
        refLocations.push(ctx.itemAt(rawRules, index));
      } else {
        ctx.report(new SigmaCorrelationRuleError("Rule reference must be plain string or list."), ctx.itemAt(rawRules, index));
      }
    });
  } else if (rawRules !== undefined && rawRules !== null) {
    ctx.report(new SigmaCorrelationRuleError("Rule reference must be plain string or list."), ctx.valueAt(c, "rules"));
  } else if (condition?.kind === "expression") {
    for (const name of expressionNames(condition.expression)) {
      refs.push(name);
      refLocations.push(ctx.valueAt(c, "condition"));
    }
  } else if (isMapping(body)) {
    ctx.report(new SigmaCorrelationRuleError("Sigma correlation rule without rule references; add 'rules'"), bodyAt);
  }

  // group-by
  const groupBy: string[] = [];
  const rawGroup = c["group-by"];
  if (typeof rawGroup === "string") groupBy.push(rawGroup);
  else if (Array.isArray(rawGroup) && rawGroup.every((g) => typeof g === "string")) groupBy.push(...(rawGroup as string[]));
  else if (rawGroup !== undefined && rawGroup !== null) {
    ctx.report(new SigmaCorrelationRuleError("Sigma correlation group-by definition must be string or list"), ctx.valueAt(c, "group-by"));
  }

  // timespan
  let timespan: SigmaCorrelationRule["timespan"];
  const rawTimespan = c["timespan"];
  if (rawTimespan === undefined || rawTimespan === null) {
    if (isMapping(body)) ctx.report(new SigmaTimespanError("Sigma correlation rule without timespan; add e.g. 'timespan: 5m'"), bodyAt);
  } else {
    const at = ctx.valueAt(c, "timespan");
    timespan = ctx.attempt(() => parseTimespan(rawTimespan, at), undefined, at);
  }

  // aliases
  const aliases = new Map<string, Map<string, string>>();
  const rawAliases = c["aliases"];
  if (rawAliases !== undefined && rawAliases !== null) {
    if (!isMapping(rawAliases)) {
      ctx.report(new SigmaCorrelationRuleError("Sigma correlation aliases definition must be a dict"), ctx.valueAt(c, "aliases"));
    } else {
      for (const [alias, mapping] of Object.entries(rawAliases)) {
        if (!isMapping(mapping) || !Object.values(mapping).every((f) => typeof f === "string")) {
          ctx.report(
            new SigmaCorrelationRuleError(`Sigma correlation alias '${alias}' must map rule names to field names`),
            ctx.valueAt(rawAliases, alias),
          );
          continue;
        }
        aliases.set(alias, new Map(Object.entries(mapping as Record<string, string>)));
      }
    }
  }

  // generate
  let generate = false;
  const rawGenerate = c["generate"];
  if (typeof rawGenerate === "boolean") generate = rawGenerate;
  else if (rawGenerate !== undefined && rawGenerate !== null) {
    ctx.report(new SigmaCorrelationRuleError("Sigma correlation generate definition must be a boolean"), ctx.valueAt(c, "generate"));
  }

  const source = sourceOf(options);
  const rule: SigmaCorrelationRule = {
    kind: "correlation",
    ...meta,
    customAttributes: customAttributes(record, CORRELATION_KEYS),
    type,
    ruleReferences: refs,
    rules: [],
    groupBy,
    ...(timespan ? { timespan } : {}),
    condition: condition ?? { kind: "threshold", op: "gte", count: Math.max(refs.length, 1) },
    aliases,
    generate,
    ...(source ? { source } : {}),
    raw: record,
  };
  // temporal without condition: at least every referenced rule must match
  if (!condition && (type === "temporal" || type === "temporal_ordered")) {
    rule.condition = { kind: "threshold", op: "gte", count: refs.length };
  }
  referenceLocations.set(rule, refLocations);
  return rule;
}

function parseCondition(
  c: Record<string, unknown>,
  type: CorrelationType,
  ctx: ParseContext,
  bodyAt: SourceLocation | undefined,
): CorrelationCondition | undefined {
  const raw = c["condition"];
  const at = ctx.valueAt(c, "condition");
  const temporal = type === "temporal" || type === "temporal_ordered";
  if (raw === undefined || raw === null) {
    if (!temporal && Object.keys(c).length > 0) {
      ctx.report(new SigmaCorrelationConditionError("Sigma correlation rule without condition"), bodyAt);
    }
    return undefined;
  }
  if (typeof raw === "string") {
    if (!temporal) {
      ctx.report(
        new SigmaCorrelationConditionError(`A condition expression is only allowed in temporal correlation rules, not in '${type}'`),
        at,
      );
      return undefined;
    }
    return { kind: "expression", expression: raw };
  }
  if (!isMapping(raw)) {
    ctx.report(new SigmaCorrelationRuleError("Sigma correlation condition definition must be a dict or string"), at);
    return undefined;
  }
  const ops = Object.keys(raw).filter((k) => k !== "field" && k !== "percentile");
  if (ops.length !== 1) {
    ctx.report(new SigmaCorrelationConditionError("Sigma correlation condition must have exactly one condition item"), at);
    return undefined;
  }
  const op = ops[0] as string;
  if (!(OPERATORS as readonly string[]).includes(op)) {
    ctx.report(
      new SigmaCorrelationConditionError(`Sigma correlation condition operator '${op}' is invalid; use one of ${OPERATORS.join(", ")}`),
      ctx.keyAt(raw, op),
    );
    return undefined;
  }
  const count = raw[op];
  if (typeof count !== "number" || !Number.isFinite(count)) {
    ctx.report(new SigmaCorrelationConditionError(`Sigma correlation condition count '${String(count)}' must be a number`), ctx.valueAt(raw, op));
    return undefined;
  }
  const threshold: CorrelationCondition = { kind: "threshold", op: op as CorrelationConditionOperator, count };
  const field = raw["field"];
  if (typeof field === "string") threshold.fields = [field];
  else if (Array.isArray(field) && field.every((f) => typeof f === "string")) threshold.fields = [...(field as string[])];
  else if (field !== undefined && field !== null) {
    ctx.report(new SigmaCorrelationConditionError("Sigma correlation condition field must be a string or a list of strings"), ctx.valueAt(raw, "field"));
  }
  const percentile = raw["percentile"];
  if (typeof percentile === "number") threshold.percentile = percentile;
  else if (percentile !== undefined && percentile !== null) {
    ctx.report(new SigmaCorrelationConditionError("Sigma correlation condition percentile must be a number"), ctx.valueAt(raw, "percentile"));
  }
  if (VALUE_TYPES.has(type) && !threshold.fields?.length) {
    const message =
      type === "value_count"
        ? "Value count correlation rule without field reference"
        : `Correlation rule type '${type}' requires a field reference in its condition`;
    ctx.report(new SigmaCorrelationConditionError(message), at);
  }
  return threshold;
}

/** Rule names in an extended temporal condition, in order of appearance, without repeats. */
export function expressionNames(expression: string): string[] {
  const names: string[] = [];
  for (const token of expression.split(/[\s()]+/)) {
    if (token === "" || /^(?:and|or|not)$/i.test(token) || names.includes(token)) continue;
    names.push(token);
  }
  return names;
}
