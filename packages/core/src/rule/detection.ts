/**
 * The `detection` section: search identifiers (maps AND, lists OR, scalars keywords) and the
 * condition(s).
 */
import { SigmaConditionError, SigmaDetectionError, SigmaError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import { parseCondition } from "../condition/index.js";
import type { ConditionAst } from "../model/condition.js";
import type { Detection, DetectionItem, Detections } from "../model/detection.js";
import type { RawValue } from "../model/values.js";
import { buildDetectionItem } from "../modifiers/index.js";
import type { YamlLocations } from "../yaml/locations.js";
import { ParseContext, isMapping, isScalar } from "./context.js";

/** Options of {@link parseDetection} and {@link parseDetections}. */
export interface DetectionParseOptions {
  /** Node locations from {@link loadYaml}. */
  readonly locations?: YamlLocations;
  /** Source path put on locations. */
  readonly path?: string;
}

/**
 * Parses one search identifier's value: a map (AND of `field|modifiers: values` items), a list of
 * scalars (keywords, OR), a scalar (one keyword) or a list with maps/lists (OR of detections).
 * @throws SigmaDetectionError "Detection is empty" for `{}` / `[]`, and errors of the modifiers.
 */
export function parseDetection(value: unknown, location?: SourceLocation, options: DetectionParseOptions = {}): Detection {
  return detectionFrom(value, location, new ParseContext({ ...options, ...(location ? { location } : {}) }));
}

/**
 * Parses a `detection` map (search identifiers plus `condition`), as in a rule or an
 * `add_condition` transformation. The condition is optional here (an `add_condition` map has
 * none); when present it is checked like a rule's.
 * @throws SigmaDetectionError "No detections defined in Sigma rule" when only `condition` is there.
 */
export function parseDetections(map: unknown, location?: SourceLocation, options: DetectionParseOptions = {}): Detections {
  return detectionsFrom(map, new ParseContext({ ...options, ...(location ? { location } : {}) }), location, false);
}

/** {@link parseDetections} with a parse context (collects errors when the context does). */
export function detectionsFrom(map: unknown, ctx: ParseContext, location?: SourceLocation, requireCondition = true): Detections {
  const at = location ?? ctx.nodeAt(map);
  const detections: Detections = { definitions: new Map(), conditions: [], conditionLocations: [] };
  if (at) detections.location = at;
  if (!isMapping(map)) {
    ctx.report(new SigmaDetectionError("Sigma rule detection must be a map of search identifiers and a condition"), at);
    return detections;
  }
  const errorsBefore = ctx.errors.length;
  for (const [name, value] of Object.entries(map)) {
    if (name === "condition") continue;
    const valueAt = ctx.valueAt(map, name);
    const detection = ctx.attempt(() => detectionFrom(value, valueAt, ctx), undefined, valueAt);
    if (detection) detections.definitions.set(name, detection);
  }
  // a detection that failed (with collectErrors) was already reported
  if (detections.definitions.size === 0 && ctx.errors.length === errorsBefore) {
    ctx.report(new SigmaDetectionError("No detections defined in Sigma rule"), at);
  }
  const condition = map["condition"];
  const conditionAt = ctx.valueAt(map, "condition");
  if (typeof condition === "string") {
    detections.conditions.push(condition);
    detections.conditionLocations?.push(conditionAt);
  } else if (Array.isArray(condition) && condition.length > 0) {
    condition.forEach((entry, index) => {
      if (typeof entry === "string") {
        detections.conditions.push(entry);
        detections.conditionLocations?.push(ctx.itemAt(condition, index));
      } else {
        ctx.report(new SigmaConditionError("Sigma rule condition must be a string or a list of strings"), ctx.itemAt(condition, index));
      }
    });
  } else if (condition === undefined || condition === null) {
    if (requireCondition) ctx.report(new SigmaConditionError("Sigma rule must contain at least one condition; add 'condition' to the detection"), at);
  } else {
    ctx.report(new SigmaConditionError("Sigma rule condition must be a string or a list of strings"), conditionAt);
  }
  detections.conditions.forEach((condition, index) => {
    const conditionAt = detections.conditionLocations?.[index] ?? at;
    ctx.attempt(() => checkCondition(condition, detections, conditionAt), undefined, conditionAt);
  });
  return detections;
}

/**
 * Checks a condition early, so that a broken one is reported with its location when the rule is
 * read: it must parse and name only defined detections.
 */
function checkCondition(condition: string, detections: Detections, location: SourceLocation | undefined): void {
  const visit = (ast: ConditionAst): void => {
    if (ast.type === "identifier") {
      if (!detections.definitions.has(ast.name)) {
        // Point at the identifier, as parse errors point at their token.
        const at =
          location?.line !== undefined && location.column !== undefined
            ? { ...location, column: location.column + ast.start }
            : location;
        throw new SigmaConditionError(`Detection '${ast.name}' not defined in detections`, at);
      }
    } else if (ast.type === "and" || ast.type === "or") {
      ast.args.forEach(visit);
    } else if (ast.type === "not") {
      visit(ast.arg);
    }
  };
  visit(parseCondition(condition, location));
}

function detectionFrom(value: unknown, location: SourceLocation | undefined, ctx: ParseContext): Detection {
  const at = location ?? ctx.nodeAt(value);
  if (isMapping(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) throw new SigmaDetectionError("Detection is empty", at);
    const items: DetectionItem[] = [];
    for (const [key, raw] of entries) {
      const keyAt = ctx.keyAt(value, key) ?? at;
      const item = ctx.attempt(() => itemFromMapping(value, key, raw, keyAt, ctx), undefined, keyAt);
      if (item) items.push(item);
    }
    return make(items, "and", at);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new SigmaDetectionError("Detection is empty", at);
    if (value.every(isScalar)) {
      const raws = value.map((v, index) => rawValue(v, ctx.itemAt(value, index)));
      return make([buildDetectionItem(null, [], raws, ctx.itemAt(value, 0) ?? at, { budget: ctx.budget })], "and", at);
    }
    const items = value.map((element, index) => {
      const elementAt = ctx.itemAt(value, index);
      return detectionFrom(element, elementAt, ctx);
    });
    return make(items, "or", at);
  }
  if (isScalar(value)) return make([buildDetectionItem(null, [], [rawValue(value, at)], at, { budget: ctx.budget })], "and", at);
  throw new SigmaDetectionError("Detection must be a map, a list or a value", at);
}

function itemFromMapping(
  mapping: Record<string, unknown>,
  key: string,
  value: unknown,
  keyAt: SourceLocation | undefined,
  ctx: ParseContext,
): DetectionItem {
  const bar = key.indexOf("|");
  const fieldPart = bar < 0 ? key : key.slice(0, bar);
  const modifiers = bar < 0 ? [] : key.slice(bar + 1).split("|");
  const field = fieldPart === "" || ctx.isNullKey(mapping, key) ? null : fieldPart;
  let raws: RawValue[];
  if (Array.isArray(value)) {
    raws = value.map((element, index) => {
      const elementAt = ctx.itemAt(value, index);
      if (!isScalar(element)) {
        throw new SigmaDetectionError(
          `Values of '${key}' must be strings, numbers, booleans or null, not ${Array.isArray(element) ? "a list" : "a map"}`,
          elementAt,
        );
      }
      return rawValue(element, elementAt);
    });
  } else if (isScalar(value)) {
    raws = [rawValue(value, ctx.valueAt(mapping, key))];
  } else {
    throw new SigmaDetectionError(`The value of '${key}' must be a value or a list of values, not a map`, ctx.valueAt(mapping, key));
  }
  try {
    return buildDetectionItem(field, modifiers, raws, keyAt, { budget: ctx.budget });
  } catch (error) {
    if (error instanceof SigmaError) error.locate(keyAt);
    throw error;
  }
}

function rawValue(value: string | number | boolean | null, location: SourceLocation | undefined): RawValue {
  return location ? { value, location } : { value };
}

function make(items: Array<DetectionItem | Detection>, linking: "and" | "or", location: SourceLocation | undefined): Detection {
  const detection: Detection = { kind: "detection", items, linking };
  if (location) detection.location = location;
  return detection;
}
