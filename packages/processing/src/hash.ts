/** Automatic processing item ids: 16 hex digits of SHA-256 over type, parameters and conditions. */
import { sha256 } from "@noble/hashes/sha2.js";

/** JSON with sorted keys, so equal definitions give equal ids. Functions count by their source. */
function canonical(value: unknown): string {
  if (typeof value === "function") return JSON.stringify(`<function ${value.toString()}>`);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The id of an item without an explicit `id`. */
export function autoItemId(definition: Record<string, unknown>): string {
  const bytes = sha256(new TextEncoder().encode(canonical(definition)));
  let hex = "";
  for (const b of bytes.subarray(0, 8)) hex += b.toString(16).padStart(2, "0");
  return hex;
}
