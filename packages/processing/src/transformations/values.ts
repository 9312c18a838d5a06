/** Value transformations (spec §3.2): they replace the values of the selected detection items. */
import { SigmaValueError, formatCount } from "@sigma/core";
import type { DetectionItem, SigmaStringValue, SigmaValue, StringPart } from "@sigma/core";
import {
  hasWildcard,
  normaliseParts,
  parseSigmaString,
  plainSigmaString,
  sigmaStringToPlain,
  sigmaStringToString,
} from "../compat.js";
import { rewriteDetectionItems } from "../detections.js";
import { regexParameter, replacementParameter } from "../pyregex/index.js";
import type { Transformation, TransformationContext, TransformationDefinition } from "../types.js";

/** Parameters of `replace_string`. */
export interface ReplaceStringParams {
  regex: string;
  replacement: string;
  /** Replace only in literal text, leaving wildcards alone. */
  skip_special?: boolean;
  /** Interpret wildcards and escapes in the result. */
  interpret_special?: boolean;
}
/** Parameters of `map_string`. */
export interface MapStringParams {
  mapping: Record<string, string | string[]>;
}
/** Parameters of `regex`. */
export interface RegexTransformationParams {
  method?: "ignore_case_brackets" | "ignore_case_flag" | "plain";
}
/** Parameters of `case`. */
export interface CaseParams {
  method?: "lower" | "upper" | "snake_case";
}
/** Parameters of `set_value`. */
export interface SetValueParams {
  value: string | number | boolean | null;
  force_type?: "str" | "num";
}
/** Parameters of `convert_type`. */
export interface ConvertTypeParams {
  target_type: "str" | "num";
}

/** What a value function returns: a value, several values (spliced into the list), or undefined to keep it. */
export type ValueResult = SigmaValue | SigmaValue[] | undefined;

/** Options of {@link valueTransformation}. */
export interface ValueTransformationOptions {
  /**
   * Set when `fn` counts the values it adds itself (with `ctx.addValues`, before it builds them);
   * otherwise each list `fn` returns is counted against `limits.maxValues` as it comes back.
   */
  readonly countsValues?: boolean;
}

/**
 * Builds a value transformation: `fn` runs on every value (also inside expansions) of every
 * detection item the item's conditions select; items whose values changed are marked. A list
 * that `fn` returns for one value counts against `limits.maxValues` of the rule.
 */
export function valueTransformation(
  type: string,
  fn: (value: SigmaValue, item: DetectionItem, ctx: TransformationContext) => ValueResult,
  options: ValueTransformationOptions = {},
): Transformation {
  const applyValue = (value: SigmaValue, item: DetectionItem, ctx: TransformationContext): ValueResult => {
    if (value.type === "expansion") {
      let changed = false;
      const values = value.values.flatMap((v) => {
        const r = applyValue(v, item, ctx);
        if (r === undefined) return [v];
        changed = true;
        return Array.isArray(r) ? r : [r];
      });
      return changed ? { type: "expansion", values } : undefined;
    }
    const result = fn(value, item, ctx);
    if (Array.isArray(result) && options.countsValues !== true) {
      ctx.addValues(result.length - 1, () => `Transformation '${type}' maps this value to ${formatCount(result.length)} values`, item.location);
    }
    return result;
  };
  return {
    type,
    apply(rule, ctx) {
      if (rule.kind !== "rule") return;
      rewriteDetectionItems(rule, (item) => {
        if (!ctx.matchDetectionItem(item)) return undefined;
        let changed = false;
        const values = item.values.flatMap((v) => {
          const r = applyValue(v, item, ctx);
          if (r === undefined) return [v];
          changed = true;
          return Array.isArray(r) ? r : [r];
        });
        if (changed) {
          item.values = values;
          ctx.markDetectionItem(item);
        }
        return undefined;
      });
    },
  };
}

/** Applies `fn` to the literal text parts of a string. */
function mapText(value: SigmaStringValue, fn: (text: string) => string): SigmaStringValue {
  const parts: StringPart[] = value.parts.map((p) => (typeof p === "string" ? fn(p) : p));
  return { ...value, parts: normaliseParts(parts) };
}

const replaceString: TransformationDefinition<ReplaceStringParams> = {
  params: ["regex", "replacement", "skip_special", "interpret_special"],
  create(p) {
    const replace = replacementParameter(p, "replacement", regexParameter(p, "regex"));
    const skipSpecial = p.bool("skip_special", false);
    const interpretSpecial = p.bool("interpret_special", false);
    return valueTransformation("replace_string", (value) => {
      if (value.type !== "string") return undefined;
      if (skipSpecial) return mapText(value, replace);
      const replaced = replace(sigmaStringToString(value));
      // Without interpret_special, backslashes the replacement produced stay literal.
      const text = interpretSpecial ? replaced : replaced.replace(/\\(?![*?])/g, "\\\\");
      return parseSigmaString(text, value.cased);
    });
  },
};

