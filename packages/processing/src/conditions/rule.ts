/** Built-in rule conditions (spec §3.3, pipelines spec §1.2). */
import { RULE_LEVELS, RULE_STATUSES, SigmaConfigurationError } from "@sigma/core";
import type { SigmaRule } from "@sigma/core";
import { parseSigmaString, valueFromPlain } from "../compat.js";
import { detectionItems } from "../detections.js";
import type { ProcessableRule } from "../state.js";
import { wasProcessedBy } from "../state.js";
import type { RuleCondition, RuleConditionDefinition } from "../types.js";
import { compare, type CompareOp } from "./compare.js";
import { valuesEqual } from "./values.js";

/** Parameters of `logsource`. */
export interface LogsourceConditionParams {
  category?: string;
  product?: string;
  service?: string;
}
/** Parameters of `contains_detection_item`. */
export interface ContainsDetectionItemParams {
  field: string;
  value: string | number | boolean | null;
}
/** Parameters of `contains_field`. */
export interface ContainsFieldParams {
  field: string;
}
/** Parameters of `rule_attribute`. */
export interface RuleAttributeParams {
  attribute: string;
  value: unknown;
  op?: CompareOp | "in" | "not_in";
}
/** Parameters of `tag`. */
export interface TagConditionParams {
  tag: string;
}
/** Parameters of `processing_item_applied`. */
export interface ProcessingItemAppliedParams {
  processing_item_id: string;
}
/** Parameters of `processing_state`. */
export interface ProcessingStateParams {
  key: string;
  val: unknown;
  op?: CompareOp;
}

/** Rule condition types and their parameters; plugins add theirs by declaration merging. */
export interface RuleConditionTypes {
  logsource: LogsourceConditionParams;
  contains_detection_item: ContainsDetectionItemParams;
  contains_field: ContainsFieldParams;
  is_sigma_rule: Record<never, never>;
  is_sigma_correlation_rule: Record<never, never>;
  rule_attribute: RuleAttributeParams;
  tag: TagConditionParams;
  processing_item_applied: ProcessingItemAppliedParams;
  processing_state: ProcessingStateParams;
}

/** Applies a test to a detection rule, or to the referenced rules of a correlation rule (any). */
function onRules(rule: ProcessableRule, test: (rule: SigmaRule) => boolean): boolean {
  if (rule.kind === "rule") return test(rule);
  return rule.rules.some((r) => onRules(r, test));
}

const logsource: RuleConditionDefinition<LogsourceConditionParams> = {
  params: ["category", "product", "service"],
  create(p) {
    const wanted = {
      category: p.optionalString("category"),
      product: p.optionalString("product"),
      service: p.optionalString("service"),
    };
    return {
      type: "logsource",
      matchRule: (rule) =>
        onRules(rule, (r) =>
          (["category", "product", "service"] as const).every(
            (k) => wanted[k] === undefined || r.logsource[k] === wanted[k],
          ),
        ),
    };
  },
};

const containsDetectionItem: RuleConditionDefinition<ContainsDetectionItemParams> = {
  params: ["field", "value"],
  create(p) {
    const field = p.string("field");
    const raw = p.required("value");
    const value = typeof raw === "string" ? parseSigmaString(raw) : valueFromPlain(raw, p.location);
    return {
      type: "contains_detection_item",
      matchRule: (rule) =>
        onRules(rule, (r) => {
          for (const item of detectionItems(r)) {
            if (item.field === field && item.values.some((v) => valuesEqual(v, value))) return true;
          }
          return false;
        }),
    };
  },
};

const containsField: RuleConditionDefinition<ContainsFieldParams> = {
  params: ["field"],
  create(p) {
    const field = p.string("field");
    return {
      type: "contains_field",
      matchRule: (rule) =>
        onRules(rule, (r) => {
          for (const item of detectionItems(r)) if (item.field === field) return true;
          return false;
        }),
    };
  },
};

const isSigmaRule: RuleConditionDefinition = {
  params: [],
  create: () => ({ type: "is_sigma_rule", matchRule: (rule) => rule.kind === "rule" }),
};

