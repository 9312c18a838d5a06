/**
 * The value and rule helpers this package uses from @sigma/core, gathered in one module (the single
 * seam towards core), plus two small helpers core has no equivalent for.
 */
import {
  SigmaConfigurationError,
  cloneDetection,
  cloneDetectionItem,
  cloneRule,
  containsWildcard,
  parseDetection,
  parseSigmaString as coreParseSigmaString,
  plainSigmaString,
  sigmaStringFromParts,
  sigmaStringToString,
  sigmaValueFromYaml,
} from "@sigma/core";
import type { Detection, SigmaStringValue, SigmaValue, SourceLocation, StringPart, YamlLocations } from "@sigma/core";

export { cloneDetection, cloneDetectionItem, cloneRule, plainSigmaString, sigmaStringToString };

/** A Sigma string from rule text (`*`/`?` wildcards, `\*`, `\?`, `\\` escapes), optionally cased. */
export function parseSigmaString(text: string, cased = false): SigmaStringValue {
  const value = coreParseSigmaString(text);
  return cased ? { ...value, cased } : value;
}

/** Joins adjacent text parts and drops empty ones, as the model requires. */
export function normaliseParts(parts: readonly StringPart[]): StringPart[] {
  return [...sigmaStringFromParts(parts).parts];
}

/** The text of a Sigma string with wildcards as `*`/`?`, no escaping (pySigma `to_plain`). */
export function sigmaStringToPlain(value: SigmaStringValue): string {
  let out = "";
  for (const part of value.parts) {
    if (typeof part === "string") out += part;
    else if (part.kind === "wildcard") out += part.wildcard;
    else out += `%${part.name}%`;
  }
  return out;
}

/** True when the string contains a wildcard. */
export function hasWildcard(value: SigmaStringValue): boolean {
  return containsWildcard(value);
}

/** A value from a plain YAML scalar: strings are read with wildcards, numbers, booleans, null. */
export function valueFromPlain(value: unknown, location?: SourceLocation): SigmaValue {
  if (value === null || value === undefined) return sigmaValueFromYaml(null);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return sigmaValueFromYaml(value);
  }
  throw new SigmaConfigurationError(`Value ${JSON.stringify(value)} is not a plain scalar`, location);
}

/** Builds a detection from plain data (as in rule YAML, modifiers included), for `add_condition`. */
export function detectionFromPlain(
  data: Record<string, unknown>,
  location?: SourceLocation,
  locations?: YamlLocations,
): Detection {
  return parseDetection(data, location, locations ? { locations } : {});
}
