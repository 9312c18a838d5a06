/**
 * The validator registry of `sigma check` (the 31 validators sigma-cli runs by default, in its
 * listing order) and validator selection: `-x` exclusions or a validation config file.
 */
import { conditionValidators } from "./condition.js";
import { metadataValidators } from "./metadata.js";
import { tagValidators } from "./tags.js";
import type { Issue, Validator, ValidatorDefinition } from "./types.js";
import { valueValidators } from "./values.js";
import type { ConvertibleRule } from "../engine.js";

export type { Issue, Severity, Validator, ValidatorDefinition } from "./types.js";

const ORDER = [
  "all_of_them_condition", "dangling_condition", "dangling_detection", "them_condition_with_single_detection",
  "fieldname_logsource", "specific_instead_of_generic_logsource", "custom_attributes", "duplicate_filename",
  "duplicate_references", "duplicate_title", "filename_length", "identifier_existence", "identifier_uniqueness",
  "invalid_modifier_combinations", "attacktag", "cartag", "cvetag", "d3_fendtag", "detection_tag", "duplicate_tag",
  "namespace_tag", "stptag", "tlptag", "tlpv1_tag", "tlpv2_tag", "tag_format", "control_character", "double_wildcard",
  "escaped_wildcard", "number_as_string", "wildcards_instead_of_modifiers",
];

const ALL = new Map<string, ValidatorDefinition>(
  [...conditionValidators, ...metadataValidators, ...tagValidators, ...valueValidators].map((v) => [v.name, v]),
);

/** Every validator, in listing order. */
export function validatorList(): ValidatorDefinition[] {
  return ORDER.map((n) => ALL.get(n)!).filter(Boolean);
}

/** An error in a validation configuration (a crash in sigma-cli; `Error: …`, exit 1 here). */
export class ValidationConfigError extends Error {}

/** What a validation config selects. */
export interface Selection {
  readonly names: string[];
  /** Rule id (or "null" for rules without id) → validator names not run on it. */
  readonly exclusions: Map<string, Set<string>>;
  readonly config: Map<string, Record<string, unknown>>;
}

/** Interprets a parsed validation config (`validators`, `exclusions`, `config`). */
export function selectionFromConfig(data: unknown): Selection {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new ValidationConfigError("Validation configuration must be a YAML mapping.");
  const d = data as Record<string, unknown>;
  let names: string[] = [];
  for (const entry of Array.isArray(d["validators"]) ? d["validators"] : []) {
    const v = String(entry);
    if (v === "all") names = [...ORDER];
    else if (v.startsWith("-")) {
      const n = v.slice(1);
      if (!names.includes(n)) throw new ValidationConfigError(`Attempting to remove not existing validator '${n}' from validator set {${names.map((x) => `'${x}'`).join(", ")}}.`);
      names = names.filter((x) => x !== n);
    } else {
      if (!ALL.has(v)) throw new ValidationConfigError(`Unknown validator '${v}'`);
      if (!names.includes(v)) names.push(v);
    }
  }
  const exclusions = new Map<string, Set<string>>();
  const ex = d["exclusions"];
  if (ex && typeof ex === "object") {
    for (const [id, value] of Object.entries(ex as Record<string, unknown>)) {
      const list = (Array.isArray(value) ? value : [value]).map(String);
      for (const n of list) if (!ALL.has(n)) throw new ValidationConfigError(`Unknown validator '${n}'`);
      exclusions.set(id.toLowerCase(), new Set(list));
    }
  }
  const config = new Map<string, Record<string, unknown>>();
  const cfg = d["config"];
  if (cfg && typeof cfg === "object") {
    for (const [n, value] of Object.entries(cfg as Record<string, unknown>)) {
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new ValidationConfigError(`Configuration for validator '${n}' is not a dict.`);
      config.set(n, value as Record<string, unknown>);
    }
  }
  return { names, exclusions, config };
}

/** Runs the selected validators over all rules: per-rule issues in rule order, then cross-rule issues. */
export function runValidators(selection: Selection, rules: readonly ConvertibleRule[], onRule?: () => void): Issue[] {
  const instances: [string, Validator][] = selection.names.map((n) => [n, ALL.get(n)!.create(selection.config.get(n) ?? {})]);
  const issues: Issue[] = [];
  for (const rule of rules) {
    const excluded = selection.exclusions.get((rule.id ?? "null").toLowerCase());
    for (const [name, v] of instances) if (!excluded?.has(name)) issues.push(...v.validate(rule));
    onRule?.();
  }
  for (const [, v] of instances) issues.push(...(v.finalize?.() ?? []));
  return issues;
}
