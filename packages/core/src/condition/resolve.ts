/**
 * Resolution of a parsed condition against the rule's detections into the tree backends convert,
 * with pySigma's tree shapes: a detection map is an AND of its items and a list an OR (one element
 * collapses to the element), an item with several values an OR (AND for `all`), `neq` a NOT around
 * it, an expansion an OR of its values.
 */
import { SigmaConditionError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { ConditionAst, ConditionTree } from "../model/condition.js";
import type { Detection, DetectionItem, Detections } from "../model/detection.js";
import type { SigmaValue } from "../model/values.js";
import type { SigmaRule } from "../model/rule.js";
import { parseCondition } from "./parser.js";

/** AND/OR of the defined args; one arg collapses to itself, none to undefined. */
function group(type: "and" | "or", args: readonly (ConditionTree | undefined)[]): ConditionTree | undefined {
  const defined = args.filter((a): a is ConditionTree => a !== undefined);
  if (defined.length === 0) return undefined;
  if (defined.length === 1) return defined[0];
  return { type, args: defined };
}

function valueTree(item: DetectionItem, value: SigmaValue): ConditionTree | undefined {
  if (value.type === "expansion") return group("or", value.values.map((v) => valueTree(item, v)));
  if (item.field === null) return { type: "keyword", value, item };
  return { type: "field", field: item.field, value, item };
}

/** The tree of one detection item. */
export function detectionItemTree(item: DetectionItem): ConditionTree | undefined {
  const tree = group(item.linking, item.values.map((v) => valueTree(item, v)));
  if (tree && item.negated) return { type: "not", arg: tree };
  return tree;
}

/** The tree of a detection (map = AND, list = OR); undefined when every item was dropped. */
export function detectionTree(detection: Detection): ConditionTree | undefined {
  return group(
    detection.linking,
    detection.items.map((i) => (i.kind === "item" ? detectionItemTree(i) : detectionTree(i))),
  );
}

function locate(location: SourceLocation | undefined, offset: number): SourceLocation | undefined {
  if (location && location.line !== undefined && location.column !== undefined) {
    return { ...location, column: location.column + offset };
  }
  return location;
}

/** Detection names a selector pattern (`*` wildcards, full match) or `them` refers to. */
export function selectorMatches(pattern: string, names: Iterable<string>): string[] {
  const includeUnderscore = pattern !== "them" && pattern.startsWith("_");
  const out: string[] = [];
  for (const name of names) {
    if (name.startsWith("_") && !includeUnderscore) continue;
    if (pattern === "them" || globMatches(pattern, name)) out.push(name);
  }
  return out;
}

/**
 * Whether `name` matches `pattern` in full, `*` standing for any text. Linear scan instead of a
 * regular expression: a backtracking `^a.*a.*…b$` over a long name would hang (both are rule text).
 */
function globMatches(pattern: string, name: string): boolean {
  const parts = pattern.split("*");
  const first = parts[0] as string;
  if (parts.length === 1) return name === first;
  const last = parts[parts.length - 1] as string;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  // Leftmost matches of the middle parts are always the best choice for `*`-only patterns.
  let at = first.length;
  const end = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function resolve(ast: ConditionAst, detections: Detections, location: SourceLocation | undefined): ConditionTree | undefined {
  switch (ast.type) {
    case "identifier": {
      const detection = detections.definitions.get(ast.name);
      if (!detection) {
        throw new SigmaConditionError(`Detection '${ast.name}' not defined in detections`, locate(location, ast.start));
      }
      return detectionTree(detection);
    }
    case "selector": {
      const names = selectorMatches(ast.pattern, detections.definitions.keys());
      if (names.length === 0) {
        throw new SigmaConditionError(
          `No detection matches '${ast.pattern}' of '${ast.quantifier === "all" ? "all" : "1"} of ${ast.pattern}'`,
          locate(location, ast.start),
        );
      }
      return group(
        ast.quantifier === "all" ? "and" : "or",
        names.map((n) => detectionTree(detections.definitions.get(n) as Detection)),
      );
    }
    case "not": {
      const arg = resolve(ast.arg, detections, location);
      return arg && { type: "not", arg };
    }
    case "and":
    case "or":
      return group(ast.type, ast.args.map((a) => resolve(a, detections, location)));
  }
}

/**
 * Replaces every identifier and selector of a condition by the detections it names. Throws
 * SigmaConditionError for undefined identifiers and when nothing is left to match.
 */
export function resolveCondition(ast: ConditionAst, detections: Detections, location?: SourceLocation): ConditionTree {
  const tree = resolve(ast, detections, location);
  if (!tree) throw new SigmaConditionError("Condition refers to no detection items", location);
  return tree;
}

/** One resolved condition tree per condition string of the rule. */
export function ruleConditionTrees(rule: SigmaRule): ConditionTree[] {
  const d = rule.detection;
  return d.conditions.map((source, i) => {
    const location = d.conditionLocations?.[i] ?? d.location;
    return resolveCondition(parseCondition(source, location), d, location);
  });
}
