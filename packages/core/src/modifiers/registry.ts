/**
 * The modifier registry: every modifier id pySigma 1.5 knows, with what it accepts.
 * (`utf16le` is in the Sigma specification but not registered by pySigma, so it is unknown here too.)
 */
import type { ModifierId } from "../model/detection.js";
import type { SigmaValueType } from "../model/values.js";

/** What a modifier is, for validation and for `sigma list modifiers`. */
export interface ModifierDescriptor {
  readonly id: ModifierId;
  /** pySigma's class name, used in type error messages. */
  readonly className: string;
  /** `value` modifiers transform each value; `list` modifiers act on the whole value list. */
  readonly kind: "value" | "list";
  /** Value kinds the modifier accepts (list modifiers accept anything). */
  readonly accepts: readonly SigmaValueType[];
  /** Short description. */
  readonly description: string;
}

const STR_RE_REF: readonly SigmaValueType[] = ["string", "regex", "fieldref"];
const STR: readonly SigmaValueType[] = ["string"];
const RE: readonly SigmaValueType[] = ["regex"];
const NUM: readonly SigmaValueType[] = ["number", "timestamp_part"];
const NUM_ONLY: readonly SigmaValueType[] = ["number"];

function d(
  id: ModifierId,
  className: string,
  accepts: readonly SigmaValueType[],
  description: string,
  kind: "value" | "list" = "value",
): ModifierDescriptor {
  return { id, className, kind, accepts, description };
}

const list: readonly ModifierDescriptor[] = [
  d("contains", "SigmaContainsModifier", STR_RE_REF, "Match the value anywhere in the field (wildcards at both ends)."),
  d("startswith", "SigmaStartswithModifier", STR_RE_REF, "Match values starting with the value (wildcard at the end)."),
  d("endswith", "SigmaEndswithModifier", STR_RE_REF, "Match values ending with the value (wildcard at the start)."),
  d("all", "SigmaAllModifier", [], "All values of the list must match (AND instead of OR).", "list"),
  d("neq", "SigmaNegateModifier", [], "The field must match none of the values.", "list"),
  d("base64", "SigmaBase64Modifier", STR, "Base64-encode the value (UTF-8)."),
  d("base64offset", "SigmaBase64OffsetModifier", STR, "The three base64 encodings of the value at every byte offset."),
  d("wide", "SigmaWideModifier", STR, "Encode the value as UTF-16LE (ASCII only)."),
  d("utf16be", "SigmaUTF16BEModifier", STR, "Encode the value as UTF-16BE."),
  d("utf16", "SigmaUTF16Modifier", STR, "Encode the value as UTF-16 with byte order mark."),
  d("windash", "SigmaWindowsDashModifier", STR, "Expand command line dashes to all Windows dash variants (-, /, –, —, ―)."),
  d("re", "SigmaRegularExpressionModifier", STR, "The value is a regular expression."),
  d("i", "SigmaRegularExpressionIgnoreCaseFlagModifier", RE, "Regular expression flag: case-insensitive."),
  d("ignorecase", "SigmaRegularExpressionIgnoreCaseFlagModifier", RE, "Regular expression flag: case-insensitive."),
  d("m", "SigmaRegularExpressionMultilineFlagModifier", RE, "Regular expression flag: ^ and $ match at line breaks."),
  d("multiline", "SigmaRegularExpressionMultilineFlagModifier", RE, "Regular expression flag: ^ and $ match at line breaks."),
  d("s", "SigmaRegularExpressionDotAllFlagModifier", RE, "Regular expression flag: . matches line breaks."),
  d("dotall", "SigmaRegularExpressionDotAllFlagModifier", RE, "Regular expression flag: . matches line breaks."),
  d("cased", "SigmaCaseSensitiveModifier", STR, "Match the string case-sensitively."),
  d("cidr", "SigmaCIDRModifier", STR, "The value is an IPv4 or IPv6 network in CIDR notation."),
  d("lt", "SigmaLessThanModifier", NUM, "Field value is less than the number."),
  d("lte", "SigmaLessThanEqualModifier", NUM, "Field value is less than or equal to the number."),
  d("gt", "SigmaGreaterThanModifier", NUM, "Field value is greater than the number."),
  d("gte", "SigmaGreaterThanEqualModifier", NUM, "Field value is greater than or equal to the number."),
  d("exists", "SigmaExistsModifier", ["bool"], "The field exists (true) or does not exist (false)."),
  d("fieldref", "SigmaFieldReferenceModifier", STR, "The value is the name of another field to compare with."),
  d("expand", "SigmaExpandModifier", ["string", "regex"], "Expand %name% placeholders (resolved by processing pipelines)."),
  d("minute", "SigmaTimestampMinuteModifier", NUM_ONLY, "Compare the minute of a timestamp field."),
  d("hour", "SigmaTimestampHourModifier", NUM_ONLY, "Compare the hour of a timestamp field."),
  d("day", "SigmaTimestampDayModifier", NUM_ONLY, "Compare the day of month of a timestamp field."),
  d("week", "SigmaTimestampWeekModifier", NUM_ONLY, "Compare the week of a timestamp field."),
  d("month", "SigmaTimestampMonthModifier", NUM_ONLY, "Compare the month of a timestamp field."),
  d("year", "SigmaTimestampYearModifier", NUM_ONLY, "Compare the year of a timestamp field."),
];

/** All registered modifiers by id (33 entries, including the long flag aliases). */
export const MODIFIERS: ReadonlyMap<string, ModifierDescriptor> = new Map(list.map((m) => [m.id, m]));

/** The descriptor of a registered modifier id, or undefined. */
export function getModifier(id: string): ModifierDescriptor | undefined {
  return MODIFIERS.get(id);
}
