/**
 * The settings of the text-query base: the typed counterpart of the class attributes of pySigma's
 * `TextQueryBackend` (sigma/conversion/base.py), grouped by what they shape. Templates are
 * `{name}` strings (`{{` / `}}` for literal braces); each template lists the names it can use.
 * A setting left out makes the conditions that need it fail with a collectable
 * `SigmaFeatureNotSupportedByBackendError` naming the feature.
 */
import type { CompareOperator, RegexFlag, TimestampPart } from "@sigma/core";
import type { CorrelationSettings } from "../correlation/settings.js";

/** A boolean operator of conditions. */
export type BooleanOperator = "and" | "or" | "not";

/**
 * A template with its negated form. The negated form is used for negated conditions in languages
 * without a NOT token (negation pushed down to the leaves); a negated condition without one fails.
 */
export interface NegatableTemplate {
  readonly template: string;
  readonly negated?: string;
}

/** Boolean tokens (pySigma `and_token`, `or_token`, `not_token`, `eq_token`, `not_eq_token`, `token_separator`). */
export interface TokenSettings {
  readonly and: string;
  readonly or: string;
  /**
   * Absent: the language has no NOT. Conditions are then rewritten with De Morgan's laws so that
   * negation reaches the leaves, which use the `negated` forms of their templates (the counterpart
   * of pySigma's `convert_not_as_not_eq`, but correct under nested negations).
   */
  readonly not?: string;
  /** Between field and number or boolean values, and `{eq}` of the equality template. Default `=`. */
  readonly eq?: string;
  /** `{not_eq}` of the negated equality template, and negated numbers and booleans. */
  readonly notEq?: string;
  /** Between operators and operands. Default `" "`. When it equals a token, that token is not padded. */
  readonly separator?: string;
}

/** Field names: escaping, then quoting (pySigma `field_quote*`, `field_escape*`). */
export interface FieldNameSettings {
  /** Quote put around names. Absent: names are never quoted. */
  readonly quote?: string;
  /**
   * Names are quoted when this pattern matches the escaped name at its start (Python `re.match`),
   * or when it does not match if `quotePatternNegation` is true (the default). Absent: always quote.
   */
  readonly quotePattern?: RegExp;
  readonly quotePatternNegation?: boolean;
  /** Put before every match of `escapePattern` and (when `escapeQuote`, the default) every quote. */
  readonly escape?: string;
  readonly escapeQuote?: boolean;
  readonly escapePattern?: RegExp;
}

/** String values (pySigma `str_quote*`, `escape_char`, `wildcard_*`, `add_escaped`, `filter_chars`). */
export interface StringSettings {
  /** Quote put around strings (escaped inside them). Default: none. */
  readonly quote?: string;
  /** Strings are quoted when this matches their text (or not, see `quotePatternNegation`, default true). */
  readonly quotePattern?: RegExp;
  readonly quotePatternNegation?: boolean;
  /** Put before wildcard characters that are text, the quote and `addEscaped`. Default `\`. */
  readonly escape?: string;
  /** Rendering of `*` and `?`. Absent: strings with that wildcard fail. */
  readonly wildcardMulti?: string;
  readonly wildcardSingle?: string;
  /** Further characters to escape. */
  readonly addEscaped?: string;
  /** Characters dropped from strings. */
  readonly filterChars?: string;
}

/**
 * `startswith` / `endswith` / `contains` forms of string matching: `{field}`, `{value}` (the
 * string without the `*` at that end, quoted), `{regex}`. Used when the string has the `*` at
 * that end and no other wildcard (or other wildcards when `allowSpecial`).
 */
export interface StringMatchTemplate extends NegatableTemplate {
  readonly allowSpecial?: boolean;
}

/** How field conditions on strings are written; each template has `{field}`, `{value}`, `{regex}`. */
export interface StringMatchSettings {
  /** Plain equality; `{eq}` and `{not_eq}` are the tokens. Default `{field}{eq}{value}` / `{field}{not_eq}{value}`. */
  readonly eq?: NegatableTemplate;
  readonly startsWith?: StringMatchTemplate;
  readonly endsWith?: StringMatchTemplate;
  readonly contains?: StringMatchTemplate;
  /** Strings with wildcards that no other form takes (pySigma `wildcard_match_expression`). */
  readonly wildcard?: NegatableTemplate;
}

/** Case-sensitive strings (`cased` modifier). Without `match`, a string no other form takes fails. */
export interface CasedMatchSettings {
  readonly match?: NegatableTemplate;
  readonly startsWith?: StringMatchTemplate;
  readonly endsWith?: StringMatchTemplate;
  readonly contains?: StringMatchTemplate;
}

/** Regular expressions (pySigma `re_*`, `add_escaped_re`). */
export interface RegexSettings {
  /** `{field}`, `{regex}`, `{flag_i}`, `{flag_m}`, `{flag_s}`. Absent: field regexes fail. */
  readonly expression?: NegatableTemplate;
  /** Default `\`. */
  readonly escapeChar?: string;
  /** Strings escaped with `escapeChar` in every regex (pySigma `re_escape`). */
  readonly escaped?: readonly string[];
  /** Escape the escape character itself. Default true. */
  readonly escapeEscapeChar?: boolean;
  /** Prefix the flags as `(?ims)`. Default true. */
  readonly flagPrefix?: boolean;
  /** `{flag_x}` text of each flag the language supports. Default `i`, `m`, `s` as themselves; a flag not listed fails. */
  readonly flags?: Readonly<Partial<Record<RegexFlag, string>>>;
  /** Characters escaped in addition when a string is written as a regex (`{regex}` of string templates). */
  readonly stringEscaped?: string;
}

