/** Built-in detection item conditions (spec §3.3). */
import type { DetectionItem, SigmaValue } from "@sigma/core";
import { hasWildcard, sigmaStringToString, valueFromPlain } from "../compat.js";
import { regexParameter } from "../pyregex/index.js";
import type { Params } from "../params.js";
import type { DetectionItemConditionDefinition } from "../types.js";
import type { ProcessingItemAppliedParams, ProcessingStateParams } from "./rule.js";
import { stateCondition } from "./rule.js";
import { valuesEqual } from "./values.js";

/** `cond`: whether any or all values of the item must match. */
export type ValueQuantifier = "any" | "all";

/** Parameters of `match_string`. */
export interface MatchStringParams {
  cond: ValueQuantifier;
  pattern: string;
  negate?: boolean;
}
/** Parameters of `match_value`. */
export interface MatchValueParams {
  cond: ValueQuantifier;
  value: string | number | boolean | null;
}
/** Parameters of `contains_wildcard` and `is_null`. */
export interface ValueQuantifierParams {
  cond: ValueQuantifier;
}

/** Detection item condition types and their parameters; plugins add theirs by declaration merging. */
export interface DetectionItemConditionTypes {
  match_string: MatchStringParams;
  match_value: MatchValueParams;
  contains_wildcard: ValueQuantifierParams;
  is_null: ValueQuantifierParams;
  processing_item_applied: ProcessingItemAppliedParams;
  processing_state: ProcessingStateParams;
}

function valueCondition(
  type: string,
  p: Params,
  test: (value: SigmaValue) => boolean,
): ReturnType<DetectionItemConditionDefinition["create"]> {
  const cond = p.choice("cond", ["any", "all"] as const);
  return {
    type,
    matchDetectionItem: (item: DetectionItem) =>
      cond === "any" ? item.values.some(test) : item.values.every(test),
  };
}

const matchString: DetectionItemConditionDefinition<MatchStringParams> = {
  params: ["cond", "pattern", "negate"],
  create(p) {
    const re = regexParameter(p, "pattern");
    const negate = p.bool("negate", false);
    return valueCondition("match_string", p, (v) => {
      const result = v.type === "string" && re.match(sigmaStringToString(v));
      return negate ? !result : result;
    });
  },
};

const matchValue: DetectionItemConditionDefinition<MatchValueParams> = {
  params: ["cond", "value"],
  create(p) {
    const expected = valueFromPlain(p.required("value"), p.location);
    return valueCondition("match_value", p, (v) => valuesEqual(v, expected));
  },
};

const containsWildcard: DetectionItemConditionDefinition<ValueQuantifierParams> = {
  params: ["cond"],
  create: (p) => valueCondition("contains_wildcard", p, (v) => v.type === "string" && hasWildcard(v)),
};

const isNull: DetectionItemConditionDefinition<ValueQuantifierParams> = {
  params: ["cond"],
  create: (p) => valueCondition("is_null", p, (v) => v.type === "null"),
};

const processingItemApplied: DetectionItemConditionDefinition<ProcessingItemAppliedParams> = {
  params: ["processing_item_id"],
  create(p) {
    const id = p.string("processing_item_id");
    return {
      type: "processing_item_applied",
      matchDetectionItem: (item) => item.appliedProcessingItems?.has(id) ?? false,
    };
  },
};

const processingState: DetectionItemConditionDefinition<ProcessingStateParams> = {
  params: ["key", "val", "op"],
  create(p) {
    const test = stateCondition(p);
    return { type: "processing_state", matchDetectionItem: (_item, state) => test(state.state) };
  },
};

/** The built-in detection item conditions by YAML type. */
export const builtinDetectionItemConditions: Record<string, DetectionItemConditionDefinition> = {
  match_string: matchString,
  match_value: matchValue,
  contains_wildcard: containsWildcard,
  is_null: isNull,
  processing_item_applied: processingItemApplied,
  processing_state: processingState,
};
