/**
 * The validator registry (the 31 validators pySigma 1.5 installs, in sigma-cli's listing order),
 * validator selection (all, all but some, or a validation config) and a validation run.
 */
import { loadAttackData } from "../attack/data.js";
import { validatingRule } from "../memo.js";
import type { AnyRule } from "../rules.js";
import { conditionValidators } from "./condition.js";
import { logsourceValidators } from "./logsource.js";
import { metadataValidators } from "./metadata.js";
import { modifierValidators } from "./modifiers.js";
import { tagValidators } from "./tags.js";
import { ValidationConfigError } from "./types.js";
import type { ValidationIssue, Validator, ValidatorData, ValidatorDefinition } from "./types.js";
import { valueValidators } from "./values.js";

export { ValidationConfigError } from "./types.js";
export type { IssueKind, Severity, ValidationIssue, Validator, ValidatorData, ValidatorDefinition } from "./types.js";

const ORDER = [
  "all_of_them_condition", "dangling_condition", "dangling_detection", "them_condition_with_single_detection",
  "fieldname_logsource", "specific_instead_of_generic_logsource", "custom_attributes", "duplicate_filename",
  "duplicate_references", "duplicate_title", "filename_length", "identifier_existence", "identifier_uniqueness",
  "invalid_modifier_combinations", "attacktag", "cartag", "cvetag", "d3_fendtag", "detection_tag", "duplicate_tag",
  "namespace_tag", "stptag", "tlptag", "tlpv1_tag", "tlpv2_tag", "tag_format", "control_character", "double_wildcard",
  "escaped_wildcard", "number_as_string", "wildcards_instead_of_modifiers",
] as const;

const BY_NAME = new Map<string, ValidatorDefinition>(
  [...conditionValidators, ...logsourceValidators, ...metadataValidators, ...modifierValidators, ...tagValidators, ...valueValidators].map(
    (v) => [v.name, v],
  ),
);

/** Every validator, in listing order. */
export const VALIDATORS: readonly ValidatorDefinition[] = ORDER.map((n) => BY_NAME.get(n)!);

/** Which validators run, on which rules, with which settings. */
export interface ValidatorSelection {
  /** Validator names, in listing order of the selection. */
  readonly names: readonly string[];
  /** Rule id (lower case; `null` for rules without id) → validators not run on that rule. */
  readonly exclusions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Validator name → its settings. */
  readonly config: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

/** Every validator except `exclude` (names that are not validators are ignored). */
export function selectAllBut(exclude: Iterable<string> = []): ValidatorSelection {
  const skip = new Set(exclude);
  return { names: ORDER.filter((n) => !skip.has(n)), exclusions: new Map(), config: new Map() };
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Interprets a parsed validation config (pySigma's format): `validators` (names, `all`, `-name`
 * to remove), `exclusions` (rule id → name or names), `config` (name → settings).
 * @throws ValidationConfigError with pySigma's messages
 */
export function selectFromConfig(data: unknown): ValidatorSelection {
  if (!isMapping(data)) throw new ValidationConfigError("Validation configuration must be a YAML mapping with 'validators', 'exclusions' and 'config'.");
  let names: string[] = [];
  for (const entry of Array.isArray(data["validators"]) ? data["validators"] : []) {
    const v = String(entry);
    if (v === "all") names = [...ORDER];
    else if (v.startsWith("-")) {
      const n = v.slice(1);
      if (!names.includes(n)) {
        throw new ValidationConfigError(`Attempting to remove not existing validator '${n}' from validator set {${names.map((x) => `'${x}'`).join(", ")}}.`);
      }
      names = names.filter((x) => x !== n);
    } else {
      if (!BY_NAME.has(v)) throw new ValidationConfigError(`Unknown validator '${v}'`);
      if (!names.includes(v)) names.push(v);
    }
  }
  const exclusions = new Map<string, Set<string>>();
  if (isMapping(data["exclusions"])) {
    for (const [id, value] of Object.entries(data["exclusions"])) {
      const list = (Array.isArray(value) ? value : [value]).map(String);
      for (const n of list) if (!BY_NAME.has(n)) throw new ValidationConfigError(`Unknown validator '${n}'`);
      exclusions.set(id.toLowerCase(), new Set(list));
    }
  }
  const config = new Map<string, Record<string, unknown>>();
  if (isMapping(data["config"])) {
    for (const [n, value] of Object.entries(data["config"])) {
      if (!isMapping(value)) throw new ValidationConfigError(`Configuration for validator '${n}' is not a dict.`);
      config.set(n, value);
    }
  }
  return { names, exclusions, config };
}

/** A validation run over a rule set: validate each rule, then finalize for the issues across rules. */
export interface ValidationRun {
  validate(rule: AnyRule): ValidationIssue[];
  finalize(): ValidationIssue[];
}

/**
 * Starts a validation run: loads the ATT&CK data when a selected validator reads it, and makes the
 * validators with their settings.
 * @throws ValidationConfigError for settings a validator does not accept
 */
export async function startValidation(selection: ValidatorSelection, data: ValidatorData = {}): Promise<ValidationRun> {
  const definitions = selection.names.map((n) => {
    const d = BY_NAME.get(n);
    if (!d) throw new ValidationConfigError(`Unknown validator '${n}'`);
    return d;
  });
  const attack = data.attack ?? (definitions.some((d) => d.needsAttackData) ? await loadAttackData() : undefined);
  const loaded: ValidatorData = attack ? { attack } : {};
  const instances: [string, Validator][] = definitions.map((d) => [d.name, d.create(selection.config.get(d.name) ?? {}, loaded)]);
  return {
    validate(rule) {
      const excluded = selection.exclusions.get((rule.id ?? "null").toLowerCase());
      return validatingRule(rule, () => instances.flatMap(([name, v]) => (excluded?.has(name) ? [] : v.validate(rule))));
    },
    finalize: () => instances.flatMap(([, v]) => v.finalize?.() ?? []),
  };
}

/** Validates every rule: per-rule issues in rule order, then the issues across rules. */
export async function validateRules(rules: Iterable<AnyRule>, selection: ValidatorSelection = selectAllBut()): Promise<ValidationIssue[]> {
  const run = await startValidation(selection);
  const issues: ValidationIssue[] = [];
  for (const rule of rules) issues.push(...run.validate(rule));
  issues.push(...run.finalize());
  return issues;
}
