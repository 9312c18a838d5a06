/** All built-in transformations and the typed map of transformation types. */
import type { TransformationDefinition } from "../types.js";
import type { DetectionItemFailureParams, DropDetectionItemParams, ExtractFieldsParams, HashesFieldsParams } from "./detection.js";
import { detectionTransformations } from "./detection.js";
import type {
  FieldListParams,
  FieldNameMappingParams,
  FieldNamePrefixMappingParams,
  FieldNamePrefixParams,
  FieldNameSuffixParams,
  FieldNameTransformParams,
  SetFieldParams,
} from "./fields.js";
import { fieldTransformations } from "./fields.js";
import type {
  QueryExpressionPlaceholdersParams,
  ValuePlaceholdersParams,
  WildcardPlaceholdersParams,
} from "./placeholders.js";
import { placeholderTransformations } from "./placeholders.js";
import type {
  AddConditionParams,
  ChangeLogsourceParams,
  FailureParams,
  NestParams,
  SetCustomAttributeParams,
  SetStateParams,
  StrictFieldMappingFailureParams,
} from "./rule.js";
import { ruleTransformations } from "./rule.js";
import type {
  CaseParams,
  ConvertTypeParams,
  MapStringParams,
  RegexTransformationParams,
  ReplaceStringParams,
  SetValueParams,
} from "./values.js";
import { valueTransformations } from "./values.js";

/**
 * Transformation types and their parameters. Plugins add types by declaration merging:
 * ```ts
 * declare module "@sigma/processing" {
 *   interface TransformationTypes { my_type: { value: string } }
 * }
 * ```
 * so that typed pipeline definitions with that `type` compile (and misspelled ones do not).
 */
export interface TransformationTypes {
  field_name_mapping: FieldNameMappingParams;
  field_name_prefix_mapping: FieldNamePrefixMappingParams;
  field_name_transform: FieldNameTransformParams;
  field_name_prefix: FieldNamePrefixParams;
  field_name_suffix: FieldNameSuffixParams;
  drop_detection_item: DropDetectionItemParams;
  hashes_fields: HashesFieldsParams;
  extract_fields: ExtractFieldsParams;
  wildcard_placeholders: WildcardPlaceholdersParams;
  value_placeholders: ValuePlaceholdersParams;
  query_expression_placeholders: QueryExpressionPlaceholdersParams;
  add_condition: AddConditionParams;
  change_logsource: ChangeLogsourceParams;
  add_field: FieldListParams;
  remove_field: FieldListParams;
  set_field: SetFieldParams;
  replace_string: ReplaceStringParams;
  map_string: MapStringParams;
  regex: RegexTransformationParams;
  case: CaseParams;
  set_value: SetValueParams;
  convert_type: ConvertTypeParams;
  set_state: SetStateParams;
  set_custom_attribute: SetCustomAttributeParams;
  rule_failure: FailureParams;
  detection_item_failure: DetectionItemFailureParams;
  strict_field_mapping_failure: StrictFieldMappingFailureParams;
  nest: NestParams;
}

/** The built-in transformations by YAML type. */
export const builtinTransformations: Record<string, TransformationDefinition> = {
  ...fieldTransformations,
  ...detectionTransformations,
  ...placeholderTransformations,
  ...ruleTransformations,
  ...valueTransformations,
};
