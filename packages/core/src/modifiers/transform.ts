/**
 * What each value modifier does to one value (spec §2). Type checks happen in `index.ts`; these
 * functions receive values of the kinds their descriptor accepts.
 */
import { SigmaValueError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { ModifierId } from "../model/detection.js";
import type {
  CompareOperator,
  RegexFlag,
  SigmaExpansionValue,
  SigmaStringValue,
  SigmaValue,
  StringPart,
  TimestampPart,
} from "../model/values.js";
import { parseCidr } from "../values/cidr.js";
import { base64Encode, utf8Bytes } from "../values/encoding.js";
import {
  containsWildcard,
  sigmaStringToString,
  endsWithWildcard,
  mapSigmaStringText,
  plainSigmaString,
  sigmaStringFromParts,
  sigmaStringLength,
  sigmaStringPlainText,
  startsWithWildcard,
  wildcardMulti,
} from "../values/string.js";
import { sigmaRegex } from "../values/values.js";
import { validateRegex } from "./regex.js";

/** What a modifier needs to know besides the value. */
export interface ModifierContext {
  readonly field: string | null;
  /** Modifiers applied before this one. */
  readonly applied: readonly ModifierId[];
  /** The value as written (for `re` and `cidr`, which use the original text). */
  readonly raw: string | number | boolean | null;
  readonly location: SourceLocation | undefined;
}

function addWildcards(v: SigmaStringValue, start: boolean, end: boolean): SigmaStringValue {
  // Sequential like pySigma: after adding the leading `*` to an empty string it also ends with one.
  let out = v;
  if (start && !startsWithWildcard(out)) out = sigmaStringFromParts([wildcardMulti, ...out.parts], out.cased);
  if (end && !endsWithWildcard(out)) out = sigmaStringFromParts([...out.parts, wildcardMulti], out.cased);
  return out;
}

function regexAffix(pattern: string, start: boolean, end: boolean): string {
  let p = pattern;
  if (start && !p.startsWith("^") && !p.startsWith(".*")) p = `.*${p}`;
  if (end && !p.endsWith("$") && !p.endsWith(".*")) p = `${p}.*`;
  return p;
}

function positional(value: SigmaValue, start: boolean, end: boolean): SigmaValue {
  switch (value.type) {
    case "string":
      return addWildcards(value, start, end);
    case "regex":
      return sigmaRegex(regexAffix(value.pattern, start, end), value.flags);
    case "fieldref":
      return { ...value, startsWith: value.startsWith || end, endsWith: value.endsWith || start };
    default:
      return value;
  }
}

function noWildcards(v: SigmaStringValue, ctx: ModifierContext): string {
  if (containsWildcard(v) || v.parts.some((p) => typeof p !== "string")) {
    throw new SigmaValueError("Base64 encoding of strings with wildcards is not allowed", ctx.location);
  }
  return sigmaStringPlainText(v);
}

function base64Offsets(v: SigmaStringValue, ctx: ModifierContext): SigmaExpansionValue {
  const text = noWildcards(v, ctx);
  const len = sigmaStringLength(v);
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const values: SigmaValue[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = base64Encode(utf8Bytes(" ".repeat(i) + text));
    const end = ends[(len + i) % 3];
    values.push(plainSigmaString(encoded.slice(starts[i], end)));
  }
  return { type: "expansion", values };
}

/** Encodes each character as two "bytes" (characters U+0000–U+00FF), as pySigma's encode/decode does. */
function utf16(v: SigmaStringValue, order: "le" | "be", name: string, ctx: ModifierContext): SigmaStringValue {
  return mapSigmaStringText(v, (text) => {
    let out = "";
    for (const c of text) {
      const code = c.codePointAt(0) as number;
      // pySigma decodes the encoded bytes as UTF-8, which only works for ASCII input; its message
      // shows the whole value (str(val)), wildcards included.
      if (code > 0x7f) {
        throw new SigmaValueError(
          `${name} modifier only allowed for ascii strings, input string '${sigmaStringToString(v)}' isn't one`,
          ctx.location,
        );
      }
      out += order === "le" ? `${c}\u0000` : `\u0000${c}`;
    }
    return out;
  });
}

function prependBom(v: SigmaStringValue): SigmaStringValue {
  return sigmaStringFromParts(["\uFEFF", ...v.parts], v.cased);
}

const WINDASH = ["-", "/", "\u2013", "\u2014", "\u2015"];
const WORD = /[\p{L}\p{N}_]/u;

function isWord(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c);
}

/**
 * The parts of a string with `null` at every dash `windash` replaces (Python's `\B[-/]\b`: a `-`
 * or `/` after a non-word character or at the start, before a word character).
 */
function windashSlots(v: SigmaStringValue): Array<StringPart | null> {
  const slotted: Array<StringPart | null> = [];
  for (const p of v.parts) {
    if (typeof p !== "string") {
      slotted.push(p);
      continue;
    }
    const chars = Array.from(p);
    let acc = "";
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i] as string;
      if ((c === "-" || c === "/") && !isWord(chars[i - 1]) && isWord(chars[i + 1])) {
        if (acc) slotted.push(acc);
        acc = "";
        slotted.push(null);
      } else {
        acc += c;
      }
    }
    if (acc) slotted.push(acc);
  }
  return slotted;
}

