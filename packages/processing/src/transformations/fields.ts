/**
 * Field name transformations (spec §3.2, pipelines spec §1.5): renames in detection items, field
 * references, the rule's `fields`, and correlation group-by, aliases and condition fields.
 */
import { SigmaTransformationError, formatCount } from "@sigma/core";
import type { DetectionItem, SigmaValue } from "@sigma/core";
import { cloneDetectionItem } from "../compat.js";
import { itemValueCount, rewriteDetectionItems } from "../detections.js";
import type { ProcessableRule } from "../state.js";
import type { Transformation, TransformationContext, TransformationDefinition } from "../types.js";

/** Parameters of `field_name_mapping`: field → new name, or several names (OR of item copies). */
export interface FieldNameMappingParams {
  mapping: Record<string, string | string[]>;
}
/** Parameters of `field_name_prefix_mapping`: old prefix → new prefix. */
export interface FieldNamePrefixMappingParams {
  mapping: Record<string, string>;
}
/** Parameters of `field_name_transform` (TypeScript pipelines only: `transform_func` is a function). */
export interface FieldNameTransformParams {
  transform_func: (field: string) => string;
  /** Explicit names that win over `transform_func`. */
  mapping?: Record<string, string | string[]>;
  /** Also map keyword items, through the mapping key `""`. */
  apply_keyword?: boolean;
}
/** Parameters of `field_name_prefix`. */
export interface FieldNamePrefixParams {
  prefix: string;
}
/** Parameters of `field_name_suffix`. */
export interface FieldNameSuffixParams {
  suffix: string;
}
/** Parameters of `add_field` and `remove_field`. */
export interface FieldListParams {
  field: string | string[];
}
/** Parameters of `set_field`. */
export interface SetFieldParams {
  fields: string[];
}

/** Mapping keys that stand for "no field" (keywords): YAML null keys as js-yaml stringifies them, or "". */
const KEYWORD_KEYS = ["", "null", "Null", "NULL", "~"];

/** Adds `*` at both ends of a string value (a keyword matches anywhere, a field must contain it). */
function containsValue(value: SigmaValue): SigmaValue {
  if (value.type !== "string") return value;
  const parts = [...value.parts];
  const first = parts[0];
  const last = parts[parts.length - 1];
  const isMulti = (p: typeof first): boolean => typeof p === "object" && p.kind === "wildcard" && p.wildcard === "*";
  if (!isMulti(first)) parts.unshift({ kind: "wildcard", wildcard: "*" });
  if (!isMulti(last) || parts.length === 1) parts.push({ kind: "wildcard", wildcard: "*" });
  return { ...value, parts };
}

/**
 * Builds a field name transformation from a function that gives the new name(s) of a field, or
 * undefined to leave it. `null` is asked for keyword items when `keywords` is set.
 */
export function fieldNameTransformation(
  type: string,
  map: (field: string | null) => readonly string[] | undefined,
  options: { keywords?: boolean } = {},
): Transformation {
  const mapName = (field: string, ctx: TransformationContext): readonly string[] | undefined => {
    if (!ctx.matchFieldName(field)) return undefined;
    const targets = map(field);
    if (targets) {
      ctx.state.addFieldMapping(field, targets);
      ctx.state.trackField(field, targets, ctx.item.id);
    }
    return targets;
  };
  const single = (field: string, what: string, ctx: TransformationContext): string => {
    const targets = mapName(field, ctx);
    if (!targets) return field;
    if (targets.length !== 1) {
      throw new SigmaTransformationError(
        `${what} '${field}' can't be mapped to multiple fields (${targets.join(", ")})`,
      );
    }
    return targets[0] as string;
  };

  const applyItem = (item: DetectionItem, ctx: TransformationContext): DetectionItem | import("@sigma/core").Detection | undefined => {
    if (item.values.some((v) => v.type === "fieldref")) {
      item.values = item.values.map((v) =>
        v.type === "fieldref" && ctx.matchFieldInValue(v)
          ? { ...v, field: single(v.field, "Field reference", ctx) }
          : v,
      );
    }
    const field = item.field;
    let targets: readonly string[] | undefined;
    if (field === null) {
      if (!options.keywords || !ctx.matchFieldName(null)) return undefined;
      targets = map(null);
      if (targets) ctx.state.trackField(null, targets, ctx.item.id);
    } else {
      targets = mapName(field, ctx);
    }
    if (!targets || targets.length === 0) return undefined;
    const retarget = (target: DetectionItem, name: string): DetectionItem => {
      target.field = name;
      if (field === null) target.values = target.values.map(containsValue);
      ctx.markDetectionItem(target);
      return target;
    };
    if (targets.length === 1) return retarget(item, targets[0] as string);
    const values = itemValueCount(item);
    ctx.addValues(
      (targets.length - 1) * values,
      () => `Transformation '${type}' maps field '${field ?? ""}' to ${targets.length} fields, copying its ${formatCount(values)} values to each`,
      item.location,
    );
    return {
      kind: "detection",
      linking: "or",
      items: targets.map((t) => retarget(cloneDetectionItem(item), t)),
      ...(item.location ? { location: item.location } : {}),
    };
  };

  return {
    type,
    apply(rule: ProcessableRule, ctx) {
      rule.fields = rule.fields.flatMap((f) => mapName(f, ctx) ?? [f]);
      if (rule.kind === "rule") {
        rewriteDetectionItems(rule, (item) => (ctx.matchDetectionItem(item) ? applyItem(item, ctx) : undefined));
        return;
      }
      rule.groupBy = rule.groupBy.flatMap((f) => mapName(f, ctx) ?? [f]);
      for (const [alias, byRule] of rule.aliases) {
        for (const [ruleName, field] of byRule) byRule.set(ruleName, single(field, `Alias '${alias}' field`, ctx));
      }
      if (rule.condition.kind === "threshold" && rule.condition.fields) {
        rule.condition.fields = rule.condition.fields.map((f) => single(f, "Correlation condition field", ctx));
      }
    },
  };
}

