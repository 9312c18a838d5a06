/**
 * Temporary local copies of @sigma/processing's transformation contracts, until that package
 * exports them (same shapes as its `types.ts`).
 */
import type { SigmaCorrelationRule, SigmaError, SigmaRule } from "@sigma/core";

/** A rule that pipelines process. */
export type ProcessableRule = SigmaRule | SigmaCorrelationRule;

/** A transformation: changes a rule in place. */
export interface Transformation {
  readonly type: string;
  apply(rule: ProcessableRule, context?: unknown): void;
}

/** Typed access to an item's parameters. */
export interface Params {
  error(key: string, what: string): SigmaError;
  required(key: string): unknown;
  string(key: string, fallback?: string): string;
  bool(key: string, fallback: boolean): boolean;
}

/** A registered transformation type. */
export interface TransformationDefinition<P extends object = object> {
  readonly params: readonly (keyof P & string)[] | readonly string[];
  create(params: Params, context?: unknown): Transformation;
}
