/**
 * `createTextQueryBackend`: a backend from a declaration, text settings and hooks. The settings
 * may depend on the conversion (options); a converter is built once per settings object.
 */
import { SigmaFeatureNotSupportedByBackendError, ruleConditionTrees } from "@sigma/core";
import type { SigmaCorrelationRule, SigmaRule } from "@sigma/core";
import { convertCorrelationWithTemplates } from "../correlation/templates.js";
import { DeferredParts } from "../deferred.js";
import type { Backend, BackendOptionValues, ReferencedRuleQueries, RuleContext } from "../types.js";
import { TextQueryConverter } from "./converter.js";
import type { TextDeferredPart, TextQueryHooks } from "./hooks.js";
import type { TextQuerySettings } from "./settings.js";

/** Everything of a {@link Backend} except the conversion hooks, which the text base provides. */
export type TextBackendDeclaration<O extends BackendOptionValues> = Omit<Backend<O>, "convertRule" | "convertCorrelationRule">;

/** Text settings, fixed or computed from the rule's conversion context (for example from options). */
export type TextSettingsSource<O extends BackendOptionValues> = TextQuerySettings | ((ctx: RuleContext<O>) => TextQuerySettings);

/**
 * Builds a backend whose rules are converted with the text base: one query per condition,
 * correlations with the settings' correlation templates (the method is the conversion's).
 */
export function createTextQueryBackend<O extends BackendOptionValues>(
  declaration: TextBackendDeclaration<O>,
  settings: TextSettingsSource<O>,
  hooks: TextQueryHooks = {},
): Backend<O> {
  const converters = new WeakMap<TextQuerySettings, TextQueryConverter>();
  const converterOf = (s: TextQuerySettings): TextQueryConverter => {
    let converter = converters.get(s);
    if (converter === undefined) {
      converter = new TextQueryConverter(s, hooks);
      converters.set(s, converter);
    }
    return converter;
  };
  const converterFor = (ctx: RuleContext<O>): TextQueryConverter =>
    converterOf(typeof settings === "function" ? settings(ctx) : settings);
  // Field names as the language writes them (`sigma analyze fields`), when the settings are fixed.
  const fixed = typeof settings === "function" ? undefined : converterOf(settings);
  return {
    ...(fixed ? { quoteField: (field: string) => fixed.quoteField(field) } : {}),
    ...declaration,
    convertRule(rule: SigmaRule, ctx: RuleContext<O>): string[] {
      const converter = converterFor(ctx);
      return ruleConditionTrees(rule).map((tree, conditionIndex) =>
        converter.convertCondition(tree, {
          ...(ctx as RuleContext<BackendOptionValues>),
          conditionIndex,
          deferred: new DeferredParts<TextDeferredPart>(),
        }),
      );
    },
    convertCorrelationRule(rule: SigmaCorrelationRule, ctx: RuleContext<O>, referenced: readonly ReferencedRuleQueries[]): string[] {
      const converter = converterFor(ctx);
      const correlation = converter.settings.correlation;
      if (!correlation) throw new SigmaFeatureNotSupportedByBackendError("Backend does not support correlation rules.");
      return convertCorrelationWithTemplates(rule, ctx.correlationMethod, referenced, correlation, {
        quoteField: (name) => converter.quoteField(name),
        ruleExpression: (expression, name) => converter.convertRuleExpression(expression, name),
        multiRuleSearchQuery: hooks.multiRuleSearchQuery,
        typingQuery: hooks.typingQuery,
      });
    },
  };
}
