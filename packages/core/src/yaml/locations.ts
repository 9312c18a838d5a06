/**
 * Source locations of parsed YAML nodes. js-yaml returns plain data; this map remembers where each
 * mapping and sequence, each key, each value and each list element came from.
 */
import type { SourceLocation } from "../errors.js";

/** Where a mapping key and its value are. */
export interface KeyLocation {
  readonly key: SourceLocation;
  readonly value: SourceLocation;
  /** The key was a YAML null (`~:`), which js-yaml turns into the string "null". */
  readonly nullKey: boolean;
}

/** Locations of the nodes of one YAML source. Lookups never throw; unknown nodes give `undefined`. */
export class YamlLocations {
  private readonly nodes = new WeakMap<object, SourceLocation>();
  private readonly keys = new WeakMap<object, ReadonlyMap<string, KeyLocation>>();
  private readonly items = new WeakMap<object, readonly SourceLocation[]>();

  /** Where a mapping or sequence starts. */
  of(node: unknown): SourceLocation | undefined {
    return isObject(node) ? this.nodes.get(node) : undefined;
  }

  /** Where `key` is written in `mapping` (falls back to the mapping). */
  key(mapping: unknown, key: string): SourceLocation | undefined {
    if (!isObject(mapping)) return undefined;
    return this.keys.get(mapping)?.get(key)?.key ?? this.nodes.get(mapping);
  }

  /** Where the value of `key` is written in `mapping` (falls back to the key, then the mapping). */
  value(mapping: unknown, key: string): SourceLocation | undefined {
    if (!isObject(mapping)) return undefined;
    return this.keys.get(mapping)?.get(key)?.value ?? this.nodes.get(mapping);
  }

  /** Whether `key` of `mapping` was a YAML null. */
  isNullKey(mapping: unknown, key: string): boolean {
    return isObject(mapping) ? this.keys.get(mapping)?.get(key)?.nullKey === true : false;
  }

  /** Where element `index` of `sequence` is written (falls back to the sequence). */
  item(sequence: unknown, index: number): SourceLocation | undefined {
    if (!isObject(sequence)) return undefined;
    return this.items.get(sequence)?.[index] ?? this.nodes.get(sequence);
  }

  /** The key locations of a mapping, if known. */
  keysOf(mapping: object): ReadonlyMap<string, KeyLocation> | undefined {
    return this.keys.get(mapping);
  }

  /** Records a node; the first record wins (an alias points back at its anchor). */
  setNode(node: object, location: SourceLocation): boolean {
    if (this.nodes.has(node)) return false;
    this.nodes.set(node, location);
    return true;
  }

  /** Records the key locations of a mapping (used by the loader and by collection merges). */
  setKeys(node: object, keys: ReadonlyMap<string, KeyLocation>): void {
    this.keys.set(node, keys);
  }

  /** Records the element locations of a sequence. */
  setItems(node: object, items: readonly SourceLocation[]): void {
    this.items.set(node, items);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