const mapString: TransformationDefinition<MapStringParams> = {
  params: ["mapping"],
  create(p) {
    const mapping = p.stringMapping("mapping");
    return valueTransformation("map_string", (value) => {
      if (value.type !== "string") return undefined;
      const target = mapping.get(sigmaStringToString(value));
      if (target === undefined) return undefined;
      if (typeof target === "string") return parseSigmaString(target);
      // The lists are the pipeline's own: counted (by valueTransformation) once parsed.
      return target.map((t) => parseSigmaString(t));
    });
  },
};

const REGEX_SPECIAL = /[.*+?^$[\](){}\\|]/g;

const regexTransformation: TransformationDefinition<RegexTransformationParams> = {
  params: ["method"],
  create(p) {
    const method = p.choice("method", ["ignore_case_brackets", "ignore_case_flag", "plain"] as const, "ignore_case_brackets");
    return valueTransformation("regex", (value) => {
      // An empty string stays a string (an empty regex would match every value), as in pySigma.
      if (value.type !== "string" || value.parts.length === 0) return undefined;
      let pattern = "";
      for (const part of value.parts) {
        if (typeof part !== "string") {
          pattern += part.kind === "wildcard" ? (part.wildcard === "*" ? ".*" : ".") : `%${part.name}%`;
          continue;
        }
        for (const c of part) {
          const escaped = c.replace(REGEX_SPECIAL, "\\$&");
          const lower = c.toLowerCase();
          const upper = c.toUpperCase();
          pattern += method === "ignore_case_brackets" && lower !== upper ? `[${lower}${upper}]` : escaped;
        }
      }
      return { type: "regex", pattern, flags: method === "ignore_case_flag" ? ["i"] : [] };
    });
  },
};

function snakeCase(text: string): string {
  return text.replace(/(?<!^)(?=[A-Z])/g, "_").toLowerCase();
}

const caseTransformation: TransformationDefinition<CaseParams> = {
  params: ["method"],
  create(p) {
    const method = p.choice("method", ["lower", "upper", "snake_case"] as const, "lower");
    const fn = method === "lower" ? (t: string) => t.toLowerCase() : method === "upper" ? (t: string) => t.toUpperCase() : snakeCase;
    return valueTransformation("case", (value) => (value.type === "string" ? mapText(value, fn) : undefined));
  },
};

function toNumber(text: string, location?: import("@sigma/core").SourceLocation): number {
  const n = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(n)) throw new SigmaValueError(`Value '${text}' can't be converted to number`, location);
  return n;
}

const setValue: TransformationDefinition<SetValueParams> = {
  params: ["value", "force_type"],
  create(p) {
    const raw = p.required("value");
    const force = p.has("force_type") ? p.choice("force_type", ["str", "num"] as const) : undefined;
    let value: SigmaValue;
    if (force === "str") value = parseSigmaString(String(raw));
    else if (force === "num") value = { type: "number", value: typeof raw === "number" ? raw : toNumber(String(raw), p.location) };
    else if (typeof raw === "string") value = parseSigmaString(raw);
    else if (typeof raw === "number") value = { type: "number", value: raw };
    else if (typeof raw === "boolean") value = { type: "bool", value: raw };
    else if (raw === null) value = { type: "null" };
    else throw p.error("value", "must be a string, number, boolean or null");
    return valueTransformation("set_value", () => value);
  },
};

const convertType: TransformationDefinition<ConvertTypeParams> = {
  params: ["target_type"],
  create(p) {
    const target = p.choice("target_type", ["str", "num"] as const);
    return valueTransformation("convert_type", (value, item) => {
      if (target === "str" && value.type === "number") return plainSigmaString(String(value.value));
      if (target === "num" && value.type === "string") {
        if (hasWildcard(value)) throw new SigmaValueError(`Value '${sigmaStringToString(value)}' can't be converted to number`, item.location);
        return { type: "number", value: toNumber(sigmaStringToPlain(value), item.location) };
      }
      return undefined;
    });
  },
};

/** Built-in value transformations by YAML type. */
export const valueTransformations: Record<string, TransformationDefinition> = {
  replace_string: replaceString,
  map_string: mapString,
  regex: regexTransformation,
  case: caseTransformation,
  set_value: setValue,
  convert_type: convertType,
};
