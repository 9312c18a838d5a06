/**
 * Python `re` syntax → RE2 syntax. Pipelines are written for pySigma, whose regexes run on
 * Python's backtracking engine; ours run on RE2 (linear time), so the meaning is kept where RE2 can
 * express it and the pattern is refused with the reason where it cannot (lookaround,
 * backreferences, conditionals, atomic groups). Differences this handles:
 * - `\Z` (end of text) is RE2's `\z`; `{,n}` is `{0,n}`; `(?#…)` comments are dropped;
 * - `\d`, `\w`, `\s` match Unicode digits, word characters and white space, as in Python 3 (RE2's
 *   are ASCII), unless the `(?a)` flag asks for ASCII; `\b` in a class is a backspace;
 * - `\uXXXX`, `\UXXXXXXXX`, octal escapes and escaped non-punctuation characters become `\x{…}`;
 * - a `[` inside a class is a literal (Python), not the start of `[:alpha:]` (RE2);
 * - the verbose flag `(?x)` drops white space and `#` comments outside classes.
 * `$` keeps RE2's meaning (end of text), where Python's also matches before a final newline.
 */

/** Why a Python pattern cannot run on RE2 (or is not valid Python either). */
export class UnsupportedRegexError extends Error {}

const SPACE_UNICODE = "\\t-\\r\\x{1c}-\\x{20}\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}";
const SPACE_ASCII = "\\t-\\r ";
const WORD_UNICODE = "\\p{L}\\p{N}_";
const WORD_ASCII = "0-9A-Za-z_";
const DIGIT_UNICODE = "\\p{Nd}";
const DIGIT_ASCII = "0-9";

/** ASCII punctuation, which RE2 lets a backslash escape. */
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;
const VERBOSE_SPACE = /^[ \t\n\r\v\f]$/;

interface Shorthand {
  /** Class items for the characters it matches, or undefined when only a negated class can say it. */
  readonly items?: string;
  /** A whole class (for use outside a class, or as an alternative beside one). */
  readonly cls: string;
}

function shorthand(letter: string, ascii: boolean): Shorthand | undefined {
  const word = ascii ? WORD_ASCII : WORD_UNICODE;
  const space = ascii ? SPACE_ASCII : SPACE_UNICODE;
  switch (letter) {
    case "d":
      return ascii ? { items: DIGIT_ASCII, cls: `[${DIGIT_ASCII}]` } : { items: DIGIT_UNICODE, cls: DIGIT_UNICODE };
    case "D":
      return ascii ? { items: "\\D", cls: "\\D" } : { items: "\\P{Nd}", cls: "\\P{Nd}" };
    case "w":
      return { items: word, cls: `[${word}]` };
    case "W":
      return ascii ? { items: "\\W", cls: "\\W" } : { cls: `[^${word}]` };
    case "s":
      return { items: space, cls: `[${space}]` };
    case "S":
      return { cls: `[^${space}]` };
    default:
      return undefined;
  }
}

function hex(code: number): string {
  return `\\x{${code.toString(16)}}`;
}

/** Translates a Python regular expression into RE2 syntax, or throws {@link UnsupportedRegexError}. */
export function pythonToRe2(pattern: string): string {
  return new Translator(pattern).run();
}

class Translator {
  private i = 0;
  private ascii = false;
  private verbose = false;

  constructor(private readonly p: string) {}

  run(): string {
    const flags = this.globalFlags();
    let out = "";
    while (this.i < this.p.length) out += this.next();
    return (flags ? `(?${flags})` : "") + out;
  }

  /** Leading `(?aimsux)` groups: Python applies them to the whole pattern. */
  private globalFlags(): string {
    let flags = "";
    for (let m = /^\(\?([aiLmsux]+)\)/.exec(this.p); m; m = /^\(\?([aiLmsux]+)\)/.exec(this.p.slice(this.i))) {
      for (const f of m[1] as string) {
        if (f === "a") this.ascii = true;
        else if (f === "x") this.verbose = true;
        else if (f === "L") throw new UnsupportedRegexError("the locale flag (?L) is only valid for byte patterns");
        else if ("ims".includes(f) && !flags.includes(f)) flags += f;
      }
      this.i += m[0].length;
    }
    return flags;
  }

