/** Applying Sigma filters to the rules they name. */
import type { Detection, DetectionItem } from "../model/detection.js";
import type { LogSource, SigmaFilter, SigmaRule } from "../model/rule.js";

/**
 * The identifier prefix of a filter's selections in the rules it is applied to: `_filt_` and ten
 * letters derived from the filter (the reference picks random letters; ours are stable so that
 * output is reproducible). The leading `_` keeps them out of the rule's own `1 of them`.
 */
export function filterPrefix(filter: SigmaFilter): string {
  const seed = [filter.id ?? "", filter.title, filter.source?.path ?? "", String(filter.source?.documentIndex ?? "")].join("\u0000");
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let letters = "";
  for (let round = 0; letters.length < 10; round++) {
    for (let i = 0; i < seed.length; i++) {
      h1 = Math.imul(h1 ^ seed.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (seed.charCodeAt(i) + round), 0x5bd1e995) >>> 0;
    }
    letters += String.fromCharCode(97 + (((h1 ^ h2) >>> 0) % 26));
    h1 = Math.imul(h1 ^ round, 0x01000193) >>> 0;
  }
  return `_filt_${letters}_`;
}

/** Whether every log source attribute the filter sets is equal in the rule's log source. */
export function logSourceMatches(filter: LogSource, rule: LogSource): boolean {
  return (["category", "product", "service"] as const).every(
    (key) => filter[key] === undefined || filter[key] === rule[key],
  );
}

/** Whether the filter names the rule (by id or name), or names no rule at all (`any`, `[]`). */
export function filterTargets(filter: SigmaFilter, rule: Pick<SigmaRule, "id" | "name">): boolean {
  if (filter.rules === "any" || filter.rules.length === 0) return true;
  return filter.rules.some((ref) => ref === rule.name || (rule.id !== undefined && ref.toLowerCase() === rule.id));
}

/** Prefixes the identifiers and selector patterns of a condition (`them` becomes `<prefix>*`). */
export function prefixCondition(condition: string, prefix: string): string {
  const tokens = condition.split(/(\s+|\(|\))/);
  const words = tokens.map((t) => (/^\s*$|^[()]$/.test(t) ? null : t));
  const next = (i: number): string | undefined => {
    for (let j = i + 1; j < words.length; j++) if (words[j] !== null && words[j] !== undefined) return words[j] ?? undefined;
    return undefined;
  };
  return tokens
    .map((token, i) => {
      const word = words[i];
      if (word === null || word === undefined) return token;
      const lower = word.toLowerCase();
      if (lower === "and" || lower === "or" || lower === "not" || lower === "of") return token;
      if (lower === "them") return `${prefix}*`;
      if ((lower === "1" || lower === "any" || lower === "all") && next(i)?.toLowerCase() === "of") return token;
      return `${prefix}${word}`;
    })
    .join("");
}

/**
 * Applies a filter to a rule in place: the filter's selections are added under prefixed names and
 * every condition `c` becomes `(c) and (<filter condition>)`.
 */
export function applyFilter(filter: SigmaFilter, rule: SigmaRule): void {
  const prefix = filterPrefix(filter);
  for (const [name, detection] of filter.detection.definitions) {
    rule.detection.definitions.set(`${prefix}${name}`, copyDetection(detection));
  }
  const filterConditions = filter.detection.conditions.map((c) => prefixCondition(c, prefix));
  if (filterConditions.length === 0) return;
  const filterCondition = filterConditions.length === 1 ? filterConditions[0] : filterConditions.map((c) => `(${c})`).join(" and ");
  rule.detection.conditions = rule.detection.conditions.map((c) => `(${c}) and (${filterCondition})`);
}

function copyDetection(detection: Detection): Detection {
  return { ...detection, items: detection.items.map((item) => (item.kind === "item" ? copyItem(item) : copyDetection(item))) };
}

function copyItem(item: DetectionItem): DetectionItem {
  return { ...item, modifiers: [...item.modifiers], values: [...item.values] };
}
