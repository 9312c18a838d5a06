/**
 * One-line descriptions for `sigma list transformations` and `sigma list conditions`, for the
 * processing types that do not describe themselves (their definitions carry no text).
 */

/** Transformation type → description. */
export const TRANSFORMATION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  field_name_mapping: "Map field names to one or more other field names.",
  field_name_prefix_mapping: "Map field name prefixes to other prefixes.",
  field_name_transform: "Transform field names with a function (case, mapping).",
  field_name_prefix: "Add a prefix to field names.",
  field_name_suffix: "Add a suffix to field names.",
  add_field: "Add fields to the rule's field list.",
  remove_field: "Remove fields from the rule's field list.",
  set_field: "Replace the rule's field list.",
  drop_detection_item: "Remove matching detection items from the rule.",
  hashes_fields: "Split a Hashes field into one field per hash algorithm.",
  extract_fields: "Record the field names a rule uses in the pipeline state.",
  detection_item_failure: "Fail conversion of rules with matching detection items.",
  wildcard_placeholders: "Replace placeholders by wildcards.",
  value_placeholders: "Replace placeholders by the values of pipeline variables.",
  query_expression_placeholders: "Replace placeholders by a query expression.",
  file_placeholders: "Replace placeholders by values read from a file (needs --allow-external-sources).",
  command_placeholders: "Replace placeholders by the output of a command (needs --allow-external-sources).",
  http_placeholders: "Replace placeholders by values fetched from a URL (needs --allow-external-sources).",
  add_condition: "Add a condition (AND) to the rule's conditions.",
  change_logsource: "Change the rule's log source.",
  set_state: "Set a value in the pipeline state.",
  rule_failure: "Fail conversion of matching rules with a message.",
  strict_field_mapping_failure: "Fail conversion of rules with fields that were not mapped.",
  nest: "Apply nested processing items under shared conditions.",
  replace_string: "Replace parts of string values by regular expression.",
  map_string: "Map whole string values to other values.",
  regex: "Turn string values into regular expressions.",
  case: "Change the case of string values.",
  set_value: "Replace detection item values by a fixed value.",
  convert_type: "Convert values to strings or numbers.",
  set_custom_attribute: "Set a custom attribute of the rule (Loki reads loki_parser and logsource_loki_selection).",
  set_custom_log_source: "Set the Loki stream selector of matching rules from a template.",
};

/** Condition type → description (the same name may exist in several kinds). */
export const CONDITION_DESCRIPTIONS: Readonly<Record<string, string>> = {
  logsource: "The rule's log source matches the given category, product and service.",
  contains_detection_item: "The rule has a detection item with the given field and value.",
  contains_field: "The rule uses the given field.",
  is_sigma_rule: "The rule is a detection rule.",
  is_sigma_correlation_rule: "The rule is a correlation rule.",
  rule_attribute: "A rule attribute compares to the given value.",
  tag: "The rule has the given tag.",
  processing_item_applied: "A processing item with the given id was applied.",
  processing_state: "A pipeline state value compares to the given value.",
  match_string: "A string value matches a regular expression.",
  match_value: "A value equals the given value.",
  contains_wildcard: "A string value contains a wildcard.",
  is_null: "The value is null.",
  include_fields: "The field name is one of the given names or patterns.",
  exclude_fields: "The field name is none of the given names or patterns.",
};
