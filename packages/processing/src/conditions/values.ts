/** Equality of Sigma values for conditions. */
import type { SigmaValue } from "@sigma/core";
import { equalValues } from "./compare.js";

/** Two values are equal when they have the same type and the same content. */
export function valuesEqual(a: SigmaValue, b: SigmaValue): boolean {
  return equalValues(a, b);
}
