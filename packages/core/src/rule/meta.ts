/**
 * The attributes every Sigma rule (detection or correlation) shares: title, id, status, dates,
 * tags… Each has its own validation and error class; messages follow the reference.
 */
import {
  SigmaAuthorError,
  SigmaDateError,
  SigmaDescriptionError,
  SigmaFalsePositivesError,
  SigmaFieldsError,
  SigmaIdentifierError,
  SigmaLevelError,
  SigmaLicenseError,
  SigmaModifiedError,
  SigmaNameError,
  SigmaReferencesError,
  SigmaRelatedError,
  SigmaScopeError,
  SigmaStatusError,
  SigmaTagError,
  SigmaTaxonomyError,
  SigmaTitleError,
} from "../errors.js";
import type { SigmaError, SourceLocation } from "../errors.js";
import type { RelatedType, RuleLevel, RuleMeta, RuleRelation, RuleStatus, RuleTag } from "../model/rule.js";
import { isMapping, isScalar } from "./context.js";
import type { ParseContext } from "./context.js";

/** Top-level keys with a meaning of their own in every rule kind. */
export const META_KEYS: ReadonlySet<string> = new Set([
  "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author",
  "references", "fields", "falsepositives", "scope", "date", "modified", "level", "tags",
]);

/** Rule levels from least to most severe. */
export const RULE_LEVELS: readonly RuleLevel[] = Object.freeze(["informational", "low", "medium", "high", "critical"]);
/** Rule statuses from least to most mature. */
export const RULE_STATUSES: readonly RuleStatus[] = Object.freeze(["unsupported", "deprecated", "experimental", "test", "stable"]);
const RELATED_TYPES: readonly RelatedType[] = ["derived", "obsolete", "merged", "renamed", "similar", "correlation"];
const UUID_RE = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;

type ErrorClass = new (message: string, location?: SourceLocation) => SigmaError;

/** Normalised UUID text (lowercase, hyphenated) or undefined when `value` is no UUID. */
export function parseUuid(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = UUID_RE.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase();
}

/**
 * Parses a rule date: `YYYY-MM-DD` or `YYYY/MM/DD` (month and day may have one digit), which must be
 * a real calendar date. Returns ISO `YYYY-MM-DD` or undefined.
 */
