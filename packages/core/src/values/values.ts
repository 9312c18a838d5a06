/**
 * Constructors, guards and text rendering of Sigma values.
 */
import type {
  CompareOperator,
  RegexFlag,
  SigmaCompareValue,
  SigmaExistsValue,
  SigmaExpansionValue,
  SigmaFieldReferenceValue,
  SigmaQueryExpressionValue,
  SigmaTimestampPartValue,
  TimestampPart,
  SigmaBoolValue,
  SigmaNullValue,
  SigmaNumberValue,
  SigmaRegexValue,
  SigmaStringValue,
  SigmaValue,
  SigmaValueType,
} from "../model/values.js";
import { parseSigmaString, sigmaStringToString } from "./string.js";

/** A number value. */
export function sigmaNumber(value: number): SigmaNumberValue {
  return { type: "number", value };
}

/** A boolean value. */
export function sigmaBool(value: boolean): SigmaBoolValue {
  return { type: "bool", value };
}

const NULL_VALUE: SigmaNullValue = Object.freeze({ type: "null" });

/** The null value. */
export function sigmaNull(): SigmaNullValue {
  return NULL_VALUE;
}

/** A regular expression value with sorted, de-duplicated flags. */
export function sigmaRegex(pattern: string, flags: readonly RegexFlag[] = []): SigmaRegexValue {
  const sorted = [...new Set(flags)].sort();
  return { type: "regex", pattern, flags: sorted };
}

/** A numeric comparison (`lt`/`lte`/`gt`/`gte`). */
export function sigmaCompare(op: CompareOperator, value: number): SigmaCompareValue {
  return { type: "compare", op, value };
}

/** An `exists` check. */
export function sigmaExists(exists: boolean): SigmaExistsValue {
  return { type: "exists", exists };
}

/** A reference to another field. */
export function sigmaFieldReference(field: string, startsWith = false, endsWith = false): SigmaFieldReferenceValue {
  return { type: "fieldref", field, startsWith, endsWith };
}

/** A timestamp part comparison. */
export function sigmaTimestampPart(
  part: TimestampPart,
  value: SigmaNumberValue | SigmaCompareValue,
): SigmaTimestampPartValue {
  return { type: "timestamp_part", part, value };
}

/** Alternatives of one value (always an OR, even under `all`). */
export function sigmaExpansion(values: readonly SigmaValue[]): SigmaExpansionValue {
  return { type: "expansion", values };
}

/** A backend query fragment with `{field}`/`{id}` slots. */
export function sigmaQueryExpression(expression: string, id: string): SigmaQueryExpressionValue {
  return { type: "query_expression", expression, id };
}

/** Structural equality of two values (same kind, same content). */
export function sigmaValuesEqual(a: SigmaValue, b: SigmaValue): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Narrows a value to one of its kinds. */
export function isSigmaValueOfType<T extends SigmaValueType>(
  value: SigmaValue,
  type: T,
): value is Extract<SigmaValue, { type: T }> {
  return value.type === type;
}

/** True for string values. */
export function isSigmaString(value: SigmaValue): value is SigmaStringValue {
  return value.type === "string";
}

/**
 * Converts a YAML scalar (as read from a rule) to a value: strings are parsed with wildcards and
 * escapes, numbers stay numbers (an integral float such as `1.0` is the integer 1), booleans and
 * null keep their type.
 */
export function sigmaValueFromYaml(raw: string | number | boolean | null): SigmaValue {
  if (raw === null) return sigmaNull();
  if (typeof raw === "string") return parseSigmaString(raw);
  if (typeof raw === "number") return sigmaNumber(raw);
  return sigmaBool(raw);
}

/**
 * Python's `str()` of a Sigma number: integral values as integers (pySigma stores them as `int`),
 * other floats in Python's shortest repr (exponent form below 1e-4 and from 1e16, two-digit
 * exponent minimum).
 */
export function formatPythonNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
  if (Number.isInteger(n)) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs >= 1e-4 && abs < 1e16) return String(n);
  const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
  const sign = exponent.startsWith("-") ? "-" : "+";
  const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
  return `${mantissa}e${sign}${digits}`;
}

/** Python's `str()` of a boolean. */
function formatPythonBool(b: boolean): string {
  return b ? "True" : "False";
}

/**
 * Text of a value as pySigma's `str()` renders it (used in error messages and by backends that
 * build queries from text).
 */
export function sigmaValueToString(value: SigmaValue): string {
  switch (value.type) {
    case "string":
      return sigmaStringToString(value);
    case "number":
      return formatPythonNumber(value.value);
    case "bool":
      return formatPythonBool(value.value);
    case "null":
      return "None";
    case "regex":
      return value.pattern;
    case "cidr":
      return value.cidr;
    case "compare":
      return formatPythonNumber(value.value);
    case "exists":
      return formatPythonBool(value.exists);
    case "fieldref":
      return value.field;
    case "timestamp_part":
      return sigmaValueToString(value.value);
    case "expansion":
      return value.values.map(sigmaValueToString).join(", ");
    case "query_expression":
      return value.expression;
  }
}
