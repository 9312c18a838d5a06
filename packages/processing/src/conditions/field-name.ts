/** Built-in field name conditions (spec §3.3). */
import { regexParameter } from "../pyregex/index.js";
import type { FieldNameConditionDefinition } from "../types.js";
import type { ProcessingItemAppliedParams, ProcessingStateParams } from "./rule.js";
import { stateCondition } from "./rule.js";

/** Parameters of `include_fields` and `exclude_fields`. */
export interface FieldListConditionParams {
  fields: string | string[];
  /** `plain` compares names, `re` full-matches regular expressions. */
  mode?: "plain" | "re";
}

/** Field name condition types and their parameters; plugins add theirs by declaration merging. */
export interface FieldNameConditionTypes {
  include_fields: FieldListConditionParams;
  exclude_fields: FieldListConditionParams;
  processing_item_applied: ProcessingItemAppliedParams;
  processing_state: ProcessingStateParams;
}

function fieldList(type: string, include: boolean): FieldNameConditionDefinition<FieldListConditionParams> {
  return {
    params: ["fields", "mode"],
    create(p) {
      const fields = p.stringList("fields");
      const mode = p.choice("mode", ["plain", "re"] as const, "plain");
      const patterns = mode === "re" ? fields.map((f) => regexParameter(p, "fields", f)) : [];
      const listed = (field: string): boolean =>
        mode === "plain" ? fields.includes(field) : patterns.some((re) => re.fullmatch(field) !== undefined);
      return {
        type,
        // Keywords have no field name: they are never included, so never excluded either.
        matchFieldName: (field) => (field === null ? false : listed(field) === include),
      };
    },
  };
}

const processingItemApplied: FieldNameConditionDefinition<ProcessingItemAppliedParams> = {
  params: ["processing_item_id"],
  create(p) {
    const id = p.string("processing_item_id");
    return {
      type: "processing_item_applied",
      matchFieldName: (field, state) => state.fieldWasProcessedBy(field, id),
    };
  },
};

const processingState: FieldNameConditionDefinition<ProcessingStateParams> = {
  params: ["key", "val", "op"],
  create(p) {
    const test = stateCondition(p);
    return { type: "processing_state", matchFieldName: (_field, state) => test(state.state) };
  },
};

/** The built-in field name conditions by YAML type. */
export const builtinFieldNameConditions: Record<string, FieldNameConditionDefinition> = {
  include_fields: fieldList("include_fields", true),
  exclude_fields: fieldList("exclude_fields", false),
  processing_item_applied: processingItemApplied,
  processing_state: processingState,
};
