/**
 * The `maxValues` limit as a running count: everything read from one source (or processed for one
 * rule) draws from one budget, and an expansion is checked against what is left before it is built.
 */
import type { SourceLocation } from "./errors.js";
import { formatCount, limitError } from "./limits.js";

/** A count of detection values against `limits.maxValues`. */
export class ValueBudget {
  private used = 0;

  constructor(
    /** The limit (`limits.maxValues`). */
    readonly limit: number,
    /** What the values belong to in messages: "this source", "this rule". */
    readonly owner: string,
  ) {}

  /** Values that can still be added. */
  get remaining(): number {
    return this.limit - this.used;
  }

  /**
   * Checks that `count` more values fit, before they are built. `what` describes them, e.g.
   * "Modifier 'windash' expands this value to 15,625 values" (made only when they do not fit);
   * `advice` says what to change.
   */
  check(count: number, what: () => string, advice: string, location: SourceLocation | undefined): void {
    if (count <= this.remaining) return;
    const over =
      this.used === 0
        ? `${what()}, more than the limit of ${formatCount(this.limit)} values of ${this.owner}`
        : `${what()}: ${this.owner} would have ${formatCount(this.used + count)} values, more than the limit of ${formatCount(this.limit)}`;
    throw limitError("maxValues", over, advice, location);
  }

  /** Counts `count` values (after {@link check}, or for values that need no check). */
  add(count: number): void {
    this.used += count;
  }
}
