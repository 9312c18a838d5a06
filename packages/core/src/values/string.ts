/**
 * Sigma strings: text with `*`/`?` wildcards and `%name%` placeholders (spec §2.1).
 */
import type { PlaceholderPart, SigmaStringValue, StringPart, WildcardPart } from "../model/values.js";

const WILDCARD_MULTI: WildcardPart = Object.freeze({ kind: "wildcard", wildcard: "*" });
const WILDCARD_SINGLE: WildcardPart = Object.freeze({ kind: "wildcard", wildcard: "?" });

/** The `*` wildcard part. */
export const wildcardMulti: WildcardPart = WILDCARD_MULTI;
/** The `?` wildcard part. */
export const wildcardSingle: WildcardPart = WILDCARD_SINGLE;

/** True for a `*`/`?` part. */
export function isWildcardPart(part: StringPart | undefined): part is WildcardPart {
  return typeof part === "object" && part.kind === "wildcard";
}

/** True for a `%name%` placeholder part. */
export function isPlaceholderPart(part: StringPart | undefined): part is PlaceholderPart {
  return typeof part === "object" && part.kind === "placeholder";
}

/**
 * Builds a string value from parts, merging adjacent text and dropping empty text so that the
 * `parts` invariant of {@link SigmaStringValue} holds.
 */
export function sigmaStringFromParts(parts: readonly StringPart[], cased = false): SigmaStringValue {
  const out: StringPart[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      if (part === "") continue;
      const last = out[out.length - 1];
      if (typeof last === "string") out[out.length - 1] = last + part;
      else out.push(part);
    } else {
      out.push(part);
    }
  }
  return { type: "string", parts: out, cased };
}

/**
 * Parses Sigma string syntax: `*` and `?` are wildcards; `\*`, `\?` and `\\` are the literal
 * characters; a backslash before any other character (or at the end) stays a literal backslash.
 */
export function parseSigmaString(text: string): SigmaStringValue {
  const parts: StringPart[] = [];
  let acc = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "*" || next === "?" || next === "\\") {
        acc += next;
        i += 2;
      } else {
        // Kept literally so that Windows paths like `C:\Windows` need no escaping.
        acc += c;
        i += 1;
      }
    } else if (c === "*" || c === "?") {
      if (acc) parts.push(acc);
      acc = "";
      parts.push(c === "*" ? WILDCARD_MULTI : WILDCARD_SINGLE);
      i += 1;
    } else {
      acc += c;
      i += 1;
    }
  }
  if (acc) parts.push(acc);
  return sigmaStringFromParts(parts);
}

/** A string value whose text is taken literally (no wildcards, no escapes). */
export function plainSigmaString(text: string, cased = false): SigmaStringValue {
  return sigmaStringFromParts([text], cased);
}

/** True if the string contains a `*` or `?` wildcard. */
export function containsWildcard(v: SigmaStringValue): boolean {
  return v.parts.some(isWildcardPart);
}

/** True if the string contains a placeholder. */
export function containsPlaceholder(v: SigmaStringValue): boolean {
  return v.parts.some(isPlaceholderPart);
}

/** True if the string is only text (no wildcards, no placeholders); the empty string is plain. */
export function isPlainSigmaString(v: SigmaStringValue): boolean {
  return v.parts.every((p) => typeof p === "string");
}

/** True if the first part is the given wildcard (`*` by default). */
export function startsWithWildcard(v: SigmaStringValue, wildcard: "*" | "?" = "*"): boolean {
  const first = v.parts[0];
  return isWildcardPart(first) && first.wildcard === wildcard;
}

/** True if the last part is the given wildcard (`*` by default). */
export function endsWithWildcard(v: SigmaStringValue, wildcard: "*" | "?" = "*"): boolean {
  const last = v.parts[v.parts.length - 1];
  return isWildcardPart(last) && last.wildcard === wildcard;
}

