/**
 * Placeholder transformations (spec §3.2): `%name%` parts created by the `expand` modifier are
 * replaced by a wildcard, by variable values, or by a query expression. External sources (files,
 * HTTP, commands) are not part of this package; a plugin builds them with
 * {@link placeholderTransformation}.
 */
import { SigmaConfigurationError, SigmaValueError, formatCount } from "@sigma/core";
import type { SigmaStringValue, SigmaValue, StringPart } from "@sigma/core";
import { normaliseParts, parseSigmaString } from "../compat.js";
import type { Params } from "../params.js";
import type { DefinitionContext, Transformation, TransformationContext, TransformationDefinition } from "../types.js";
import { valueTransformation } from "./values.js";

/** `include` / `exclude` placeholder names (exclusive). */
export interface PlaceholderSelectionParams {
  include?: string[];
  exclude?: string[];
}
/** Parameters of `wildcard_placeholders`. */
export type WildcardPlaceholdersParams = PlaceholderSelectionParams;
/** Parameters of `value_placeholders`. */
export type ValuePlaceholdersParams = PlaceholderSelectionParams;
/** Parameters of `query_expression_placeholders`. */
export interface QueryExpressionPlaceholdersParams extends PlaceholderSelectionParams {
  /** Query text with `{field}` and `{id}`. */
  expression: string;
  /** Placeholder name → id (default: the name). */
  mapping?: Record<string, string>;
}

/** Reads `include`/`exclude` and returns the selection test. */
export function placeholderSelection(p: Params): (name: string) => boolean {
  const include = p.optionalStringList("include");
  const exclude = p.optionalStringList("exclude");
  if (include && exclude) {
    throw new SigmaConfigurationError(
      "Placeholder transformation include and exclude lists can only be used exclusively!",
      p.location,
    );
  }
  if (include) return (name) => include.includes(name);
  if (exclude) return (name) => !exclude.includes(name);
  return () => true;
}

/**
 * Resolves one placeholder name to its replacement values (strings are read as Sigma strings with
 * wildcards), or undefined to leave the placeholder alone.
 */
export type PlaceholderResolver = (
  name: string,
  context: TransformationContext,
) => ReadonlyArray<string | number | SigmaValue> | undefined;

function asStringValue(value: string | number | SigmaValue): SigmaStringValue | SigmaValue {
  if (typeof value === "string") return parseSigmaString(value);
  if (typeof value === "number") return parseSigmaString(String(value));
  return value;
}

/**
 * Builds a transformation that replaces the selected placeholders by the resolver's values: a
 * string with several placeholders yields every combination, spliced into the value list. The
 * combinations are counted (against `limits.maxValues`) before they are built.
 */
export function placeholderTransformation(
  type: string,
  selected: (name: string) => boolean,
  resolve: PlaceholderResolver,
): Transformation {
  return valueTransformation(type, (value, item, ctx) => {
    if (value.type !== "string" || !value.parts.some((p) => typeof p !== "string" && p.kind === "placeholder")) {
      return undefined;
    }
    // Each part becomes its alternatives: itself, or the parts of each replacement.
    const alternatives: (readonly StringPart[])[][] = [];
    let changed = false;
    let count = 1;
    for (const part of value.parts) {
      const replacements =
        typeof part === "string" || part.kind !== "placeholder" || !selected(part.name) ? undefined : resolve(part.name, ctx);
      if (replacements === undefined) {
        alternatives.push([[part]]);
        continue;
      }
      changed = true;
      count *= replacements.length;
      alternatives.push(
        replacements.map((r) => {
          const v = asStringValue(r);
          if (v.type !== "string") throw new SigmaValueError(`Placeholder '${(part as { name: string }).name}' can only be replaced by strings here`);
          return v.parts;
        }),
      );
    }
    if (!changed) return undefined;
    ctx.addValues(count - 1, () => `Transformation '${type}' expands this value to ${formatCount(count)} values`, item.location);
    let results: StringPart[][] = [[]];
    for (const options of alternatives) results = results.flatMap((r) => options.map((parts) => [...r, ...parts]));
    return results.map((parts) => ({ type: "string", parts: normaliseParts(parts), cased: value.cased }));
  }, { countsValues: true });
}

/**
 * A transformation definition for a placeholder source: the accepted parameters are
 * `include`/`exclude` plus `params`; `resolver` is built once from the parameters.
 */
export function placeholderTransformationDefinition(
  type: string,
  params: readonly string[],
  resolver: (params: Params, context: DefinitionContext) => PlaceholderResolver,
): TransformationDefinition {
  return {
    params: ["include", "exclude", ...params],
    create: (p, ctx) => placeholderTransformation(type, placeholderSelection(p), resolver(p, ctx)),
  };
}

const wildcardPlaceholders: TransformationDefinition<WildcardPlaceholdersParams> = {
  params: ["include", "exclude"],
  create(p) {
    const selected = placeholderSelection(p);
    return valueTransformation("wildcard_placeholders", (value) => {
      if (value.type !== "string") return undefined;
      let changed = false;
      const parts = value.parts.map((part): StringPart => {
        if (typeof part === "string" || part.kind !== "placeholder" || !selected(part.name)) return part;
        changed = true;
        return { kind: "wildcard", wildcard: "*" };
      });
      return changed ? { ...value, parts: normaliseParts(parts) } : undefined;
    });
  },
};

const valuePlaceholders: TransformationDefinition<ValuePlaceholdersParams> = placeholderTransformationDefinition(
  "value_placeholders",
  [],
  () => (name, ctx) => {
    if (!(name in ctx.state.vars)) {
      throw new SigmaValueError(`Placeholder replacement variable '${name}' doesn't exists.`);
    }
    const v = ctx.state.vars[name];
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) => {
      if (typeof x === "string" || typeof x === "number") return x;
      throw new SigmaValueError(`Placeholder replacement variable '${name}' must hold strings or numbers`);
    });
  },
);

const queryExpressionPlaceholders: TransformationDefinition<QueryExpressionPlaceholdersParams> = {
  params: ["include", "exclude", "expression", "mapping"],
  create(p) {
    const selected = placeholderSelection(p);
    const expression = p.string("expression");
    const mapping = p.has("mapping") ? p.stringMapping("mapping") : new Map<string, string | string[]>();
    return valueTransformation("query_expression_placeholders", (value, item) => {
      if (value.type !== "string") return undefined;
      const placeholders = value.parts.filter(
        (x): x is Extract<StringPart, { kind: "placeholder" }> => typeof x !== "string" && x.kind === "placeholder",
      );
      if (placeholders.length === 0 || !placeholders.some((x) => selected(x.name))) return undefined;
      const only = value.parts[0];
      if (value.parts.length !== 1 || only === undefined || typeof only === "string" || only.kind !== "placeholder") {
        throw new SigmaValueError(
          "Placeholder query expression transformation only allows placeholder-only strings.",
          item.location,
        );
      }
      const id = mapping.get(only.name);
      return { type: "query_expression", expression, id: typeof id === "string" ? id : only.name };
    });
  },
};

/** Built-in placeholder transformations by YAML type. */
export const placeholderTransformations: Record<string, TransformationDefinition> = {
  wildcard_placeholders: wildcardPlaceholders,
  value_placeholders: valuePlaceholders,
  query_expression_placeholders: queryExpressionPlaceholders,
};
