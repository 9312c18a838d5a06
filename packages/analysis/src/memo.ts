/**
 * What several validators read of the same rule (its detection items, what its conditions refer
 * to) is computed once per validation of that rule. Rules are mutable objects, so nothing is kept
 * beyond one rule's validation: a rule changed and validated again is read afresh.
 */
import type { AnyRule } from "./rules.js";

type Compute = (rule: AnyRule) => unknown;

/** The rule being validated and what has been computed of it. */
let current: { readonly rule: AnyRule; readonly results: Map<Compute, unknown> } | undefined;

/** Runs `validate` on `rule` with the rule's results shared between the validators it runs. */
export function validatingRule<T>(rule: AnyRule, validate: () => T): T {
  const outer = current;
  current = { rule, results: new Map() };
  try {
    return validate();
  } finally {
    current = outer;
  }
}

/**
 * `compute`, computed once per rule during {@link validatingRule} (outside it, every call
 * computes). Callers must not change what it returns.
 */
export function sharedPerRule<T>(compute: (rule: AnyRule) => T): (rule: AnyRule) => T {
  return (rule) => {
    if (current?.rule !== rule) return compute(rule);
    const { results } = current;
    if (!results.has(compute)) results.set(compute, compute(rule));
    return results.get(compute) as T;
  };
}
