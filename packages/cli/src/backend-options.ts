/**
 * `-O key=value` backend options: the format check, sigma-cli's integer coercion, aggregation of
 * repeated keys, and coercion to the types a backend declares for its options.
 */

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

/**
 * Python's `int()` on a string: surrounding whitespace, a sign, leading zeros, `_` between digits
 * and any Unicode decimal digits are accepted. Returns `undefined` when it is not an integer.
 */
export function pythonInt(text: string): number | undefined {
  const m = /^\s*([+-]?)(\p{Nd}+(?:_\p{Nd}+)*)\s*$/u.exec(text);
  if (!m) return undefined;
  let digits = "";
  for (const ch of m[2]!.replace(/_/g, "")) {
    const code = ch.codePointAt(0)!;
    digits += ch >= "0" && ch <= "9" ? ch : String(unicodeDigitValue(code));
  }
  const value = Number(digits);
  return m[1] === "-" ? -value : value;
}

function unicodeDigitValue(code: number): number {
  // Unicode decimal digits come in aligned runs of ten: walk back to the run's start.
  let start = code;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/** A backend option value after `-O` coercion. */
export type OptionValue = string | number | boolean | OptionValue[];

/** Declared type of a backend option. */
export type OptionType = "string" | "boolean" | "integer" | "number";

/** Coerces one raw value: to the declared type when known, else sigma-cli's integer rule. */
export function coerceValue(raw: string, type: OptionType | undefined): OptionValue | { error: string } {
  switch (type) {
    case "string":
      return raw;
    case "boolean": {
      const v = raw.trim().toLowerCase();
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off", ""].includes(v)) return false;
      return { error: `expects true or false, got '${raw}'` };
    }
    case "integer": {
      const n = pythonInt(raw);
      return n === undefined ? { error: `expects an integer, got '${raw}'` } : n;
    }
    case "number": {
      const n = pythonInt(raw) ?? (raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : undefined);
      return n === undefined ? { error: `expects a number, got '${raw}'` } : n;
    }
    default:
      return pythonInt(raw) ?? raw;
  }
}

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
    const coerced = coerceValue(value, typeOf(key));
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