/** The text of a plain string; throws if it has wildcards or placeholders (callers check first). */
export function sigmaStringPlainText(v: SigmaStringValue): string {
  let s = "";
  for (const p of v.parts) {
    if (typeof p !== "string") throw new Error("Sigma string is not plain text");
    s += p;
  }
  return s;
}

/** Number of characters (wildcards and placeholders count as one), like Python's `len()`. */
export function sigmaStringLength(v: SigmaStringValue): number {
  let n = 0;
  for (const p of v.parts) n += typeof p === "string" ? Array.from(p).length : 1;
  return n;
}

/** Appends parts (text or wildcards) at the end. */
export function appendToSigmaString(v: SigmaStringValue, ...parts: StringPart[]): SigmaStringValue {
  return sigmaStringFromParts([...v.parts, ...parts], v.cased);
}

/** Prepends parts (text or wildcards) at the start. */
export function prependToSigmaString(v: SigmaStringValue, ...parts: StringPart[]): SigmaStringValue {
  return sigmaStringFromParts([...parts, ...v.parts], v.cased);
}

/** Concatenates strings; the result is cased if the first one is. */
export function concatSigmaStrings(first: SigmaStringValue, ...rest: SigmaStringValue[]): SigmaStringValue {
  return sigmaStringFromParts([...first.parts, ...rest.flatMap((r) => r.parts)], first.cased);
}

/** Replaces every text part by the result of `fn` (which may return several parts). */
export function mapSigmaStringText(
  v: SigmaStringValue,
  fn: (text: string) => string | readonly StringPart[],
): SigmaStringValue {
  const out: StringPart[] = [];
  for (const p of v.parts) {
    if (typeof p === "string") {
      const r = fn(p);
      if (typeof r === "string") out.push(r);
      else out.push(...r);
    } else {
      out.push(p);
    }
  }
  return sigmaStringFromParts(out, v.cased);
}

/** Options of {@link convertSigmaString}, like pySigma's `SigmaString.convert`. */
export interface ConvertSigmaStringOptions {
  /** Put before wildcard characters that are literal text and before `addEscaped` characters. Default `\`. */
  readonly escapeChar?: string;
  /** Rendering of `*`. Default `*`. */
  readonly wildcardMulti?: string;
  /** Rendering of `?`. Default `?`. */
  readonly wildcardSingle?: string;
  /** Further characters to escape with `escapeChar`. */
  readonly addEscaped?: string;
  /** Characters dropped from the text. */
  readonly filterChars?: string;
}

/**
 * Renders a string for a query language: text characters equal to a wildcard rendering or in
 * `addEscaped` get `escapeChar` in front (the escape character itself is not doubled, as in
 * pySigma), wildcards are rendered as given and placeholders as `%name%`.
 */
export function convertSigmaString(v: SigmaStringValue, options: ConvertSigmaStringOptions = {}): string {
  const escapeChar = options.escapeChar ?? "\\";
  const multi = options.wildcardMulti ?? "*";
  const single = options.wildcardSingle ?? "?";
  const escaped = new Set([...multi, ...single, ...(options.addEscaped ?? "")]);
  const filter = new Set([...(options.filterChars ?? "")]);
  let s = "";
  for (const p of v.parts) {
    if (typeof p === "string") {
      for (const c of p) {
        if (filter.has(c)) continue;
        if (escaped.has(c)) s += escapeChar;
        s += c;
      }
    } else if (p.kind === "wildcard") {
      s += p.wildcard === "*" ? multi : single;
    } else {
      s += `%${p.name}%`;
    }
  }
  return s;
}

/** pySigma's `str(SigmaString)`: literal `*`/`?` re-escaped with `\`, placeholders as `%name%`. */
export function sigmaStringToString(v: SigmaStringValue): string {
  return convertSigmaString(v);
}

/** What pySigma's `to_regex` escapes by default. */
const REGEX_SPECIAL = "\\.*+?^$[](){}|";