  private next(): string {
    const c = this.p[this.i] as string;
    if (this.verbose && VERBOSE_SPACE.test(c)) {
      this.i++;
      return "";
    }
    if (this.verbose && c === "#") {
      const end = this.p.indexOf("\n", this.i);
      this.i = end < 0 ? this.p.length : end + 1;
      return "";
    }
    switch (c) {
      case "\\":
        return this.escapeOutside();
      case "[":
        return this.characterClass();
      case "(":
        return this.group();
      case "{":
        return this.counted();
      default: {
        const cp = this.p.codePointAt(this.i) as number;
        const text = String.fromCodePoint(cp);
        this.i += text.length;
        return text;
      }
    }
  }

  /** `(` and the `(?…` constructs. */
  private group(): string {
    const rest = this.p.slice(this.i);
    const fail = (what: string): never => {
      throw new UnsupportedRegexError(`${what} needs a backtracking engine; RE2, on which patterns run in linear time, has none`);
    };
    if (!rest.startsWith("(?")) {
      this.i++;
      return "(";
    }
    if (rest.startsWith("(?:")) {
      this.i += 3;
      return "(?:";
    }
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      this.i += named[0].length;
      return `(?P<${named[1] as string}>`;
    }
    if (rest.startsWith("(?=") || rest.startsWith("(?!")) fail(`the lookahead '${rest.slice(0, 3)}'`);
    if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) fail(`the lookbehind '${rest.slice(0, 4)}'`);
    if (rest.startsWith("(?P=")) fail(`the backreference '${/^\(\?P=[^)]*\)?/.exec(rest)?.[0] ?? "(?P="}'`);
    if (rest.startsWith("(?(")) fail("a conditional group '(?(…)'");
    if (rest.startsWith("(?>")) fail("an atomic group '(?>…)'");
    if (rest.startsWith("(?#")) {
      const end = this.p.indexOf(")", this.i);
      if (end < 0) throw new UnsupportedRegexError("missing ), unterminated comment");
      this.i = end + 1;
      return "";
    }
    const scoped = /^\(\?([aiLmsux]*)(?:-([imsx]+))?:/.exec(rest);
    if (scoped) {
      this.i += scoped[0].length;
      const on = [...(scoped[1] as string)].filter((f) => f !== "u");
      const off = [...(scoped[2] ?? "")];
      const unsupported = [...on, ...off].find((f) => !"ims".includes(f));
      if (unsupported) throw new UnsupportedRegexError(`the flag '${unsupported}' in a scoped group '${scoped[0]}' is not supported; set it for the whole pattern`);
      return `(?${on.join("")}${off.length > 0 ? `-${off.join("")}` : ""}:`;
    }
    if (/^\(\?[aiLmsux]+\)/.test(rest)) {
      throw new UnsupportedRegexError(`global flags '${/^\(\?[aiLmsux]+\)/.exec(rest)?.[0] ?? ""}' must be at the start of the pattern`);
    }
    throw new UnsupportedRegexError(`unknown extension '${rest.slice(0, 3)}'`);
  }

  /** `{m,n}` quantifiers (Python's `{,n}` is `{0,n}`); a `{` that starts none is a literal. */
  private counted(): string {
    const m = /^\{(\d*)(?:(,)(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m || (m[1] === "" && m[2] === undefined)) {
      this.i++;
      return "\\{";
    }
    this.i += m[0].length;
    return `{${m[1] === "" ? "0" : (m[1] as string)}${m[2] ?? ""}${m[3] ?? ""}}`;
  }

  private escapeOutside(): string {
    const c = this.p[this.i + 1];
    const short = c === undefined ? undefined : shorthand(c, this.ascii);
    if (short) {
      this.i += 2;
      return short.cls;
    }
    if (c === "A" || c === "b" || c === "B") {
      this.i += 2;
      return `\\${c}`;
    }
    if (c === "Z") {
      this.i += 2;
      return "\\z";
    }
    return this.escapeLiteral(false);
  }

  /** An escape that stands for one character (both inside and outside classes). */
  private escapeLiteral(inClass: boolean): string {
    const rest = this.p.slice(this.i + 1);
    const c = rest[0];
    if (c === undefined) throw new UnsupportedRegexError("bad escape (end of pattern)");
    const take = (n: number, text: string): string => {
      this.i += 1 + n;
      return text;
    };
    if (c === "0") {
      const digits = /^0[0-7]{0,2}/.exec(rest)?.[0] as string;
      return take(digits.length, hex(parseInt(digits, 8)));
    }
    if (/^[1-9]$/.test(c)) {
      const octal = /^[0-7]{3}/.exec(rest)?.[0];
      if (octal && parseInt(octal, 8) <= 0o377) return take(3, hex(parseInt(octal, 8)));
      if (inClass) throw new UnsupportedRegexError(`bad escape \\${c} in a character class`);
      throw new UnsupportedRegexError(`the backreference '\\${/^\d{1,2}/.exec(rest)?.[0] ?? c}' needs a backtracking engine; RE2, on which patterns run in linear time, has none`);
    }
    const fixed: Record<string, RegExp> = { x: /^x[0-9A-Fa-f]{2}/, u: /^u[0-9A-Fa-f]{4}/, U: /^U[0-9A-Fa-f]{8}/ };
    const code = fixed[c];
    if (code) {
      const m = code.exec(rest);
      if (!m) throw new UnsupportedRegexError(`incomplete escape \\${rest.slice(0, c === "U" ? 9 : c === "u" ? 5 : 3)}`);
      const value = parseInt(m[0].slice(1), 16);
      if (value > 0x10ffff) throw new UnsupportedRegexError(`bad escape \\${m[0]}`);
      return take(m[0].length, hex(value));
    }
    if (c === "N") throw new UnsupportedRegexError("named Unicode escapes \\N{…} are not supported; write the character or its \\u escape");
    const controls: Record<string, string> = { a: "\\x{7}", f: "\\f", n: "\\n", r: "\\r", t: "\\t", v: "\\v" };
    if (controls[c] !== undefined) return take(1, controls[c]);
    if (inClass && c === "b") return take(1, "\\x{8}");
    if (/^[A-Za-z]$/.test(c)) throw new UnsupportedRegexError(`bad escape \\${c}`);
    const cp = rest.codePointAt(0) as number;
    const ch = String.fromCodePoint(cp);
    return take(ch.length, PUNCTUATION.test(ch) ? `\\${ch}` : hex(cp));
  }

  /** `[…]`: Python's rules inside, RE2's syntax out; `\W`/`\S` in a class become alternatives. */
  private characterClass(): string {
    this.i++;
    let negated = false;
    if (this.p[this.i] === "^") {
      negated = true;
      this.i++;
    }
    let items = "";
    const extras: string[] = [];
    if (this.p[this.i] === "]") {
      items += "\\]";
      this.i++;
    }
    for (;;) {
      const c = this.p[this.i];
      if (c === undefined) throw new UnsupportedRegexError("unterminated character set");
      if (c === "]") {
        this.i++;
        break;
      }
      if (c === "\\") {
        const letter = this.p[this.i + 1];
        const short = letter === undefined ? undefined : shorthand(letter, this.ascii);
        if (short) {
          this.i += 2;
          if (short.items !== undefined) items += short.items;
          else extras.push(short.cls);
        } else if (letter === "A" || letter === "Z" || letter === "B") {
          throw new UnsupportedRegexError(`bad escape \\${letter} in a character class`);
        } else {
          items += this.escapeLiteral(true);
        }
        continue;
      }
      if (c === "[") {
        items += "\\[";
        this.i++;
        continue;
      }
      const cp = this.p.codePointAt(this.i) as number;
      const ch = String.fromCodePoint(cp);
      items += ch;
      this.i += ch.length;
    }
    if (extras.length === 0) return `[${negated ? "^" : ""}${items}]`;
    if (negated) {
      throw new UnsupportedRegexError("a negated character class with \\W or \\S is not supported; list the characters it should match instead");
    }
    return `(?:${[...(items ? [`[${items}]`] : []), ...extras].join("|")})`;
  }
}
