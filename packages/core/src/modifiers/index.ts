/**
 * Modifiers: turn `field|mod1|mod2: values` into a detection item (spec §1.2, §2).
 */
import { SigmaDetectionError, SigmaModifierError, SigmaTypeError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { DetectionItem, ModifierId } from "../model/detection.js";
import type { RawValue, SigmaValue } from "../model/values.js";
import { parseSigmaString } from "../values/string.js";
import { sigmaNumber, sigmaValueFromYaml, sigmaValueToString } from "../values/values.js";
import { DEFAULT_LIMITS, formatCount } from "../limits.js";
import { ValueBudget } from "../value-budget.js";
import { MODIFIERS } from "./registry.js";
import type { ModifierDescriptor } from "./registry.js";
import { transformValue, windashVariantCount } from "./transform.js";
import type { ModifierContext } from "./transform.js";

export { MODIFIERS, getModifier } from "./registry.js";
export type { ModifierDescriptor } from "./registry.js";
export { pythonRegexToJs, validateRegex } from "./regex.js";

/** Resolves modifier names to descriptors; unknown names throw SigmaModifierError "Unknown modifier 'x'". */
export function resolveModifiers(modifiers: readonly string[], location?: SourceLocation): ModifierDescriptor[] {
  return modifiers.map((m) => {
    const desc = MODIFIERS.get(m);
    if (!desc) throw new SigmaModifierError(`Unknown modifier '${m}'`, location);
    return desc;
  });
}

function typeError(desc: ModifierDescriptor, value: SigmaValue, location: SourceLocation | undefined): SigmaTypeError {
  return new SigmaTypeError(
    `Modifier ${desc.className} incompatible to value type of '${sigmaValueToString(value)}'`,
    location,
  );
}

/** Applies one value modifier, mapping over expansions and checking the value kind. */
function applyOne(desc: ModifierDescriptor, value: SigmaValue, ctx: ModifierContext): SigmaValue {
  if (value.type === "expansion") {
    return { type: "expansion", values: value.values.map((v) => applyOne(desc, v, ctx)) };
  }
  let input = value;
  // A number given to a string modifier is used as its text (`field|contains: 123`).
  if (input.type === "number" && !desc.accepts.includes("number") && desc.accepts.includes("string")) {
    input = parseSigmaString(String(input.value));
  }
  if (!desc.accepts.includes(input.type)) throw typeError(desc, value, ctx.location);
  if (input.type === "timestamp_part" && input.value.type !== "number") throw typeError(desc, value, ctx.location);
  return transformValue(desc.id, input, ctx);
}

/** Options of {@link applyModifiers} and {@link buildDetectionItem}. */
export interface ModifierOptions {
  /**
   * The count of values against `limits.maxValues` (shared by everything read from one source);
   * without it, the default limit applies to this item alone.
   */
  readonly budget?: ValueBudget;
}

/** How many values `value` holds once `desc` is applied, for the modifiers that multiply values. */
function countAfter(desc: ModifierDescriptor, value: SigmaValue): number {
  if (value.type === "expansion") return value.values.reduce((n, v) => n + countAfter(desc, v), 0);
  if (value.type !== "string") return 1;
  if (desc.id === "windash") return windashVariantCount(value);
  if (desc.id === "base64offset") return 3;
  return 1;
}

const EXPANDING: ReadonlySet<string> = new Set(["windash", "base64offset"]);

/**
 * Applies a whole modifier chain to one raw value. Modifiers that multiply values (`windash`,
 * `base64offset`) are counted against the budget before they are applied.
 */
export function applyModifiers(
  field: string | null,
  modifiers: readonly ModifierDescriptor[],
  raw: RawValue,
  location?: SourceLocation,
  options: ModifierOptions = {},
): SigmaValue {
  const budget = options.budget ?? new ValueBudget(DEFAULT_LIMITS.maxValues, "this detection item");
  const at = raw.location ?? location;
  let value: SigmaValue = sigmaValueFromYaml(raw.value);
  if (value.type === "number") value = sigmaNumber(value.value);
  let count = 1;
  budget.check(count, () => "This detection value is one too many", "split the rule or the file", at);
  const applied: ModifierId[] = [];
  for (const desc of modifiers) {
    if (desc.kind === "value") {
      if (EXPANDING.has(desc.id)) {
        const next = countAfter(desc, value);
        budget.check(
          next,
          () => `Modifier '${desc.id}' expands this value to ${formatCount(next)} values`,
          desc.id === "windash" ? "put fewer dashes in one value (split it into several values)" : "use fewer expanding modifiers",
          at,
        );
        count = next;
      }
      value = applyOne(desc, value, { field, applied, raw: raw.value, location: at });
    }
    applied.push(desc.id);
  }
  budget.add(count);
  return value;
}

/**
 * Builds a detection item from `field|modifiers: values`: applies the modifier chain left to right
 * to every value; `all` links the values with AND, `neq` negates the item. An empty value list is a
 * single null value. `field` null (or empty) makes a keyword item.
 */
export function buildDetectionItem(
  field: string | null,
  modifiers: readonly string[],
  values: readonly RawValue[],
  location?: SourceLocation,
  options: ModifierOptions = {},
): DetectionItem {
  const budget = options.budget ?? new ValueBudget(DEFAULT_LIMITS.maxValues, "this detection item");
  const boundField = field === "" ? null : field;
  const descs = resolveModifiers(modifiers, location);
  const raws: readonly RawValue[] = values.length === 0 ? [{ value: null }] : values;
  const out: SigmaValue[] = [];
  for (const raw of raws) {
    if (raw.value === null && boundField === null && descs.length === 0) {
      throw new SigmaDetectionError("Null value must be bound to a field", raw.location ?? location);
    }
    out.push(applyModifiers(boundField, descs, raw, location, { budget }));
  }
  const item: DetectionItem = {
    kind: "item",
    field: boundField,
    modifiers: descs.map((d) => d.id),
    values: out,
    linking: descs.some((d) => d.id === "all") ? "and" : "or",
    negated: descs.some((d) => d.id === "neq"),
  };
  if (location) item.location = location;
  return item;
}
