/**
 * Loki's transformation types: `set_custom_attribute` and `set_custom_log_source`, registered in
 * the processing registry through this package's plugin.
 */
import type { SigmaRule } from "@sigma/core";
import type {
  ProcessableRule,
  SetCustomAttributeParams,
  Transformation,
  TransformationDefinition,
} from "@sigma/processing";
import { LokiCustomAttributes } from "./attributes.js";
import { customLogSourceSelector, type CustomLogSourceOptions } from "./selector.js";

/** Parameters of `set_custom_log_source` (YAML). */
export interface SetCustomLogSourceParams {
  /** Label → value(s), like a Sigma detection map (`label|modifiers: value or list`). */
  selection: Record<string, unknown>;
  /** Regexes built from strings get `(?i)`. Default false. */
  case_insensitive?: boolean;
  /** Substitute `$category`, `$product` and `$service` in values. Default false. */
  template?: boolean;
}

/** A Loki transformation: needs no context, so it can also be applied directly. */
export interface LokiTransformation extends Transformation {
  apply(rule: ProcessableRule): void;
}

/** Sets `rule.customAttributes[attribute] = value`, on detection and correlation rules alike. */
export function setCustomAttribute(attribute: string, value: unknown): LokiTransformation {
  return {
    type: "set_custom_attribute",
    apply(rule: ProcessableRule): void {
      rule.customAttributes[attribute] = value;
    },
  };
}

/** Every detection rule a rule stands for: itself, or (recursively) a correlation's referenced rules. */
function detectionRules(rule: ProcessableRule): SigmaRule[] {
  return rule.kind === "rule" ? [rule] : rule.rules.flatMap(detectionRules);
}

/**
 * Builds a stream selector from `selection` (see {@link customLogSourceSelector}) and stores it in
 * the rule's `logsource_loki_selection`; for a correlation rule, in each referenced rule.
 */
export function setCustomLogSource(options: CustomLogSourceOptions): LokiTransformation {
  return {
    type: "set_custom_log_source",
    apply(rule: ProcessableRule): void {
      for (const target of detectionRules(rule)) {
        target.customAttributes[LokiCustomAttributes.LOGSOURCE_SELECTION] = customLogSourceSelector(target, options);
      }
    },
  };
}

/** Registry definition of `set_custom_attribute`. */
export const setCustomAttributeDefinition: TransformationDefinition<SetCustomAttributeParams> = {
  params: ["attribute", "value"],
  create: (params) => setCustomAttribute(params.string("attribute"), params.required("value")),
};

/** Registry definition of `set_custom_log_source`. */
export const setCustomLogSourceDefinition: TransformationDefinition<SetCustomLogSourceParams> = {
  params: ["selection", "case_insensitive", "template"],
  create: (params) => {
    const selection = params.required("selection");
    if (typeof selection !== "object" || selection === null) {
      throw params.error("selection", "must be a map of label names to values");
    }
    return setCustomLogSource({
      selection: selection as CustomLogSourceOptions["selection"],
      caseInsensitive: params.bool("case_insensitive", false),
      template: params.bool("template", false),
    });
  },
};

/** Loki's transformation types by YAML `type`, as registered by the plugin. */
export const lokiTransformations: Readonly<Record<string, TransformationDefinition>> = {
  set_custom_attribute: setCustomAttributeDefinition,
  set_custom_log_source: setCustomLogSourceDefinition,
};

declare module "@sigma/processing" {
  // `set_custom_attribute` is already a built-in type with the same parameters.
  interface TransformationTypes {
    set_custom_log_source: SetCustomLogSourceParams;
  }
}
