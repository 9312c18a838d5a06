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

function isUnicodePrintableCode(cp: number): boolean {
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
/** 1 for printable ASCII the analysis ignores after the first character (all but space, `,?[]{}:#`). */
const PLAIN_AFTER_FIRST = new Uint8Array(128);
for (let c = 0x21; c <= 0x7e; c++) PLAIN_AFTER_FIRST[c] = ",?[]{}:#".includes(String.fromCharCode(c)) ? 0 : 1;

/** Whether code point `c` is NUL, space, tab, CR, LF, NEL, LS or PS (PyYAML's "\0 \t\r\n\x85\u2028\u2029"). */
function isWhitespaceCode(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** Whether code point `c` is a line break (LF, NEL, LS, PS). */
function isBreakCode(c: number): boolean {
  return c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function analyzeScalar(chars: CodePoints, allowUnicode: boolean): ScalarAnalysis {
  const n = chars.length;
  if (n === 0) {
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
  const head = chars.slice(0, 3);
  if (head === "---" || head === "...") {
    blockIndicators = true;
    flowIndicators = true;
  }
  let previousSpace = false;
  let previousBreak = false;
  let unicodeBreak = false;
  const last = n - 1;
  for (let index = 0; index < n; index++) {
    const code = chars.code(index);
    // Most characters are printable ASCII that no rule below looks at.
    if (index > 0 && code < 128 && PLAIN_AFTER_FIRST[code] === 1) {
      previousSpace = false;
      previousBreak = false;
      continue;
    }
    const flags = code < 128 ? (ASCII_FLAGS[code] ?? 0) : 0;
    if (index === 0) {
      if (flags & FIRST_INDICATOR) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (code === 0x3f /* ? */ || code === 0x3a /* : */) {
        flowIndicators = true;
        if (followedByWhitespace(chars, index)) blockIndicators = true;
      }
      if (code === 0x2d /* - */ && followedByWhitespace(chars, index)) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (flags & FLOW_INDICATOR) flowIndicators = true;
      if (code === 0x3a /* : */) {
        flowIndicators = true;
        if (followedByWhitespace(chars, index)) blockIndicators = true;
      }
      if (code === 0x23 /* # */ && isWhitespaceCode(chars.code(index - 1))) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    const isLineBreak = isBreakCode(code);
    if (isLineBreak) {
      lineBreaks = true;
      if (code !== 0x0a) unicodeBreak = true;
    }
    if (!(code === 0x0a || (code >= 0x20 && code <= 0x7e))) {
      if (!(isUnicodePrintableCode(code) && allowUnicode)) specialCharacters = true;
    }
    if (code === 0x20) {
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
  // Not PyYAML: it writes NEL, LS and PS raw as line breaks of a single-quoted scalar, and a
  // reader folds them: NEL reads back as a space (PyYAML, libyaml), LS and PS keep the next line's
  // indentation in YAML 1.2 readers. Double quotes write them as the escapes \N, \L, \P.
  if (unicodeBreak) allowSingleQuoted = false;
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted };
}

/** Whether the code point after `index` is whitespace or the end (PyYAML's `followed_by_whitespace`). */
function followedByWhitespace(chars: CodePoints, index: number): boolean {
  return index + 1 >= chars.length || isWhitespaceCode(chars.code(index + 1));
}

/**
 * A scalar's text indexed by code point, as Python indexes `str`. Without surrogates the UTF-16
 * units are the code points and the text is used as it is: splitting every query into an array of
 * characters and joining slices back was most of the `ruler` output's time.
 */
class CodePoints {
  readonly length: number;
  /** The code points, only for text with surrogates. */
  private readonly points: readonly string[] | undefined;

  constructor(readonly text: string) {
    this.points = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : undefined;
    this.length = this.points ? this.points.length : text.length;
  }

  /** The code point at `index` (a one- or two-unit string), `undefined` past the end. */
  at(index: number): string | undefined {
    if (this.points) return this.points[index];
    return index < this.text.length ? this.text.charAt(index) : undefined;
  }

  /** Index of the first space at or after `from`, or `length` when there is none. */
  nextSpace(from: number): number {
    if (!this.points) {
      const at = this.text.indexOf(" ", from);
      return at < 0 ? this.text.length : at;
    }
    const at = this.points.indexOf(" ", from);
    return at < 0 ? this.points.length : at;
  }

  /** The code point at `index` as a number (`index` must be below `length`). */
  code(index: number): number {
    return this.points ? (this.points[index]?.codePointAt(0) ?? 0) : this.text.charCodeAt(index);
  }

  /** The text of code points `start` to `end` (exclusive). */
  slice(start: number, end: number): string {
    return this.points ? this.points.slice(start, end).join("") : this.text.slice(start, end);
  }
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
      const keyChars = new CodePoints(key);
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
    const chars = new CodePoints(text);
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

  private writeChars(chars: CodePoints, start: number, end: number): void {
    this.writeText(chars.slice(start, end), end - start);
  }

  private writeBreaks(chars: CodePoints, start: number, end: number): void {
    if (chars.at(start) === "\n") this.writeLineBreak();
    for (let i = start; i < end; i++) {
      const br = chars.at(i) ?? "\n";
      this.writeLineBreak(br);
    }
    this.writeIndent();
  }

  /**
   * A plain scalar has no line breaks (the analysis rules them out for both plain styles), so it
   * is runs of non-spaces and of spaces; a single space past the width becomes a line break.
   */
  private writePlain(chars: CodePoints, split: boolean): void {
    const n = chars.length;
    if (n === 0) return;
    if (!this.whitespace) this.writeText(" ", 1);
    this.whitespace = false;
    this.indention = false;
    let start = 0;
    while (start < n) {
      let end = chars.nextSpace(start);
      if (end > start) this.writeChars(chars, start, end);
      if (end === n) return;
      start = end;
      while (end < n && chars.code(end) === 0x20) end++;
      if (start + 1 === end && this.column > this.bestWidth && split) {
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
      } else {
        this.writeChars(chars, start, end);
      }
      start = end;
    }
  }

  private writeSingleQuoted(chars: CodePoints, split: boolean): void {
    const n = chars.length;
    this.writeIndicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= n; end++) {
      // -1: the end of the text.
      const c = end < n ? chars.code(end) : -1;
      if (spaces) {
        if (c !== 0x20) {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== n) {
            this.writeIndent();
          } else {
            this.writeChars(chars, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (c === -1 || !isBreakCode(c)) {
          this.writeBreaks(chars, start, end);
          start = end;
        }
      } else if (c === -1 || c === 0x20 || c === 0x27 /* ' */ || isBreakCode(c)) {
        if (start < end) {
          this.writeChars(chars, start, end);
          start = end;
        }
      }
      if (c === 0x27 /* ' */) {
        this.writeText("''", 2);
        start = end + 1;
      }
      if (c !== -1) {
        spaces = c === 0x20;
        breaks = isBreakCode(c);
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

  private writeDoubleQuoted(chars: CodePoints, split: boolean): void {
    this.writeIndicator('"', true);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = chars.at(end);
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
        this.writeText(`${chars.slice(start, end)}\\`, end - start + 1);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars.at(start) === " ") this.writeText("\\", 1);
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
