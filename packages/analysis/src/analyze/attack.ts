/**
 * ATT&CK coverage of a rule set as an ATT&CK Navigator layer (layer format 4.4), scored as
 * sigma-cli 3's `analyze attack` scores it.
 */
import { RULE_LEVELS, RULE_STATUSES } from "@sigma/core";
import type { RuleLevel, RuleStatus } from "@sigma/core";
import type { AttackDataFile } from "../attack/data.js";
import type { AnyRule } from "../rules.js";

/** How the rules of a technique are scored. */
export type ScoreFunction = "count" | "max" | "level";

/** The score functions with sigma-cli's descriptions. */
export const SCORE_FUNCTIONS: Readonly<Record<ScoreFunction, string>> = {
  count: "Count of rules",
  max: "Maximum severity value",
  level: "Summarized level score",
};

// Also exported from here, where the CLI reads them for its --min-level and --min-status choices.
export { RULE_LEVELS, RULE_STATUSES };

/** `level` function: the points of a rule by level (a rule without level scores 1). */
const LEVEL_POINTS: Readonly<Record<RuleLevel, number>> = { informational: 1, low: 2, medium: 4, high: 8, critical: 12 };

/** Which rules count and how techniques are keyed. */
export interface AttackScoreOptions {
  /** Keep sub-techniques (`T1059.001`); false folds them into their technique. Default true. */
  readonly subtechniques?: boolean;
  /** Rules below this level do not count (a rule without level counts as informational). Default informational. */
  readonly minLevel?: RuleLevel;
  /** Rules below this status do not count (a rule without status counts as unsupported). Default unsupported. */
  readonly minStatus?: RuleStatus;
}

function score(fn: ScoreFunction, rules: readonly AnyRule[]): number {
  switch (fn) {
    case "count":
      return rules.length;
    case "max":
      // Level values 1 (informational) … 5 (critical); 0 without level.
      return Math.max(...rules.map((r) => (r.level === undefined ? 0 : RULE_LEVELS.indexOf(r.level) + 1)));
    case "level":
      return rules.reduce((sum, r) => sum + (r.level === undefined ? 1 : LEVEL_POINTS[r.level]), 0);
  }
}

/**
 * Scores per ATT&CK tag, keyed by the upper-cased tag name (`T1059.001`, also tactics such as
 * `EXECUTION`), in order of first appearance. A rule counts once per tag naming the key (with
 * sub-techniques folded, a rule tagged `t1059` and `t1059.001` counts twice for `T1059`).
 */
export function attackScores(rules: Iterable<AnyRule>, fn: ScoreFunction, options: AttackScoreOptions = {}): Map<string, number> {
  const minLevel = RULE_LEVELS.indexOf(options.minLevel ?? "informational");
  const minStatus = RULE_STATUSES.indexOf(options.minStatus ?? "unsupported");
  const byTechnique = new Map<string, AnyRule[]>();
  for (const rule of rules) {
    if (RULE_LEVELS.indexOf(rule.level ?? "informational") < minLevel) continue;
    if (RULE_STATUSES.indexOf(rule.status ?? "unsupported") < minStatus) continue;
    for (const tag of rule.tags) {
      if (tag.namespace !== "attack") continue;
      let key = tag.name.toUpperCase();
      if (options.subtechniques === false) key = key.split(".")[0]!;
      const list = byTechnique.get(key) ?? [];
      list.push(rule);
      byTechnique.set(key, list);
    }
  }
  return new Map([...byTechnique].map(([key, list]) => [key, score(fn, list)]));
}

/** One technique of a layer, in one tactic. */
export interface LayerTechnique {
  readonly techniqueID: string;
  readonly tactic: string;
  readonly score: number;
  readonly color: string;
  readonly comment: string;
  readonly enabled: boolean;
  readonly metadata: readonly never[];
  readonly links: readonly never[];
  readonly showSubtechniques: boolean;
}

/** An ATT&CK Navigator layer (format 4.4) with the members sigma-cli writes, in its order. */
export interface NavigatorLayer {
  readonly name: string;
  readonly versions: { readonly attack: string; readonly navigator: string; readonly layer: string };
  readonly domain: "enterprise-attack";
  readonly description: string;
  readonly gradient: { readonly colors: readonly [string, string]; readonly minValue: number; readonly maxValue: number };
  readonly techniques: readonly LayerTechnique[];
}

/** Options of {@link navigatorLayer}. */
export interface NavigatorLayerOptions extends AttackScoreOptions {
  readonly function: ScoreFunction;
  /** Colour of the highest score. Default `#ff0000`. */
  readonly maxColor?: string;
  /** Colour of a zero score. Default `#ffffff00` (transparent white). */
  readonly minColor?: string;
  /** Top of the colour scale; default (or 0) the highest score, 0 when nothing scored. */
  readonly maxScore?: number;
  /** Bottom of the colour scale. Default 0. */
  readonly minScore?: number;
}

/**
 * The coverage layer of a rule set: one entry per Enterprise technique and each of its tactics
 * (tags that are not Enterprise techniques, such as tactics, are scored but have no entry).
 */
export function navigatorLayer(rules: Iterable<AnyRule>, options: NavigatorLayerOptions, data: AttackDataFile): NavigatorLayer {
  return layerFromScores(attackScores(rules, options.function, options), options, data);
}

/** {@link navigatorLayer} from scores already computed with {@link attackScores}. */
export function layerFromScores(scores: ReadonlyMap<string, number>, options: NavigatorLayerOptions, data: AttackDataFile): NavigatorLayer {
  const tacticsOf = data.domains.enterprise.techniques;
  const techniques: LayerTechnique[] = [];
  for (const [techniqueID, value] of scores) {
    for (const tactic of tacticsOf[techniqueID] ?? []) {
      techniques.push({ techniqueID, tactic, score: value, color: "", comment: "", enabled: true, metadata: [], links: [], showSubtechniques: false });
    }
  }
  const highest = scores.size > 0 ? Math.max(...scores.values()) : 0;
  return {
    name: "Sigma Analytics Coverage",
    versions: { attack: data.attackVersion, navigator: "4.8.1", layer: "4.4" },
    domain: "enterprise-attack",
    description: `Sigma coverage heatmap generated by Sigma CLI with score function ${options.function}`,
    gradient: {
      colors: [options.minColor ?? "#ffffff00", options.maxColor ?? "#ff0000"],
      minValue: options.minScore ?? 0,
      maxValue: options.maxScore || highest,
    },
    techniques,
  };
}