/** Characters to put a backslash before: a table for ASCII, a set for the others (rarely any). */
interface EscapeTable {
  readonly ascii: Uint8Array;
  readonly other: ReadonlySet<string>;
}

const escapeTables = new Map<string, EscapeTable>();
let lastChars = "";
let lastTable: EscapeTable | undefined;

function escapeTable(chars: string): EscapeTable {
  // Callers pass the same constant again and again: skip the map for a repeat.
  if (chars === lastChars && lastTable !== undefined) return lastTable;
  let table = escapeTables.get(chars);
  if (table === undefined) {
    const ascii = new Uint8Array(128);
    const other = new Set<string>();
    for (const c of chars) {
      if (c.charCodeAt(0) < 128 && c.length === 1) ascii[c.charCodeAt(0)] = 1;
      else other.add(c);
    }
    table = { ascii, other };
    // A handful of distinct sets in practice (backends pass constants); bounded anyway.
    if (escapeTables.size < 64) escapeTables.set(chars, table);
  }
  lastChars = chars;
  lastTable = table;
  return table;
}

/**
 * Puts a backslash before each character of the table. A scan over code units copying unescaped
 * runs as slices (this runs for every string value of every rule); characters outside ASCII are
 * looked up only when the table has some.
 */
function escapeText(s: string, table: EscapeTable): string {
  if (table.other.size > 0) {
    let out = "";
    for (const c of s) out += (c.length === 1 && c.charCodeAt(0) < 128 ? table.ascii[c.charCodeAt(0)] === 1 : table.other.has(c)) ? `\\${c}` : c;
    return out;
  }
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && table.ascii[c] === 1) {
      out += s.slice(last, i) + "\\";
      last = i;
    }
  }
  return out === "" ? s : out + s.slice(last);
}

/** Options of {@link sigmaStringToRegex}. */
export interface SigmaStringToRegexOptions {
  /** Rendering of `*`. Default `.*`. */
  readonly wildcardMulti?: string;
  /** Rendering of `?`. Default `.`. */
  readonly wildcardSingle?: string;
  /** Characters escaped in text. Default `.*+?^$[](){}\|`. */
  readonly escapedChars?: string;
}

/**
 * pySigma's `to_regex()`: text with regex metacharacters escaped, `*` → `.*`, `?` → `.`, placeholders
 * as `%name%`. Not anchored.
 */
export function sigmaStringToRegex(v: SigmaStringValue, options: SigmaStringToRegexOptions = {}): string {
  const table = escapeTable(options.escapedChars ?? REGEX_SPECIAL);
  const multi = options.wildcardMulti ?? ".*";
  const single = options.wildcardSingle ?? ".";
  let s = "";
  for (const p of v.parts) {
    if (typeof p === "string") s += escapeText(p, table);
    else if (p.kind === "wildcard") s += p.wildcard === "*" ? multi : single;
    else s += `%${p.name}%`;
  }
  return s;
}

/** The characters Python's `re.escape` puts a backslash before (for `sigmaStringToRegex`'s `escapedChars`). */
export const PYTHON_RE_ESCAPED_CHARS = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";

/** Python's `re.escape`: backslash before `()[]{}?*+-|^$\.&~#`, space, `\t\n\r\v\f`. */
export function pythonReEscape(s: string): string {
  return escapeText(s, escapeTable(PYTHON_RE_ESCAPED_CHARS));
}

/** Structural equality of two string values (parts and casing). */
export function sigmaStringEquals(a: SigmaStringValue, b: SigmaStringValue): boolean {
  if (a.cased !== b.cased || a.parts.length !== b.parts.length) return false;
  return a.parts.every((p, i) => {
    const q = b.parts[i];
    if (typeof p === "string" || typeof q === "string") return p === q;
    if (q === undefined) return false;
    if (p.kind === "wildcard") return q.kind === "wildcard" && q.wildcard === p.wildcard;
    return q.kind === "placeholder" && q.name === p.name;
  });
}