/** Comparisons (`lt`, `lte`, `gt`, `gte`): `{field}`, `{operator}`, `{value}`. */
export interface CompareSettings {
  readonly expression: string;
  readonly operators: Readonly<Record<CompareOperator, string>>;
}

/** Field references (`fieldref`): `{field1}` (the condition's field), `{field2}` (the referenced one). */
export interface FieldReferenceSettings {
  readonly equals?: NegatableTemplate;
  readonly startsWith?: NegatableTemplate;
  readonly endsWith?: NegatableTemplate;
  readonly contains?: NegatableTemplate;
  /** Whether field1 and field2 go through the field quoting. Default both. */
  readonly quote?: readonly [boolean, boolean];
}

/** Timestamp parts (`minute` … `year`): `{field}`, `{timestamp_part}`, followed by the comparison. */
export interface TimestampPartSettings {
  readonly expression: string;
  readonly parts: Readonly<Partial<Record<TimestampPart, string>>>;
}

/** Field existence (`exists`): `{field}`. Without `notExists`, `exists: false` is NOT + `exists`. */
export interface ExistsSettings {
  readonly exists: string;
  readonly notExists?: string;
}

/**
 * OR (AND) of equalities of one field with plain strings or numbers as one list expression:
 * `{field}`, `{op}`, `{list}` (pySigma `field_in_list_expression`, `or_in_operator`, …).
 */
export interface InListSettings {
  readonly expression: string;
  /** `{op}` for an OR (`in`); absent: ORs are not written as lists. */
  readonly orOperator?: string;
  /** `{op}` for an AND (`contains-all`); absent: ANDs are not written as lists. */
  readonly andOperator?: string;
  /** Languages without NOT: `{op}` for an AND of negated equalities (`not in`). */
  readonly notOrOperator?: string;
  /** Languages without NOT: `{op}` for an OR of negated equalities. */
  readonly notAndOperator?: string;
  readonly separator: string;
  /** Strings with wildcards may be list values. Default false. */
  readonly allowWildcards?: boolean;
}

/** Values without a field (keywords): `{value}`; strings also `{regex}`, regexes `{flag_x}`. */
export interface UnboundValueSettings {
  readonly string?: NegatableTemplate;
  readonly number?: NegatableTemplate;
  readonly regex?: NegatableTemplate;
}

/** Deferred parts: written after the main expression (pySigma `deferred_*`). */
export interface DeferredSettings {
  /** Between the main expression and the first part. */
  readonly start: string;
  readonly separator: string;
  /** Main expression of a query made only of deferred parts. */
  readonly onlyQuery: string;
}

/**
 * Where pySigma 1.5 writes a query that means something else than the rule, the base writes the
 * right query unless the setting asks for the reference's text (for conformance checks only).
 */
export interface ReferenceQuirks {
  /**
   * pySigma writes a negated expansion (`base64offset`, `windash`) without grouping:
   * `not f="a" or f="b"`, which reads as `(not f="a") or f="b"`. Default false: `not (f="a" or f="b")`.
   */
  readonly ungroupedNegatedExpansions?: boolean;
}

/** Everything a text language is configured with. Only `tokens` is required. */
export interface TextQuerySettings {
  /** Operators from the tightest to the loosest binding. Default `["not", "and", "or"]`; SPL binds OR tighter: `["not", "or", "and"]`. */
  readonly precedence?: readonly [BooleanOperator, BooleanOperator, BooleanOperator];
  /** Grouping: `{expr}`. Absent: a condition that needs grouping fails. */
  readonly group?: string;
  /** Group every operand that is not a single condition, whatever the precedence. */
  readonly parenthesize?: boolean;
  readonly tokens: TokenSettings;
  /** Text of an AND (OR) whose operands all became deferred parts. Absent: the operator disappears. */
  readonly emptyAnd?: string;
  readonly emptyOr?: string;
  /** The whole query: `{query}` and `{state.NAME}` (the pipeline's `set_state` values, else `stateDefaults`). Default `{query}`. */
  readonly query?: string;
  readonly stateDefaults?: Readonly<Record<string, string>>;
  readonly fieldName?: FieldNameSettings;
  readonly string?: StringSettings;
  readonly stringMatch?: StringMatchSettings;
  readonly casedMatch?: CasedMatchSettings;
  /** Renderings of booleans after the `eq` token; absent: booleans fail. */
  readonly bool?: { readonly true?: string; readonly false?: string };
  readonly regex?: RegexSettings;
  /**
   * `{field}` (as written, not quoted: pySigma passes the raw name), `{value}` (network/prefix),
   * `{network}`, `{prefixlen}`, `{netmask}`. Absent: CIDR values become an OR of wildcard prefixes.
   */
  readonly cidr?: NegatableTemplate;
  readonly compare?: CompareSettings;
  readonly fieldReference?: FieldReferenceSettings;
  readonly timestampPart?: TimestampPartSettings;
  /** `{field}` is null. */
  readonly null?: NegatableTemplate;
  readonly exists?: ExistsSettings;
  readonly inList?: InListSettings;
  readonly unbound?: UnboundValueSettings;
  readonly deferred?: DeferredSettings;
  readonly correlation?: CorrelationSettings;
  readonly quirks?: ReferenceQuirks;
}