export function parseRuleDate(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || days === undefined || day < 1 || day > days) return undefined;
  return `${m[1]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Reads the shared attributes; problems are reported through `ctx`. */
export function parseMeta(data: Record<string, unknown>, ctx: ParseContext, kindLabel = "Sigma rule"): RuleMeta {
  const meta: RuleMeta = {
    title: "",
    related: [],
    taxonomy: "sigma",
    references: [],
    fields: [],
    falsepositives: [],
    scope: [],
    tags: [],
    customAttributes: {},
    errors: ctx.errors,
  };
  const fail = (Cls: ErrorClass, message: string, key: string, at: "key" | "value" = "value"): void =>
    ctx.report(new Cls(message), at === "key" ? ctx.keyAt(data, key) : ctx.valueAt(data, key));

  // title
  const title = data["title"];
  if (title === undefined || title === null || title === "") {
    fail(SigmaTitleError, `${kindLabel} must have a title`, "title", "key");
  } else if (typeof title !== "string") {
    fail(SigmaTitleError, `${kindLabel} title must be a string`, "title");
  } else if (title.length > 256) {
    fail(SigmaTitleError, `${kindLabel} title length must not exceed 256 characters`, "title");
  } else {
    meta.title = title;
  }

  // id
  if (has(data, "id")) {
    const id = parseUuid(data["id"]);
    if (id === undefined) fail(SigmaIdentifierError, "Sigma rule identifier must be an UUID", "id");
    else meta.id = id;
  }

  // name
  if (has(data, "name")) {
    const name = data["name"];
    if (typeof name !== "string" || name === "") fail(SigmaNameError, "Sigma rule name must be a non-empty string", "name");
    else meta.name = name;
  }

  // related
  if (has(data, "related")) meta.related = parseRelated(data["related"], data, ctx);

  // taxonomy
  if (has(data, "taxonomy")) {
    const taxonomy = data["taxonomy"];
    if (typeof taxonomy !== "string" || taxonomy === "") fail(SigmaTaxonomyError, "Sigma rule taxonomy must be a non-empty string", "taxonomy");
    else meta.taxonomy = taxonomy;
  }

  // status
  if (has(data, "status")) {
    const status = data["status"];
    const found = typeof status === "string" ? RULE_STATUSES.find((s) => s === status.toLowerCase()) : undefined;
    if (found) meta.status = found;
    else fail(SigmaStatusError, `'${String(status)}' is not a valid Sigma rule status`, "status");
  }

  // description, license, author
  if (has(data, "description")) {
    const description = data["description"];
    if (typeof description !== "string") fail(SigmaDescriptionError, "Sigma rule description must be a string", "description");
    else if (description.length > 65535) fail(SigmaDescriptionError, "Sigma rule description length must not exceed 65535 characters", "description");
    else meta.description = description;
  }
  const license = optionalString(data, "license", SigmaLicenseError, "Sigma rule license must be a string", fail);
  if (license !== undefined) meta.license = license;
  const author = optionalString(data, "author", SigmaAuthorError, "Sigma rule author must be a string", fail);
  if (author !== undefined) meta.author = author;

  // lists of strings
  meta.references = stringList(data, "references", SigmaReferencesError, ctx);
  meta.fields = stringList(data, "fields", SigmaFieldsError, ctx);
  meta.falsepositives = stringList(data, "falsepositives", SigmaFalsePositivesError, ctx);
  meta.scope = stringList(data, "scope", SigmaScopeError, ctx);

  // dates
  if (has(data, "date")) {
    const date = parseRuleDate(data["date"]);
    if (date === undefined) fail(SigmaDateError, `Rule date '${String(data["date"])}' is invalid, use yyyy-mm-dd`, "date");
    else meta.date = date;
  }
  if (has(data, "modified")) {
    const modified = parseRuleDate(data["modified"]);
    if (modified === undefined) fail(SigmaModifiedError, `Rule modified '${String(data["modified"])}' is invalid, use yyyy-mm-dd`, "modified");
    else meta.modified = modified;
  }

  // level
  if (has(data, "level")) {
    const level = data["level"];
    const found = typeof level === "string" ? RULE_LEVELS.find((l) => l === level.toLowerCase()) : undefined;
    if (found) meta.level = found;
    else fail(SigmaLevelError, `'${String(level)}' is not a valid Sigma rule level; use one of ${RULE_LEVELS.join(", ")}`, "level");
  }

  // tags
  if (has(data, "tags")) meta.tags = parseTags(data["tags"], data, ctx);

  return meta;
}

function has(data: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, key) && data[key] !== null;
}

function optionalString(
  data: Record<string, unknown>,
  key: string,
  Cls: ErrorClass,
  message: string,
  fail: (Cls: ErrorClass, message: string, key: string) => void,
): string | undefined {
  if (!has(data, key)) return undefined;
  const value = data[key];
  if (typeof value === "string") return value;
  fail(Cls, message, key);
  return undefined;
}

/** A list of scalars (numbers and booleans become their text); a single string is not a list. */
function stringList(data: Record<string, unknown>, key: string, Cls: ErrorClass, ctx: ParseContext): string[] {
  if (!has(data, key)) return [];
  const value = data[key];
  if (!Array.isArray(value)) {
    ctx.report(new Cls(`Sigma rule ${key} must be a list`), ctx.valueAt(data, key));
    return [];
  }
  const out: string[] = [];
  value.forEach((entry, index) => {
    if (isScalar(entry) && entry !== null) out.push(String(entry));
    else ctx.report(new Cls(`Sigma rule ${key} entries must be strings`), ctx.itemAt(value, index));
  });
  return out;
}

function parseRelated(value: unknown, data: Record<string, unknown>, ctx: ParseContext): RuleRelation[] {
  if (!Array.isArray(value)) {
    ctx.report(new SigmaRelatedError("Sigma rule related must be a list of {id, type} entries"), ctx.valueAt(data, "related"));
    return [];
  }
  const out: RuleRelation[] = [];
  value.forEach((entry, index) => {
    const at = ctx.itemAt(value, index);
    if (!isMapping(entry) || entry["id"] === undefined || entry["type"] === undefined) {
      ctx.report(new SigmaRelatedError("Sigma related entry must be a map with 'id' and 'type'"), at);
      return;
    }
    const id = parseUuid(entry["id"]);
    if (id === undefined) {
      ctx.report(new SigmaRelatedError("Sigma related identifier must be an UUID"), ctx.valueAt(entry, "id"));
      return;
    }
    const type = entry["type"];
    const found = typeof type === "string" ? RELATED_TYPES.find((t) => t === type.toLowerCase()) : undefined;
    if (!found) {
      ctx.report(
        new SigmaRelatedError(`'${String(type)}' is not a valid Sigma related type; use one of ${RELATED_TYPES.join(", ")}`),
        ctx.valueAt(entry, "type"),
      );
      return;
    }
    out.push({ id, type: found });
  });
  return out;
}

function parseTags(value: unknown, data: Record<string, unknown>, ctx: ParseContext): RuleTag[] {
  if (!Array.isArray(value)) {
    ctx.report(new SigmaTagError("Sigma rule tags must be a list"), ctx.valueAt(data, "tags"));
    return [];
  }
  const out: RuleTag[] = [];
  value.forEach((entry, index) => {
    const text = isScalar(entry) && entry !== null ? String(entry) : undefined;
    const dot = text?.indexOf(".") ?? -1;
    if (text === undefined || dot < 0) {
      ctx.report(
        new SigmaTagError(`Sigma tag '${String(entry)}' must be 'namespace.name' (for example attack.t1059)`),
        ctx.itemAt(value, index),
      );
      return;
    }
    out.push({ namespace: text.slice(0, dot), name: text.slice(dot + 1) });
  });
  return out;
}

/** Copies every key that is not in `known` into a custom attribute record. */
export function customAttributes(data: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!known.has(key) && !META_KEYS.has(key)) out[key] = value;
  return out;
}
