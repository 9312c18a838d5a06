/**
 * How the text base writes names and values: field-name escaping and quoting, string escaping and
 * quoting, regular-expression escaping and flags (pySigma `escape_and_quote_field`,
 * `convert_value_str`, `convert_value_re`, `get_flag_template`). Everything that only depends on
 * the settings is prepared once in the constructor.
 */
import {
  SigmaFeatureNotSupportedByBackendError,
  SigmaValueError,
  convertSigmaString,
  isWildcardPart,
  sigmaStringToRegex,
  sigmaStringToString,
} from "@sigma/core";
import type {
  ConvertSigmaStringOptions,
  RegexFlag,
  SigmaRegexValue,
  SigmaStringToRegexOptions,
  SigmaStringValue,
} from "@sigma/core";
import { assertNoPlaceholder } from "../placeholders.js";
import type { FieldNameSettings, RegexSettings, StringSettings, TextQuerySettings } from "./settings.js";

const DEFAULT_FLAGS: Readonly<Record<RegexFlag, string>> = { i: "i", m: "m", s: "s" };
const REGEX_FLAGS: readonly RegexFlag[] = ["i", "m", "s"];
/** What pySigma's `SigmaString.to_regex` escapes: the same set as core's default for `sigmaStringToRegex`. */
const REGEX_SPECIAL = ".*+?^$[](){}\\|";

/** A regex that matches only at the start of the text, like Python's `re.match`. */
function anchoredAtStart(pattern: RegExp): RegExp {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "") + "y");
}