/** How many values `windash` makes of a string: 5 per dash, multiplied (Infinity when huge). */
export function windashVariantCount(v: SigmaStringValue): number {
  const dashes = windashSlots(v).filter((s) => s === null).length;
  return WINDASH.length ** dashes;
}

/** Every combination of the Windows dash variants at the dashes of `v` (count them first). */
function windash(v: SigmaStringValue): SigmaExpansionValue {
  let variants: StringPart[][] = [[]];
  for (const s of windashSlots(v)) {
    if (s === null) variants = variants.flatMap((prefix) => WINDASH.map((dash) => [...prefix, dash]));
    else variants = variants.map((prefix) => [...prefix, s]);
  }
  return { type: "expansion", values: variants.map((parts) => sigmaStringFromParts(parts, v.cased)) };
}

/**
 * `%name%` placeholders (a name is word characters, Python's `\w+`); `\%` is a literal `%` and
 * loses its backslash, as in pySigma.
 */
function expand(v: SigmaStringValue): SigmaStringValue {
  return mapSigmaStringText(v, (text) => {
    const out: StringPart[] = [];
    const re = /(?<!\\)%([\p{L}\p{N}_]+)%/gu;
    const literal = (s: string): string => s.replaceAll("\\%", "%");
    let last = 0;
    for (const m of text.matchAll(re)) {
      out.push(literal(text.slice(last, m.index)));
      out.push({ kind: "placeholder", name: m[1] as string });
      last = m.index + m[0].length;
    }
    out.push(literal(text.slice(last)));
    return out;
  });
}

const FLAG: Partial<Record<ModifierId, RegexFlag>> = {
  i: "i", ignorecase: "i", m: "m", multiline: "m", s: "s", dotall: "s",
};
const COMPARE: Partial<Record<ModifierId, CompareOperator>> = { lt: "lt", lte: "lte", gt: "gt", gte: "gte" };
const TIMESTAMP: Partial<Record<ModifierId, TimestampPart>> = {
  minute: "minute", hour: "hour", day: "day", week: "week", month: "month", year: "year",
};

/** Applies one value modifier to one (non-expansion) value of an accepted kind. */
export function transformValue(id: ModifierId, value: SigmaValue, ctx: ModifierContext): SigmaValue {
  const flag = FLAG[id];
  if (flag && value.type === "regex") return sigmaRegex(value.pattern, [...value.flags, flag]);
  const op = COMPARE[id];
  if (op) {
    if (value.type === "timestamp_part" && value.value.type === "number") {
      return { ...value, value: { type: "compare", op, value: value.value.value } };
    }
    if (value.type === "number") return { type: "compare", op, value: value.value };
    return value;
  }
  const part = TIMESTAMP[id];
  if (part && value.type === "number") return { type: "timestamp_part", part, value };

  switch (id) {
    case "contains":
      return positional(value, true, true);
    case "startswith":
      return positional(value, false, true);
    case "endswith":
      return positional(value, true, false);
    default:
      break;
  }
  if (id === "exists" && value.type === "bool") {
    if (ctx.field === null) throw new SigmaValueError("Exists modifier must be applied to field", ctx.location);
    // Only list modifiers (all, neq) can come before it on a boolean; pySigma refuses them too.
    if (ctx.applied.length > 0) {
      throw new SigmaValueError("Exists modifier only applicable to unmodified boolean values", ctx.location);
    }
    return { type: "exists", exists: value.value };
  }
  if (id === "expand" && value.type === "regex") return value;
  if (value.type !== "string") return value;
  switch (id) {
    case "base64":
      return plainSigmaString(base64Encode(utf8Bytes(noWildcards(value, ctx))));
    case "base64offset":
      return base64Offsets(value, ctx);
    case "wide":
      return utf16(value, "le", "Wide", ctx);
    case "utf16be":
      return utf16(value, "be", "UTF-16BE", ctx);
    case "utf16":
      // QUIRK (pySigma): the BOM stays a character, so a following base64 encodes it as UTF-8.
      return prependBom(utf16(value, "le", "UTF-16", ctx));
    case "windash":
      return windash(value);
    case "re": {
      if (ctx.applied.length > 0) {
        throw new SigmaValueError("Regular expression modifier only applicable to unmodified values", ctx.location);
      }
      const pattern = typeof ctx.raw === "string" ? ctx.raw : sigmaStringPlainText(value);
      validateRegex(pattern, ctx.location);
      return sigmaRegex(pattern);
    }
    case "cased":
      return sigmaStringFromParts(value.parts, true);
    case "cidr": {
      if (ctx.applied.length > 0) {
        throw new SigmaValueError("CIDR expression modifier only applicable to unmodified values", ctx.location);
      }
      const text = typeof ctx.raw === "string" ? ctx.raw : sigmaStringPlainText(value);
      return parseCidr(text, ctx.location);
    }
    case "fieldref":
      if (value.parts.some((p) => typeof p !== "string")) {
        throw new SigmaValueError("Field references must not contain wildcards", ctx.location);
      }
      return { type: "fieldref", field: sigmaStringPlainText(value), startsWith: false, endsWith: false };
    case "expand":
      return expand(value);
    default:
      return value;
  }
}
