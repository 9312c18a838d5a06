/** Comparison operators shared by `rule_attribute` and `processing_state` conditions. */

/** Operators of `processing_state` (and `rule_attribute` besides `in`/`not_in`). */
export type CompareOp = "eq" | "ne" | "gte" | "gt" | "lte" | "lt";

/** Compares with Python semantics for numbers and strings; ordering of other types is false. */
export function compare(a: unknown, op: CompareOp, b: unknown): boolean {
  if (op === "eq") return equalValues(a, b);
  if (op === "ne") return !equalValues(a, b);
  const ordered =
    (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string");
  if (!ordered) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case "gte":
      return x >= y;
    case "gt":
      return x > y;
    case "lte":
      return x <= y;
    case "lt":
      return x < y;
  }
}

/** Structural equality of plain data. */
export function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => equalValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}
