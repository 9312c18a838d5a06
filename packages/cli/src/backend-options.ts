/**
 * `-O key=value` backend options: the format check, aggregation of repeated keys, and coercion to
 * the types a backend declares for its options (sigma-cli's integer rule otherwise) — the coercion
 * itself is @sigma/backend's, the one the library applies to strings too.
 */
import { coerceOptionText, type OptionTextType, type OptionTextValue } from "@sigma/backend";

/** A raw `-O` value split at its first `=`. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** Splits `key=value`; `undefined` when there is no `=` (a usage error for the caller). */
export function splitKeyValue(text: string): KeyValue | undefined {
  const at = text.indexOf("=");
  if (at === -1) return undefined;
  return { key: text.slice(0, at), value: text.slice(at + 1) };
}

/** A backend option value after `-O` coercion. */
export type OptionValue = OptionTextValue;

/** Declared type of a backend option. */
export type OptionType = OptionTextType;

/**
 * Groups `-O` values by key in order of first appearance: a key given once maps to its value, a
 * key given several times to the list of its values.
 */
export function aggregateOptions(
  pairs: readonly KeyValue[],
  typeOf: (key: string) => OptionType | undefined,
): { options: Map<string, OptionValue>; errors: string[] } {
  const grouped = new Map<string, OptionValue[]>();
  const errors: string[] = [];
  for (const { key, value } of pairs) {
    // The library's reading, shared with `convertRules`.
    const coerced = coerceOptionText(value, typeOf(key));
    if (typeof coerced === "object" && !Array.isArray(coerced)) {
      errors.push(`Parameter '${key}' ${coerced.error}.`);
      continue;
    }
    const list = grouped.get(key) ?? [];
    list.push(coerced);
    grouped.set(key, list);
  }
  const options = new Map<string, OptionValue>();
  for (const [key, values] of grouped) options.set(key, values.length === 1 ? values[0]! : values);
  return { options, errors };
}
