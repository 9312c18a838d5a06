/** Deep merge of YAML documents for collection actions, keeping source locations. */
import type { YamlLocations } from "../yaml/locations.js";
import type { KeyLocation } from "../yaml/locations.js";

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges `over` into a copy of `base`: maps merge key by key, any other value of `over` replaces
 * the one in `base` (so `over` wins). Neither input is changed; unchanged subtrees are shared.
 * The merged maps get the locations of the values they hold.
 */
export function deepMerge(base: unknown, over: unknown, locations?: YamlLocations): unknown {
  if (!isMapping(base) || !isMapping(over)) return over;
  const out: Record<string, unknown> = { ...base };
  const baseKeys = locations?.keysOf(base);
  const overKeys = locations?.keysOf(over);
  const keys = new Map<string, KeyLocation>(baseKeys ?? []);
  for (const [key, value] of Object.entries(over)) {
    const merged = Object.prototype.hasOwnProperty.call(base, key) && isMapping(base[key]) && isMapping(value);
    out[key] = merged ? deepMerge(base[key], value, locations) : value;
    const overKey = overKeys?.get(key);
    if (!merged && overKey) keys.set(key, overKey);
  }
  if (locations) {
    const at = locations.of(base) ?? locations.of(over);
    if (at) locations.setNode(out, at);
    locations.setKeys(out, keys);
  }
  return out;
}

/** A copy of a mapping without the given key (for stripping `action`). */
export function without(data: Record<string, unknown>, key: string, locations?: YamlLocations): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (k !== key) out[k] = v;
  if (locations) {
    const at = locations.of(data);
    if (at) locations.setNode(out, at);
    const keys = locations.keysOf(data);
    if (keys) locations.setKeys(out, keys);
  }
  return out;
}
