/**
 * How an event's text is written in a log line, for keywords (which search the raw line). When
 * the query's parser says how lines are encoded, a keyword searches for the forms its text takes
 * there, not only for the text itself:
 *
 * - `json`: a JSON string escapes `\` and `"` (`\\`, `\"`) and every control character. The Loki
 *   Windows-event shippers (promtail's `windows_events` target, Grafana Alloy's
 *   `loki.source.windowsevent`, which share its code) encode with json-iterator's default config:
 *   `\n` `\r` `\t` as short escapes, other control characters as `\u00xx` (lowercase hex, so
 *   `\b` and `\f` too; Go's encoding/json writes `\b` and `\f` since Go 1.22), `<` `>` `&` as
 *   `\u003c` `\u003e` `\u0026` (HTML-safe escaping; other encoders keep them), U+2028 and
 *   U+2029 as `\u2028` `\u2029`, and every other character (non-ASCII included) as it is.
 * - `logfmt`: a value is quoted, with `\` `"` and control characters escaped, only when it needs
 *   quoting (a space, `=`, `"` or a control character in it), so a keyword's text may appear as
 *   it is or escaped.
 */
import { pythonReEscape } from "@sigma/core";

/** The encodings a parser tells about the line. */
export type LineEncoding = "json" | "logfmt";

/** Control characters (other than `\n` `\r` `\t`) also written as a short escape by some JSON encoders. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** `\u00xx` for a code unit (lowercase hex, as Go's and json-iterator's encoders write it). */
function unicodeEscape(ch: string): string {
  return `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
}

/** Every form a JSON encoder of the Windows-event shippers may give one character, the first the usual one. */
function jsonForms(ch: string): readonly string[] {
  if (ch === "\\" || ch === '"') return [`\\${ch}`];
  const code = ch.charCodeAt(0);
  if (code < 0x20) {
    const short = SHORT_ESCAPES[ch];
    if (ch === "\n" || ch === "\r" || ch === "\t") return [short as string];
    return short === undefined ? [unicodeEscape(ch)] : [unicodeEscape(ch), short];
  }
  if (ch === "<" || ch === ">" || ch === "&" || ch === "\u2028" || ch === "\u2029") return [ch, unicodeEscape(ch)];
  return [ch];
}

/** The text of a quoted logfmt value: `\` `"` and control characters escaped. */
function logfmtQuoted(text: string): string {
  let out = "";
  for (const ch of text) {
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n" || ch === "\r" || ch === "\t") out += SHORT_ESCAPES[ch] as string;
    else if (ch.charCodeAt(0) < 0x20) out += unicodeEscape(ch);
    else out += ch;
  }
  return out;
}

/**
 * The characters an encoding may write otherwise than as themselves: for JSON those `jsonForms`
 * gives another form, for logfmt those a quoted value escapes.
 */
const ESCAPED: Readonly<Record<LineEncoding, RegExp>> = {
  json: /[\\"\u0000-\u001f<>&\u2028\u2029]/,
  logfmt: /[\\"\u0000-\u001f]/,
};

/** True when the encoding writes `text` only as `text` itself (nothing to escape). */
export function encodesAsItself(text: string, encoding: LineEncoding | undefined): boolean {
  return encoding === undefined || !ESCAPED[encoding].test(text);
}

/**
 * The one text a line holds for `text` when the encoding leaves it no choice (a plain line filter
 * can search it), else undefined. Only JSON ever has one: logfmt may quote a value or not.
 */
export function soleEncodedText(text: string, encoding: LineEncoding | undefined): string | undefined {
  if (encodesAsItself(text, encoding)) return text;
  if (encoding !== "json") return undefined;
  let out = "";
  for (const ch of text) {
    const forms = jsonForms(ch);
    if (forms.length > 1) return undefined;
    out += forms[0] as string;
  }
  return out;
}

/**
 * A regex (Python-escaped text, as every other regex of the backend) matching each form the
 * encoding may give `text`: JSON character by character (`(?:<|\\u003c)`), logfmt the text as
 * it is or quoted-and-escaped (`(?:C:\\x|C:\\\\x)`).
 */
export function encodedTextRegex(text: string, encoding: LineEncoding | undefined): string {
  if (encodesAsItself(text, encoding)) return pythonReEscape(text);
  if (encoding === "logfmt") return `(?:${pythonReEscape(text)}|${pythonReEscape(logfmtQuoted(text))})`;
  let out = "";
  for (const ch of text) {
    const forms = jsonForms(ch).map(pythonReEscape);
    out += forms.length === 1 ? (forms[0] as string) : `(?:${forms.join("|")})`;
  }
  return out;
}
