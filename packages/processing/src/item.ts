/** Applying one processing item to a rule: condition evaluation and the transformation context. */
import type { DetectionItem, SigmaValue, SourceLocation } from "@sigma/core";
import { SigmaError, SigmaTransformationError, ValueBudget } from "@sigma/core";
import { ruleValueCount } from "./detections.js";
import { evaluateExpression } from "./expression.js";
import type { PipelineState, ProcessableRule } from "./state.js";
import { markRuleProcessed } from "./state.js";
import type { ConditionSet, ProcessingItem, TransformationContext } from "./types.js";

/** Evaluates a condition set (no conditions ⇒ true). */
export function evaluateConditionSet<C>(set: ConditionSet<C>, test: (condition: C) => boolean): boolean {
  if (set.conditions.length === 0) return true;
  let result: boolean;
  if (set.expression) {
    const byId = new Map(set.conditions.map((c) => [c.id, c.condition]));
    const cache = new Map<string, boolean>();
    result = evaluateExpression(set.expression, (id) => {
      let r = cache.get(id);
      if (r === undefined) {
        r = test(byId.get(id) as C);
        cache.set(id, r);
      }
      return r;
    });
  } else if (set.op === "and") {
    result = set.conditions.every((c) => test(c.condition));
  } else {
    result = set.conditions.some((c) => test(c.condition));
  }
  return set.not ? !result : result;
}

/** An empty condition set. */
export function noConditions<C>(): ConditionSet<C> {
  return { conditions: [], op: "and", not: false };
}

/** True if the item's rule conditions hold for the rule. */
export function matchRule(item: Pick<ProcessingItem, "ruleConditions">, rule: ProcessableRule, state: PipelineState): boolean {
  return evaluateConditionSet(item.ruleConditions, (c) => c.matchRule(rule, state));
}

/** Builds the context handed to the item's transformation on `rule`. */
export function transformationContext(item: ProcessingItem, state: PipelineState, rule: ProcessableRule): TransformationContext {
  // The rule's values are counted once, when this application first grows them.
  let budget: ValueBudget | undefined;
  const matchFieldName = (field: string | null): boolean =>
    evaluateConditionSet(item.fieldNameConditions, (c) => c.matchFieldName(field, state));
  const fieldOfValue = (value: SigmaValue): string | null => (value.type === "fieldref" ? value.field : null);
  return {
    state,
    item,
    matchFieldName,
    matchFieldInValue: (value) => value.type === "fieldref" && matchFieldName(value.field),
    matchDetectionItem: (detectionItem: DetectionItem) =>
      evaluateConditionSet(item.detectionItemConditions, (c) => c.matchDetectionItem(detectionItem, state)) &&
      evaluateConditionSet(
        item.fieldNameConditions,
        // A field name condition selects an item by its field or by a field it references.
        (c) =>
          c.matchFieldName(detectionItem.field, state) ||
          detectionItem.values.some((v) => fieldOfValue(v) !== null && c.matchFieldName(fieldOfValue(v), state)),
      ),
    markDetectionItem(detectionItem) {
      detectionItem.appliedProcessingItems ??= new Set();
      detectionItem.appliedProcessingItems.add(item.id);
    },
    addValues(added, what, location) {
      if (added <= 0) return;
      if (!budget) {
        budget = new ValueBudget(state.limits.maxValues, "this rule");
        budget.add(ruleValueCount(rule));
      }
      budget.check(added, what, "use shorter lists in the pipeline", location);
      budget.add(added);
    },
    applyItems(items, rule) {
      for (const nested of items) applyItem(nested, rule, state);
    },
  };
}

/**
 * Applies one item to a rule if its rule conditions hold, and records it as applied.
 * Returns whether it was applied. Errors get the rule's location when they have none.
 */
export function applyItem(item: ProcessingItem, rule: ProcessableRule, state: PipelineState): boolean {
  if (!matchRule(item, rule, state)) return false;
  try {
    item.transformation.apply(rule, transformationContext(item, state, rule));
  } catch (e) {
    if (e instanceof SigmaError) throw e.locate(ruleLocation(rule));
    throw new SigmaTransformationError(
      `Error in transformation '${item.transformation.type}' (${item.id}): ${(e as Error).message}`,
      ruleLocation(rule),
    );
  }
  state.markApplied(item.id);
  markRuleProcessed(rule, item.id);
  return true;
}

/** Where a rule is: its document location with the file path. */
export function ruleLocation(rule: ProcessableRule): SourceLocation | undefined {
  const source = rule.source;
  if (!source) return undefined;
  return { ...(source.path !== undefined ? { path: source.path } : {}), ...source.location };
}
