/**
 * Deferred query parts (§4.4): pieces of a query that are not rendered where they occur in the
 * condition but collected and emitted after the main expression (Loki's line filters). A converter
 * registers a part and puts the returned marker into the expression; AND/OR joins skip markers and
 * NOT toggles the part's negation.
 */

/** Stands in a converted expression for a part that was deferred. */
export interface DeferredMarker {
  readonly kind: "deferred";
  /** Index into {@link DeferredParts.parts}. */
  readonly index: number;
}

/** One deferred part: the backend's own value and whether it is negated. */
export interface DeferredPart<D> {
  readonly value: D;
  readonly negated: boolean;
}

/** The deferred parts of one query, in creation order. One instance per query. */
export class DeferredParts<D> {
  readonly #parts: Array<{ value: D; negated: boolean }> = [];

  /** Registers a part and returns the marker to use in its place. */
  add(value: D, negated = false): DeferredMarker {
    this.#parts.push({ value, negated });
    return { kind: "deferred", index: this.#parts.length - 1 };
  }

  /** Toggles the negation of a registered part (a NOT above it). */
  negate(marker: DeferredMarker): void {
    const part = this.#parts[marker.index];
    if (part) part.negated = !part.negated;
  }

  /** The parts in creation order. */
  get parts(): readonly DeferredPart<D>[] {
    return this.#parts;
  }

  get size(): number {
    return this.#parts.length;
  }
}
