/**
 * Detections: the named search identifiers of a rule. A map is an AND of its items, a list an OR of
 * its elements, a list of scalars an OR of keywords.
 */
import type { SourceLocation } from "../errors.js";
import type { SigmaValue } from "./values.js";

/** The 33 value modifiers of pySigma 1.5 (and their long aliases). */
export type ModifierId =
  | "contains" | "startswith" | "endswith" | "all" | "neq"
  | "base64" | "base64offset" | "wide" | "utf16le" | "utf16be" | "utf16" | "windash"
  | "re" | "i" | "ignorecase" | "m" | "multiline" | "s" | "dotall"
  | "cased" | "cidr" | "lt" | "lte" | "gt" | "gte" | "exists" | "fieldref" | "expand"
  | "minute" | "hour" | "day" | "week" | "month" | "year";

/**
 * One `field|modifiers: values` entry (or a keyword list when `field` is null).
 * Items are owned by their rule: processing copies a rule once and may then change its items.
 */
export interface DetectionItem {
  readonly kind: "item";
  /** Field name, or `null` for keywords (unbound values). */
  field: string | null;
  /** Modifiers as written, left to right. */
  modifiers: ModifierId[];
  /** Values after modifiers were applied. An empty list never occurs: YAML `[]` becomes a null value. */
  values: SigmaValue[];
  /** How the values are linked: OR by default, AND with the `all` modifier. */
  linking: "or" | "and";
  /** `neq`: the whole item is negated (`not (v1 or v2)`). */
  negated: boolean;
  /** Where the item's key (or keyword value) is in the source. */
  location?: SourceLocation;
  /** Ids of processing items that were applied to this item (filled by @sigma/processing). */
  appliedProcessingItems?: Set<string>;
}

/** A group of items: a YAML map (AND) or a YAML list (OR). */
export interface Detection {
  readonly kind: "detection";
  items: Array<DetectionItem | Detection>;
  linking: "and" | "or";
  location?: SourceLocation;
}

/** The `detection` section: named search identifiers and the condition(s). */
export interface Detections {
  /** Search identifiers in source order. */
  definitions: Map<string, Detection>;
  /** Condition strings; a YAML list gives several, each converted to its own query. */
  conditions: string[];
  location?: SourceLocation;
  /** Location of each condition string (same index as `conditions`). */
  conditionLocations?: (SourceLocation | undefined)[];
}
