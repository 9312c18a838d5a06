/**
 * Rule validators: each looks at one rule at a time (and may report issues across rules at the
 * end) and produces issues with a class name, a severity and a description, as pySigma's
 * validators do.
 */
import type { AttackDataFile } from "../attack/data.js";
import type { AnyRule } from "../rules.js";

/** Issue severity. */
export type Severity = "low" | "medium" | "high";

/** One problem found by a validator. */
export interface ValidationIssue {
  /** Issue class name, e.g. `DuplicateTitleIssue` (pySigma's name where pySigma has the issue). */
  readonly type: string;
  readonly severity: Severity;
  /** What is wrong, the same for every issue of a type. */
  readonly description: string;
  readonly rules: readonly AnyRule[];
  /** Further fields, as `name` and text (`tag`, `detection_item`, …). */
  readonly fields: readonly (readonly [string, string])[];
}

/** A validator instance for one run (it may keep state across rules). */
export interface Validator {
  validate(rule: AnyRule): ValidationIssue[];
  /** Issues found across all rules, reported after every rule was validated. */
  finalize?(): ValidationIssue[];
}

/** Data a validator may need, loaded before the run. */
export interface ValidatorData {
  readonly attack?: AttackDataFile;
}

/** A registered validator. */
export interface ValidatorDefinition {
  /** Identifier used by `sigma check -x` and the validation config (pySigma's name). */
  readonly name: string;
  readonly description: string;
  /** Set when the validator reads the ATT&CK data. */
  readonly needsAttackData?: boolean;
  /**
   * Makes an instance. `config` holds the validator's settings from a validation config.
   * @throws ValidationConfigError for settings it does not accept
   */
  create(config: Readonly<Record<string, unknown>>, data: ValidatorData): Validator;
}

/** An error in a validation configuration (settings, validator names). */
export class ValidationConfigError extends Error {
  override name = "ValidationConfigError";
}

/** The shape of an issue class: its name, severity and description. */
export interface IssueKind {
  readonly type: string;
  readonly severity: Severity;
  readonly description: string;
}

/** Builds an issue of a kind. */
export function issue(kind: IssueKind, rules: AnyRule | readonly AnyRule[], fields: Record<string, string> = {}): ValidationIssue {
  return { ...kind, rules: Array.isArray(rules) ? rules : [rules as AnyRule], fields: Object.entries(fields) };
}

/** A validator that looks at one rule at a time. */
export function perRule(
  name: string,
  description: string,
  check: (rule: AnyRule, config: Readonly<Record<string, unknown>>) => ValidationIssue[],
): ValidatorDefinition {
  return { name, description, create: (config) => ({ validate: (rule) => check(rule, config) }) };
}
