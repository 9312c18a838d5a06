/**
 * Python `re.sub` replacement templates: `\1`…`\99`, `\g<1>`, `\g<name>` insert groups; `\n`, `\t`,
 * `\\` and the other character escapes insert characters; an unknown escape of another character
 * stays as written (backslash included), as in Python.
 */
import { UnsupportedRegexError } from "./translate.js";

/** A parsed template: literal text and group numbers, in order. */
export type ReplacementPart = string | { readonly group: number };

const CHARACTER: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", a: "\x07", b: "\b", "\\": "\\" };

/**
 * Parses a template against a compiled pattern's groups (`count` numbered, `names` → number).
 * @throws UnsupportedRegexError for a reference to a group the pattern does not have, or a bad escape.
 */
export function parseReplacement(
  template: string,
  count: number,
  names: Readonly<Record<string, number>>,
): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let text = "";
  const group = (n: number, written: string): void => {
    if (n > count) throw new UnsupportedRegexError(`invalid group reference ${written} in the replacement (the pattern has ${count} groups)`);
    if (text) parts.push(text);
    text = "";
    parts.push({ group: n });
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c !== "\\") {
      text += c;
      continue;
    }
    const rest = template.slice(i + 1);
    const named = /^g<([^>]*)>/.exec(rest);
    const octal = /^(?:0[0-7]{0,2}|[0-3][0-7]{2})/.exec(rest);
    const number = /^[1-9]\d?/.exec(rest);
    if (named) {
      const ref = named[1] as string;
      const n = /^\d+$/.test(ref) ? Number(ref) : names[ref];
      if (n === undefined) throw new UnsupportedRegexError(`unknown group name '${ref}' in the replacement`);
      group(n, `\\g<${ref}>`);
      i += named[0].length;
    } else if (rest.startsWith("g")) {
      throw new UnsupportedRegexError("missing < after \\g in the replacement");
    } else if (octal) {
      text += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
    } else if (number) {
      group(Number(number[0]), `\\${number[0]}`);
      i += number[0].length;
    } else if (rest[0] !== undefined && CHARACTER[rest[0]] !== undefined) {
      text += CHARACTER[rest[0]];
      i++;
    } else if (rest[0] !== undefined && /[A-Za-z]/.test(rest[0])) {
      throw new UnsupportedRegexError(`bad escape \\${rest[0]} in the replacement`);
    } else {
      text += "\\";
    }
  }
  if (text) parts.push(text);
  return parts;
}
