/**
 * A small YAML emitter that writes block-style documents byte-for-byte as PyYAML's `yaml.dump`
 * does (the reference prints its `ruler` and `grafana_alerting` outputs with it).
 *
 * It covers what those outputs need: mappings, sequences, strings, integers, booleans and null,
 * with PyYAML's choice between plain, single-quoted and double-quoted scalars, its line folding
 * at `width`, its indentless sequences under mapping keys and `{}` / `[]` for empty collections.
 * Positions are counted in code points, as Python counts `len(str)`.
 */

/** A value the emitter can write. Numbers must be integers (PyYAML's float repr is not emulated). */
export type YamlValue =
  | string
  | number
  | boolean
  | null
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue };

/** Options of {@link pyyamlDump}, named after PyYAML's `yaml.dump` keyword arguments. */
export interface PyYamlDumpOptions {
  /** Sort mapping keys (PyYAML `sort_keys`, default true). */
  readonly sortKeys?: boolean;
  /** Preferred line width for folding (PyYAML `width`, default 80). */
  readonly width?: number;
  /** Write non-ASCII characters as they are instead of escaping them (default false). */
  readonly allowUnicode?: boolean;
}


function isBreak(ch: string | undefined): boolean {
  return ch === "\n" || ch === "\u0085" || ch === "\u2028" || ch === "\u2029";
}

// YAML 1.1 implicit resolvers of PyYAML: a string matching one of them must be quoted.
const IMPLICIT_RESOLVERS: readonly RegExp[] = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

/** True when PyYAML would read `text` back as something other than a string. */
export function resolvesToNonString(text: string): boolean {
  // Python's `$` also matches before one final newline.
  const candidates = text.endsWith("\n") ? [text, text.slice(0, -1)] : [text];
  return candidates.some((c) => IMPLICIT_RESOLVERS.some((re) => re.test(c)));
}

const ESCAPES: Readonly<Record<string, string>> = {
  "\0": "0",
  "\x07": "a",
  "\x08": "b",
  "\t": "t",
  "\n": "n",
  "\x0B": "v",
  "\x0C": "f",
  "\r": "r",
  "\x1B": "e",
  '"': '"',
  "\\": "\\",
  "\u0085": "N",
  "\u00A0": "_",
  "\u2028": "L",
  "\u2029": "P",
};

interface ScalarAnalysis {
  readonly empty: boolean;
  readonly multiline: boolean;
  readonly allowFlowPlain: boolean;
  readonly allowBlockPlain: boolean;
  readonly allowSingleQuoted: boolean;
}

function isPrintableAscii(ch: string): boolean {
  return ch >= "\x20" && ch <= "\x7E";
}

function isUnicodePrintable(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) &&
    cp !== 0xfeff
  );
}

// Character classes of the scalar analysis, by ASCII code (bit flags).
const FIRST_INDICATOR = 1; // # , [ ] { } & * ! | > ' " % @ `
const FLOW_INDICATOR = 2; // , ? [ ] { }
const ASCII_FLAGS = new Uint8Array(128);
for (const ch of "#,[]{}&*!|>'\"%@`") ASCII_FLAGS[ch.charCodeAt(0)] = FIRST_INDICATOR;
for (const ch of ",?[]{}") ASCII_FLAGS[ch.charCodeAt(0)] = (ASCII_FLAGS[ch.charCodeAt(0)] ?? 0) | FLOW_INDICATOR;

