/**
 * Bounds on what a source may make the library build. Sigma rules are small; these limits stop
 * hostile input (alias bombs, deep nesting, huge values, values that expand exponentially) early,
 * before the work is done, with a located `SigmaLimitError` that names the limit.
 */
import { SigmaLimitError } from "./errors.js";
import type { SourceLocation } from "./errors.js";

/** Every limit; each can be overridden through the `limits` option (CLI: `--limit name=N`). */
export interface SigmaLimits {
  /** Maximum length of one source text, in characters (bytes for `Uint8Array` input). */
  readonly maxFileSize: number;
  /** Maximum number of YAML documents in one source. */
  readonly maxDocuments: number;
  /** Maximum nesting depth of parser nodes (each collection and its scalars count). */
  readonly maxDepth: number;
  /** Maximum length of one scalar, in characters. */
  readonly maxValueLength: number;
  /** Maximum number of parser nodes (keys, values, elements) in one source. */
  readonly maxNodes: number;
  /** Maximum number of nodes one document may have once every alias is expanded. */
  readonly maxAliasExpansion: number;
  /** Maximum number of characters (of keys and scalars) that expanding aliases adds to one source. */
  readonly maxAliasCharacters: number;
  /**
   * Maximum number of detection values once expanded: of one source as modifiers expand them
   * (every `windash` variant and `base64offset` encoding counts), and of one rule as pipeline
   * transformations expand them (placeholders, `map_string` lists). Counted before they are built.
   */
  readonly maxValues: number;
}

/** The limits of YAML reading (all limits are read with the source; the name predates the others). */
export type YamlLimits = SigmaLimits;

/** The default limits: far above any real Sigma rule, far below what hurts. */
export const DEFAULT_LIMITS: SigmaLimits = Object.freeze({
  maxFileSize: 4 * 1024 * 1024,
  maxDocuments: 1000,
  maxDepth: 64,
  maxValueLength: 100_000,
  maxNodes: 50_000,
  maxAliasExpansion: 100_000,
  maxAliasCharacters: 1_000_000,
  maxValues: 50_000,
});

/** The same object as {@link DEFAULT_LIMITS}. */
export const DEFAULT_YAML_LIMITS: YamlLimits = DEFAULT_LIMITS;

/** The default limits with the given overrides. */
export function resolveLimits(overrides?: Partial<SigmaLimits>): SigmaLimits {
  return overrides ? { ...DEFAULT_LIMITS, ...overrides } : DEFAULT_LIMITS;
}

/**
 * The error for an exceeded limit: `what` says what went over (e.g. "The source has more than 5
 * YAML nodes"), `advice` what to change in the input; the message then names the limit and how to
 * raise it.
 */
export function limitError(
  name: keyof SigmaLimits,
  what: string,
  advice: string,
  location: SourceLocation | undefined,
): SigmaLimitError {
  return new SigmaLimitError(
    `${what} (limits.${name}); ${advice}, or raise the limit: \`--limit ${name}=N\` on the command line, \`limits: { ${name}: N }\` in the API`,
    location,
  );
}

/** A count with thousands separators, as in limit messages (no `toLocaleString`: loading ICU costs 0.2 s). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n >= 1e21) return "more than 10^21";
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ",");
}