function mappingFromParams(p: import("../params.js").Params): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of p.stringMapping("mapping")) out.set(k, typeof v === "string" ? [v] : v);
  return out;
}

const fieldNameMapping: TransformationDefinition<FieldNameMappingParams> = {
  params: ["mapping"],
  create(p) {
    const mapping = mappingFromParams(p);
    const keywordKey = KEYWORD_KEYS.find((k) => mapping.has(k));
    return fieldNameTransformation(
      "field_name_mapping",
      (field) => (field === null ? (keywordKey !== undefined ? mapping.get(keywordKey) : undefined) : mapping.get(field)),
      { keywords: keywordKey !== undefined },
    );
  },
};

const fieldNamePrefixMapping: TransformationDefinition<FieldNamePrefixMappingParams> = {
  params: ["mapping"],
  create(p) {
    const mapping = [...p.stringMapping("mapping")];
    for (const [k, v] of mapping) if (typeof v !== "string") throw p.error("mapping", `must map '${k}' to one prefix`);
    return fieldNameTransformation("field_name_prefix_mapping", (field) => {
      if (field === null) return undefined;
      const hit = mapping.find(([prefix]) => field.startsWith(prefix));
      return hit ? [(hit[1] as string) + field.slice(hit[0].length)] : undefined;
    });
  },
};

const fieldNameTransform: TransformationDefinition<FieldNameTransformParams> = {
  params: ["transform_func", "mapping", "apply_keyword"],
  create(p) {
    const fn = p.value("transform_func");
    if (typeof fn !== "function") throw p.error("transform_func", "must be a function (field_name_transform is for TypeScript pipelines)");
    const transform = fn as (field: string) => string;
    const mapping = p.has("mapping") ? mappingFromParams(p) : new Map<string, string[]>();
    const keywords = p.bool("apply_keyword", false);
    return fieldNameTransformation(
      "field_name_transform",
      (field) => {
        if (field === null) return mapping.get("");
        return mapping.get(field) ?? [transform(field)];
      },
      { keywords },
    );
  },
};

const fieldNamePrefix: TransformationDefinition<FieldNamePrefixParams> = {
  params: ["prefix"],
  create(p) {
    const prefix = p.string("prefix");
    return fieldNameTransformation("field_name_prefix", (f) => (f === null ? undefined : [prefix + f]));
  },
};

const fieldNameSuffix: TransformationDefinition<FieldNameSuffixParams> = {
  params: ["suffix"],
  create(p) {
    const suffix = p.string("suffix");
    return fieldNameTransformation("field_name_suffix", (f) => (f === null ? undefined : [f + suffix]));
  },
};

const addField: TransformationDefinition<FieldListParams> = {
  params: ["field"],
  create(p) {
    const fields = p.stringList("field");
    return {
      type: "add_field",
      apply(rule) {
        for (const f of fields) if (!rule.fields.includes(f)) rule.fields.push(f);
      },
    };
  },
};

const removeField: TransformationDefinition<FieldListParams> = {
  params: ["field"],
  create(p) {
    const fields = p.stringList("field");
    return {
      type: "remove_field",
      apply(rule) {
        rule.fields = rule.fields.filter((f) => !fields.includes(f));
      },
    };
  },
};

const setField: TransformationDefinition<SetFieldParams> = {
  params: ["fields"],
  create(p) {
    const fields = p.stringList("fields");
    return {
      type: "set_field",
      apply(rule) {
        rule.fields = [...fields];
      },
    };
  },
};

/** Built-in field transformations by YAML type. */
export const fieldTransformations: Record<string, TransformationDefinition> = {
  field_name_mapping: fieldNameMapping,
  field_name_prefix_mapping: fieldNamePrefixMapping,
  field_name_transform: fieldNameTransform,
  field_name_prefix: fieldNamePrefix,
  field_name_suffix: fieldNameSuffix,
  add_field: addField,
  remove_field: removeField,
  set_field: setField,
};
