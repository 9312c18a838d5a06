/**
 * Bounds on what a YAML source may make the parser do. Sigma rules are small; these limits stop
 * hostile input (alias bombs, deep nesting, huge values) early with a located `SigmaLimitError`.
 */

/** Limits applied while reading YAML. Every limit can be overridden through `ParseOptions.limits`. */
export interface YamlLimits {
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
}

/** The default limits: far above any real Sigma rule, far below what hurts. */
export const DEFAULT_YAML_LIMITS: YamlLimits = Object.freeze({
  maxFileSize: 4 * 1024 * 1024,
  maxDocuments: 1000,
  maxDepth: 64,
  maxValueLength: 100_000,
  maxNodes: 50_000,
  maxAliasExpansion: 100_000,
});

/** The default limits with the given overrides. */
export function resolveLimits(overrides?: Partial<YamlLimits>): YamlLimits {
  return overrides ? { ...DEFAULT_YAML_LIMITS, ...overrides } : DEFAULT_YAML_LIMITS;
}
