/**
 * Rule validators for `sigma check`: each inspects one rule at a time (and may report issues
 * across rules at the end), producing issues with a class name, severity and description, as
 * pySigma's validators do.
 */
import type { ConvertibleRule } from "../engine.js";

/** Issue severity. */
export type Severity = "low" | "medium" | "high";

/** One problem found by a validator. */
export interface Issue {
  /** Issue class name, e.g. `DuplicateTitleIssue`. */
  readonly type: string;
  readonly severity: Severity;
  readonly description: string;
  readonly rules: readonly ConvertibleRule[];
  /** Further fields, shown as `name=value`. */
  readonly extra: readonly (readonly [string, string])[];
}

/** A validator instance for one `check` run (it may keep state across rules). */
export interface Validator {
  validate(rule: ConvertibleRule): Issue[];
  /** Issues found across all rules, reported after every rule was validated. */
  finalize?(): Issue[];
}

/** A registered validator. */
export interface ValidatorDefinition {
  /** Identifier used by `-x` and the validation config. */
  readonly name: string;
  readonly description: string;
  create(config: Readonly<Record<string, unknown>>): Validator;
}

/** A validator that looks at one rule at a time and reports at most a fixed issue kind. */
export function perRule(
  name: string,
  description: string,
  check: (rule: ConvertibleRule, config: Readonly<Record<string, unknown>>) => Issue[],
): ValidatorDefinition {
  return { name, description, create: (config) => ({ validate: (rule) => check(rule, config) }) };
}

/** Builds an issue. */
export function issue(
  type: string,
  severity: Severity,
  description: string,
  rules: ConvertibleRule | readonly ConvertibleRule[],
  extra: Record<string, string> = {},
): Issue {
  return { type, severity, description, rules: Array.isArray(rules) ? rules : [rules as ConvertibleRule], extra: Object.entries(extra) };
}