function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function matchesAtStart(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Writes field names and values as the settings say. */
export class ValueWriter {
  readonly #field: FieldNameSettings;
  readonly #fieldQuotePattern: RegExp | undefined;
  readonly #fieldEscapes: RegExp | undefined;
  readonly #string: StringSettings;
  readonly #stringQuotePattern: RegExp | undefined;
  readonly #stringOptions: ConvertSigmaStringOptions;
  /** False when both wildcard renderings are set: no string can lack one. */
  readonly #checkWildcards: boolean;
  /** Core's default escapes (and its cached table) unless `regex.stringEscaped` adds characters. */
  readonly #stringRegexOptions: SigmaStringToRegexOptions;
  readonly #regex: RegexSettings;
  readonly #regexEscapes: RegExp | undefined;

  constructor(settings: TextQuerySettings) {
    this.#field = settings.fieldName ?? {};
    const f = this.#field;
    this.#fieldQuotePattern = f.quotePattern && anchoredAtStart(f.quotePattern);
    const fieldEscapes = [
      ...(f.escapePattern ? [f.escapePattern.source] : []),
      ...(f.escape !== undefined && (f.escapeQuote ?? true) && f.quote !== undefined ? [escapeForRegex(f.quote)] : []),
    ];
    this.#fieldEscapes = f.escape !== undefined && fieldEscapes.length > 0 ? new RegExp(fieldEscapes.join("|"), "g") : undefined;
    this.#string = settings.string ?? {};
    this.#stringQuotePattern = this.#string.quotePattern && anchoredAtStart(this.#string.quotePattern);
    const s = this.#string;
    this.#stringOptions = {
      escapeChar: s.escape ?? "\\",
      wildcardMulti: s.wildcardMulti ?? "",
      wildcardSingle: s.wildcardSingle ?? "",
      addEscaped: (s.quote ?? "") + (s.addEscaped ?? ""),
      ...(s.filterChars !== undefined ? { filterChars: s.filterChars } : {}),
    };
    this.#checkWildcards = s.wildcardMulti === undefined || s.wildcardSingle === undefined;
    this.#regex = settings.regex ?? {};
    const escapeChar = this.#regex.escapeChar ?? "\\";
    const regexEscapes = [...(this.#regex.escaped ?? []), ...((this.#regex.escapeEscapeChar ?? true) ? [escapeChar] : [])]
      .filter((e) => e !== "")
      .map(escapeForRegex);
    this.#regexEscapes = regexEscapes.length > 0 ? new RegExp(regexEscapes.join("|"), "g") : undefined;
    const stringEscaped = this.#regex.stringEscaped ?? "";
    this.#stringRegexOptions = stringEscaped === "" ? {} : { escapedChars: REGEX_SPECIAL + stringEscaped };
  }

  /** Escapes and quotes a field name. */
  field(name: string): string {
    const f = this.#field;
    let escaped = name;
    if (this.#fieldEscapes) {
      // Before every match (escape pattern or quote), at its start; positions from the unescaped name.
      escaped = name.replace(this.#fieldEscapes, (m) => (f.escape as string) + m);
    }
    if (f.quote === undefined) return escaped;
    let quote = true;
    if (this.#fieldQuotePattern) {
      quote = matchesAtStart(this.#fieldQuotePattern, escaped);
      if (f.quotePatternNegation ?? true) quote = !quote;
    }
    return quote ? f.quote + escaped + f.quote : escaped;
  }

  /** Escapes (wildcards, quote, `addEscaped`), filters and quotes a string value. */
  string(value: SigmaStringValue): string {
    const s = this.#string;
    assertNoPlaceholder(value);
    if (this.#checkWildcards) {
      for (const part of value.parts) {
        if (!isWildcardPart(part)) continue;
        const rendering = part.wildcard === "*" ? s.wildcardMulti : s.wildcardSingle;
        if (rendering === undefined) {
          throw new SigmaValueError(
            `${part.wildcard === "*" ? "Multi" : "Single"}-character wildcard not specified for conversion`,
          );
        }
      }
    }
    const text = convertSigmaString(value, this.#stringOptions);
    const quote = s.quote ?? "";
    return this.#quoteString(value) ? quote + text + quote : text;
  }

  #quoteString(value: SigmaStringValue): boolean {
    const s = this.#string;
    if (!s.quote) return false;
    if (!this.#stringQuotePattern) return true;
    const matched = matchesAtStart(this.#stringQuotePattern, sigmaStringToString(value));
    return (s.quotePatternNegation ?? true) ? !matched : matched;
  }

  /** A regex value as written in queries: escaped, with a `(?ims)` flag prefix unless disabled. */
  regex(value: SigmaRegexValue): string {
    return this.#regexText(value.pattern, value.flags);
  }

  /** A string value as a regex (`{regex}` of string templates): metacharacters escaped, wildcards as `.*` / `.`. */
  stringAsRegex(value: SigmaStringValue): string {
    assertNoPlaceholder(value);
    return this.#regexText(sigmaStringToRegex(value, this.#stringRegexOptions), []);
  }

  #regexText(pattern: string, flags: readonly RegexFlag[]): string {
    const r = this.#regex;
    const escaped = this.#regexEscapes ? pattern.replace(this.#regexEscapes, (m) => (r.escapeChar ?? "\\") + m) : pattern;
    const prefix = (r.flagPrefix ?? true) && flags.length > 0 ? `(?${[...flags].sort().join("")})` : "";
    return prefix + escaped;
  }

  /** `{flag_i}`, `{flag_m}`, `{flag_s}`: the language's text for each flag the regex has, else empty. */
  flagValues(value: SigmaRegexValue): Record<string, string> {
    const mapping = this.#regex.flags ?? DEFAULT_FLAGS;
    const out: Record<string, string> = {};
    for (const flag of REGEX_FLAGS) {
      if (!value.flags.includes(flag)) {
        out[`flag_${flag}`] = "";
        continue;
      }
      const text = mapping[flag];
      if (text === undefined) {
        throw new SigmaFeatureNotSupportedByBackendError(`Regular expression flag ${flag} not supported by the backend.`);
      }
      out[`flag_${flag}`] = text;
    }
    return out;
  }
}
