/** Rule-level transformations (spec §3.2, pipelines spec §1.3–1.4). */
import type { TransformationSpec } from "../definition.js";
import { SigmaTransformationError } from "@sigma/core";
import type { LogSource } from "@sigma/core";
import { cloneDetection, detectionFromPlain } from "../compat.js";
import { detectionItems } from "../detections.js";
import type { ProcessingItem, TransformationDefinition } from "../types.js";

/** Parameters of `add_condition`. */
export interface AddConditionParams {
  /** A detection, as in rule YAML: `field: value | [values]`, AND-linked. */
  conditions: Record<string, unknown>;
  /** Name of the added detection (default `_cond_` + 10 random letters). */
  name?: string;
  /** Substitute `$category`, `$product`, `$service` in string values. */
  template?: boolean;
  /** Add `not <name>` instead of `<name>`. */
  negated?: boolean;
}
/** Parameters of `change_logsource`. */
export interface ChangeLogsourceParams {
  category?: string;
  product?: string;
  service?: string;
}
/** Parameters of `set_state`. */
export interface SetStateParams {
  key: string;
  val: unknown;
}
/** Parameters of `set_custom_attribute`. */
export interface SetCustomAttributeParams {
  attribute: string;
  value: unknown;
}
/** Parameters of `rule_failure` and `detection_item_failure`. */
export interface FailureParams {
  message: string;
}
/** Parameters of `strict_field_mapping_failure` (none). */
export type StrictFieldMappingFailureParams = Record<never, never>;
/** Parameters of `nest`: processing items applied when the outer item applies. */
export interface NestParams {
  items: readonly TransformationSpec[];
}

/** `_cond_` + 10 random lowercase letters, drawn when the item is built (pipelines spec §1.3). */
export function randomConditionName(): string {
  let name = "_cond_";
  for (let i = 0; i < 10; i++) name += String.fromCharCode(97 + Math.floor(Math.random() * 26));
  return name;
}

/** Python `string.Template.safe_substitute` for `$name` / `${name}`. */
function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(?:\$|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/g, (m, a?: string, b?: string) => {
    if (m === "$$") return "$";
    const key = (a ?? b) as string;
    return key in vars ? (vars[key] as string) : m;
  });
}

function substituteDeep(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === "string") return substitute(value, vars);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars));
  return value;
}

/**
 * The conditions with `$category`, `$product`, `$service` substituted. A field the log source does
 * not have is the text `None`, as pySigma's `string.Template` writes it (ACCEPTED-DIFFERENCES.md,
 * "add_condition templates").
 */
function substituted(conditions: Record<string, unknown>, logsource: LogSource): Record<string, unknown> {
  const vars = { category: logsource.category ?? "None", product: logsource.product ?? "None", service: logsource.service ?? "None" };
  return Object.fromEntries(Object.entries(conditions).map(([k, v]) => [k, substituteDeep(v, vars)]));
}

const addCondition: TransformationDefinition<AddConditionParams> = {
  params: ["conditions", "name", "template", "negated"],
  create(p) {
    const conditions = p.map("conditions");
    const name = p.string("name", randomConditionName());
    const template = p.bool("template", false);
    const negated = p.bool("negated", false);
    const location = p.location;
    // Without templating the detection is the same for every rule: parse it now so that errors
    // show when the pipeline is loaded, and copy it per rule (rules own their items).
    const fixed = template ? undefined : detectionFromPlain(conditions, location);
    return {
      type: "add_condition",
      apply(rule, ctx) {
        if (rule.kind !== "rule") return;
        const detection = fixed ? cloneDetection(fixed) : detectionFromPlain(substituted(conditions, rule.logsource), location);
        rule.detection.definitions.set(name, detection);
        for (const item of detection.items) if (item.kind === "item") ctx.markDetectionItem(item);
        const ref = negated ? `not ${name}` : name;
        rule.detection.conditions = rule.detection.conditions.map((c) => (c.trim() === "" ? ref : `${ref} and (${c})`));
      },
    };
  },
};

const changeLogsource: TransformationDefinition<ChangeLogsourceParams> = {
  params: ["category", "product", "service"],
  create(p) {
    const category = p.optionalString("category");
    const product = p.optionalString("product");
    const service = p.optionalString("service");
    return {
      type: "change_logsource",
      apply(rule) {
        if (rule.kind !== "rule") return;
        rule.logsource = {
          ...(category !== undefined ? { category } : {}),
          ...(product !== undefined ? { product } : {}),
          ...(service !== undefined ? { service } : {}),
          custom: {},
        };
      },
    };
  },
};

const setState: TransformationDefinition<SetStateParams> = {
  params: ["key", "val"],
  create(p) {
    const key = p.string("key");
    const val = p.required("val");
    return {
      type: "set_state",
      apply(_rule, ctx) {
        ctx.state.state[key] = val;
      },
    };
  },
};

const setCustomAttribute: TransformationDefinition<SetCustomAttributeParams> = {
  params: ["attribute", "value"],
  create(p) {
    const attribute = p.string("attribute");
    const value = p.required("value");
    return {
      type: "set_custom_attribute",
      apply(rule) {
        rule.customAttributes[attribute] = value;
      },
    };
  },
};

const ruleFailure: TransformationDefinition<FailureParams> = {
  params: ["message"],
  create(p) {
    const message = p.string("message");
    return {
      type: "rule_failure",
      apply() {
        throw new SigmaTransformationError(message);
      },
    };
  },
};

const strictFieldMappingFailure: TransformationDefinition<StrictFieldMappingFailureParams> = {
  params: [],
  create: () => ({
    type: "strict_field_mapping_failure",
    apply(rule, ctx) {
      if (rule.kind !== "rule") return;
      const unmapped = new Set<string>();
      for (const item of detectionItems(rule)) {
        const field = item.field;
        if (field === null || !ctx.matchFieldName(field)) continue;
        if (!ctx.state.fieldNameAppliedIds.has(field)) unmapped.add(field);
      }
      if (unmapped.size > 0) {
        throw new SigmaTransformationError(`The following fields are not mapped: ${[...unmapped].sort().join(", ")}`);
      }
    },
  }),
};

const nest: TransformationDefinition<NestParams> = {
  params: ["items"],
  create(p, ctx) {
    const items: ProcessingItem[] = ctx.buildItems(p.required("items"), p.location);
    return {
      type: "nest",
      apply(rule, context) {
        context.applyItems(items, rule);
      },
    };
  },
};

/** Built-in rule transformations by YAML type. */
export const ruleTransformations: Record<string, TransformationDefinition> = {
  add_condition: addCondition,
  change_logsource: changeLogsource,
  set_state: setState,
  set_custom_attribute: setCustomAttribute,
  rule_failure: ruleFailure,
  strict_field_mapping_failure: strictFieldMappingFailure,
  nest,
};
