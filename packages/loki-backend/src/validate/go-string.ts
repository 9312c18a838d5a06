/**
 * Go string literals as Loki's lexer reads them: backtick strings are raw, double-quoted strings
 * take Go's escapes (`\a \b \f \n \r \t \v \\ \"`, octal `\NNN`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`).
 */

/** The decoded value of a literal, or why Loki would reject it (`offset` is within the literal). */
export type GoStringResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly message: string; readonly offset: number };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
};

/** Decode a Go string literal including its quotes (`` `…` `` or `"…"`). */
export function unquoteGoString(literal: string): GoStringResult {
  if (literal.length >= 2 && literal.startsWith("`") && literal.endsWith("`")) {
    const value = literal.slice(1, -1);
    const inner = value.indexOf("`");
    if (inner >= 0) return { ok: false, message: "backtick inside a raw string", offset: inner + 1 };
    return { ok: true, value };
  }
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) {
    return { ok: false, message: "not a quoted string", offset: 0 };
  }
  let value = "";
  const end = literal.length - 1;
  for (let i = 1; i < end; i++) {
    const ch = literal[i] ?? "";
    if (ch === "\n") return { ok: false, message: "newline in double-quoted string", offset: i };
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const esc = literal[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined && i + 1 < end) {
      value += simple;
      i++;
      continue;
    }
    const hexDigits = esc === "x" ? 2 : esc === "u" ? 4 : esc === "U" ? 8 : 0;
    if (hexDigits > 0) {
      const digits = literal.slice(i + 2, i + 2 + hexDigits);
      if (i + 2 + hexDigits > end || !/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hexDigits) {
        return { ok: false, message: `invalid escape \\${esc} (needs ${hexDigits} hex digits)`, offset: i };
      }
      const code = parseInt(digits, 16);
      if (esc !== "x" && (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) {
        return { ok: false, message: `escape \\${esc}${digits} is not a valid Unicode code point`, offset: i };
      }
      value += String.fromCodePoint(code);
      i += 1 + hexDigits;
      continue;
    }
    if (/[0-7]/.test(esc)) {
      const digits = literal.slice(i + 1, i + 4);
      if (i + 4 > end || !/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) {
        return { ok: false, message: `invalid octal escape \\${digits}`, offset: i };
      }
      value += String.fromCharCode(parseInt(digits, 8));
      i += 3;
      continue;
    }
    const shown = esc === "" || i + 1 >= end ? "\\ at the end" : `\\${esc}`;
    return {
      ok: false,
      message: `invalid escape ${shown} in double-quoted string (write \\\\ for a backslash or use a backtick string)`,
      offset: i,
    };
  }
  return { ok: true, value };
}