const isSigmaCorrelationRule: RuleConditionDefinition = {
  params: [],
  create: () => ({ type: "is_sigma_correlation_rule", matchRule: (rule) => rule.kind === "correlation" }),
};

/** Reads a rule attribute: standard attributes first, then custom attributes. */
function ruleAttribute(rule: ProcessableRule, attribute: string): unknown {
  switch (attribute) {
    case "tags":
      return rule.tags.map((t) => `${t.namespace}.${t.name}`);
    case "custom_attributes":
      return rule.customAttributes;
    case "title":
    case "id":
    case "name":
    case "taxonomy":
    case "status":
    case "description":
    case "license":
    case "author":
    case "references":
    case "fields":
    case "falsepositives":
    case "scope":
    case "date":
    case "modified":
    case "level":
      return rule[attribute];
    default:
      return rule.customAttributes[attribute];
  }
}

const ruleAttributeCondition: RuleConditionDefinition<RuleAttributeParams> = {
  params: ["attribute", "value", "op"],
  create(p) {
    const attribute = p.string("attribute");
    const expected = p.required("value");
    const op = p.choice("op", ["eq", "ne", "gte", "gt", "lte", "lt", "in", "not_in"] as const, "eq");
    if ((op === "in" || op === "not_in") && !Array.isArray(expected)) {
      throw p.error("value", `must be a list for operator '${op}'`);
    }
    return {
      type: "rule_attribute",
      matchRule(rule) {
        const actual = ruleAttribute(rule, attribute);
        if (op === "in") return (expected as unknown[]).some((e) => compare(actual, "eq", e));
        if (op === "not_in") return !(expected as unknown[]).some((e) => compare(actual, "eq", e));
        // Level and status compare by their order, not alphabetically.
        const order: readonly string[] | undefined = attribute === "level" ? RULE_LEVELS : attribute === "status" ? RULE_STATUSES : undefined;
        if (order && typeof actual === "string" && typeof expected === "string") {
          const a = order.indexOf(actual);
          const b = order.indexOf(expected.toLowerCase());
          if (b < 0) throw new SigmaConfigurationError(`Invalid ${attribute} '${expected}'`, p.location);
          return a >= 0 && compare(a, op, b);
        }
        return compare(actual, op, expected);
      },
    };
  },
};

const tag: RuleConditionDefinition<TagConditionParams> = {
  params: ["tag"],
  create(p) {
    const wanted = p.string("tag").toLowerCase();
    return {
      type: "tag",
      matchRule: (rule) => rule.tags.some((t) => `${t.namespace}.${t.name}`.toLowerCase() === wanted),
    };
  },
};

const processingItemApplied: RuleConditionDefinition<ProcessingItemAppliedParams> = {
  params: ["processing_item_id"],
  create(p) {
    const id = p.string("processing_item_id");
    return {
      type: "processing_item_applied",
      matchRule: (rule, state) => state.appliedIds.has(id) || wasProcessedBy(rule, id),
    };
  },
};

/** Shared by the three condition kinds: compares a `set_state` value. */
export function stateCondition(p: import("../params.js").Params): (state: Record<string, unknown>) => boolean {
  const key = p.string("key");
  const val = p.required("val");
  const op = p.choice("op", ["eq", "ne", "gte", "gt", "lte", "lt"] as const, "eq");
  return (state) => compare(state[key], op, val);
}

const processingState: RuleConditionDefinition<ProcessingStateParams> = {
  params: ["key", "val", "op"],
  create(p) {
    const test = stateCondition(p);
    return { type: "processing_state", matchRule: (_rule, state) => test(state.state) };
  },
};

/** The built-in rule conditions by YAML type. */
export const builtinRuleConditions: Record<string, RuleConditionDefinition> = {
  logsource,
  contains_detection_item: containsDetectionItem,
  contains_field: containsField,
  is_sigma_rule: isSigmaRule,
  is_sigma_correlation_rule: isSigmaCorrelationRule,
  rule_attribute: ruleAttributeCondition,
  tag,
  processing_item_applied: processingItemApplied,
  processing_state: processingState,
};

export type { RuleCondition };