/** Whether `ch` (one code point) is NUL, space, tab, CR, LF, NEL, LS or PS (PyYAML's "\0 \t\r\n\x85\u2028\u2029"). */
function isWhitespaceOrEnd(ch: string | undefined): boolean {
  // "" counts as the end, as `String.prototype.includes("")` did.
  if (ch === undefined || ch === "") return true;
  if (ch.length !== 1) return false;
  const c = ch.charCodeAt(0);
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function analyzeScalar(chars: readonly string[], allowUnicode: boolean): ScalarAnalysis {
  if (chars.length === 0) {
    return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  const head = `${chars[0] ?? ""}${chars[1] ?? ""}${chars[2] ?? ""}`;
  if (head === "---" || head === "...") {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || isWhitespaceOrEnd(chars[1]);
  let previousSpace = false;
  let previousBreak = false;
  const last = chars.length - 1;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index] ?? "";
    const code = ch.charCodeAt(0);
    const ascii = ch.length === 1 && code < 128;
    const flags = ascii ? (ASCII_FLAGS[code] ?? 0) : 0;
    if (index === 0) {
      if (flags & FIRST_INDICATOR) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (flags & FLOW_INDICATOR) flowIndicators = true;
      if (ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === "#" && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    const isLineBreak = isBreak(ch);
    if (isLineBreak) lineBreaks = true;
    if (!(ch === "\n" || (ascii && code >= 0x20 && code <= 0x7e))) {
      if (!(isUnicodePrintable(ch) && allowUnicode)) specialCharacters = true;
    }
    if (ch === " ") {
      if (index === 0) leadingSpace = true;
      if (index === last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isLineBreak) {
      if (index === 0) leadingBreak = true;
      if (index === last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isWhitespaceOrEnd(ch);
    followedByWhitespace = index + 2 >= chars.length || isWhitespaceOrEnd(chars[index + 2]);
  }
  let allowFlowPlain = true;
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false;
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || specialCharacters) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false;
  if (flowIndicators) allowFlowPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted };
}

/** Code points of a string (Python indexes strings by code point). */
function codePoints(text: string): string[] {
  // Array.from iterates slowly; without surrogates, UTF-16 units are the code points.
  return /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text.split("");
}

interface NodeContext {
  readonly root?: boolean;
  readonly sequence?: boolean;
  readonly mapping?: boolean;
  readonly simpleKey?: boolean;
}

/** The emitter state PyYAML keeps while writing; methods mirror its writer primitives. */
class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent: number | null = null;
  private readonly indents: (number | null)[] = [];
  private flowLevel = 0;
  private readonly bestIndent = 2;
  private readonly bestWidth: number;
  private readonly sortKeys: boolean;
  private readonly allowUnicode: boolean;

  constructor(options: PyYamlDumpOptions) {
    const width = options.width ?? 80;
    this.bestWidth = width > this.bestIndent * 2 ? width : 80;
    this.sortKeys = options.sortKeys ?? true;
    this.allowUnicode = options.allowUnicode ?? false;
  }

  dump(value: YamlValue): string {
    this.node(value, { root: true });
    this.writeIndent();
    return this.out.join("");
  }

  private write(data: string): void {
    this.out.push(data);
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? null;
  }

  private node(value: YamlValue, context: NodeContext): void {
    if (Array.isArray(value)) {
      const items = value as readonly YamlValue[];
      if (this.flowLevel > 0 || items.length === 0) this.emptyFlow("[", "]");
      else this.blockSequence(items, context);
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as { readonly [key: string]: YamlValue });
      if (this.sortKeys) entries.sort(([a], [b]) => compareCodePoints(a, b));
      if (this.flowLevel > 0 || entries.length === 0) this.emptyFlow("{", "}");
      else this.blockMapping(entries);
    } else {
      this.increaseIndent(true);
      this.scalar(value, context);
      this.popIndent();
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true);
    this.flowLevel++;
    this.increaseIndent(true);
    this.popIndent();
    this.flowLevel--;
    this.writeIndicator(close, false);
  }

  private blockSequence(items: readonly YamlValue[], context: NodeContext): void {
    const indentless = (context.mapping ?? false) && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, { sequence: true });
    }
    this.popIndent();
  }

  private blockMapping(entries: readonly (readonly [string, YamlValue])[]): void {
    this.increaseIndent(false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const keyChars = codePoints(key);
      if (keyChars.length >= 128 || analyzeScalar(keyChars, this.allowUnicode).multiline) {
        throw new Error(`pyyamlDump: complex mapping keys are not supported (${JSON.stringify(key)})`);
      }
      this.node(key, { mapping: true, simpleKey: true });
      this.writeIndicator(":", false);
      this.node(value, { mapping: true });
    }
    this.popIndent();
  }

  private scalar(value: string | number | boolean | null, context: NodeContext): void {
    let text: string;
    let implicit: boolean;
    if (typeof value === "string") {
      text = value;
      implicit = !resolvesToNonString(value);
    } else {
      if (typeof value === "number" && !Number.isInteger(value)) {
        throw new Error(`pyyamlDump: only integer numbers are supported (${value})`);
      }
      text = value === null ? "null" : String(value);
      implicit = true;
    }
    const chars = codePoints(text);
    const analysis = analyzeScalar(chars, this.allowUnicode);
    const simpleKey = context.simpleKey ?? false;
    const split = !simpleKey;
    if (
      implicit &&
      !(simpleKey && (analysis.empty || analysis.multiline)) &&
      ((this.flowLevel > 0 && analysis.allowFlowPlain) || (this.flowLevel === 0 && analysis.allowBlockPlain))
    ) {
      this.writePlain(chars, split);
    } else if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) {
      this.writeSingleQuoted(chars, split);
    } else {
      this.writeDoubleQuoted(chars, split);
    }
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.write(data);
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak();
    }
    if (this.column < indent) {
      this.whitespace = true;
      this.write(" ".repeat(indent - this.column));
      this.column = indent;
    }
  }

  private writeLineBreak(data = "\n"): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.write(data);
  }

  /** Writes text of `length` code points (callers know it; counting again is the hot spot). */
  private writeText(data: string, length: number): void {
    this.column += length;
    this.write(data);
  }

  private writeChars(chars: readonly string[], start: number, end: number): void {
    this.writeText(chars.slice(start, end).join(""), end - start);
  }

  private writeBreaks(chars: readonly string[], start: number, end: number): void {
    if (chars[start] === "\n") this.writeLineBreak();
    for (let i = start; i < end; i++) {
      const br = chars[i] ?? "\n";
      this.writeLineBreak(br);
    }
    this.writeIndent();
  }

  private writePlain(chars: readonly string[], split: boolean): void {
    if (chars.length === 0) return;
    if (!this.whitespace) this.writeText(" ", 1);
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            this.writeChars(chars, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !isBreak(ch)) {
          this.writeBreaks(chars, start, end);
          this.whitespace = false;
          this.indention = false;
          start = end;
        }
      } else if (ch === undefined || ch === " " || isBreak(ch)) {
        this.writeChars(chars, start, end);
        start = end;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = isBreak(ch);
      }
    }
  }

  private writeSingleQuoted(chars: readonly string[], split: boolean): void {
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (spaces) {
        if (ch === undefined || ch !== " ") {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== chars.length) {
            this.writeIndent();
          } else {
            this.writeChars(chars, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !isBreak(ch)) {
          this.writeBreaks(chars, start, end);
          start = end;
        }
      } else if (ch === undefined || ch === " " || ch === "'" || isBreak(ch)) {
        if (start < end) {
          this.writeChars(chars, start, end);
          start = end;
        }
      }
      if (ch === "'") {
        this.writeText("''", 2);
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === " ";
        breaks = isBreak(ch);
      }
    }
    this.writeIndicator("'", false);
  }

  private needsEscape(ch: string): boolean {
    if ('"\\\u0085\u2028\u2029\uFEFF'.includes(ch)) return true;
    if (isPrintableAscii(ch)) return false;
    const cp = ch.codePointAt(0) ?? 0;
    return !(this.allowUnicode && ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)));
  }

  private writeDoubleQuoted(chars: readonly string[], split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined;
      if (ch === undefined || this.needsEscape(ch)) {
        if (start < end) {
          this.writeChars(chars, start, end);
          start = end;
        }
        if (ch !== undefined) {
          const escaped = `\\${escapeChar(ch)}`;
          this.writeText(escaped, escaped.length);
          start = end + 1;
        }
      }
      if (
        end > 0 &&
        end < chars.length - 1 &&
        (ch === " " || start >= end) &&
        this.column + (end - start) > this.bestWidth &&
        split
      ) {
        this.writeText(`${chars.slice(start, end).join("")}\\`, end - start + 1);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === " ") this.writeText("\\", 1);
      }
    }
    this.writeIndicator('"', false);
  }
}

function escapeChar(ch: string): string {
  const known = ESCAPES[ch];
  if (known !== undefined) return known;
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, "0")}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, "0")}`;
  return `U${hex.padStart(8, "0")}`;
}

/** Python's string ordering (by code point), used for `sort_keys`. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]?.codePointAt(0) ?? 0;
    const y = cb[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x - y;
  }
  return ca.length - cb.length;
}

/**
 * Serialise `value` as PyYAML's `yaml.dump(value, sort_keys=…, width=…, allow_unicode=…)` does
 * with its other defaults (block style, 2-space indent, no document markers).
 */
export function pyyamlDump(value: YamlValue, options: PyYamlDumpOptions = {}): string {
  return new Emitter(options).dump(value);
}
