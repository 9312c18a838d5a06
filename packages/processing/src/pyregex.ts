/**
 * Pipelines are written for Python's `re`; this turns the common Python-only syntax into
 * JavaScript: named groups `(?P<n>…)`, backreferences `(?P=n)`, `\A`/`\Z`, and leading inline
 * flags `(?ims)`. Replacement strings (`\1`, `\g<name>`) are converted too.
 */
import { SigmaConfigurationError } from "@sigma/core";
import type { SourceLocation } from "@sigma/core";

/** Compiles a Python regular expression; `mode` wraps it for `match` (anchored at start) or `fullmatch`. */
export function pythonRegExp(
  pattern: string,
  options: { global?: boolean; mode?: "search" | "match" | "fullmatch"; location?: SourceLocation } = {},
): RegExp {
  let source = pattern;
  let flags = "u";
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1] as string) if ("ims".includes(f) && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, "(?<$1>")
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, "\\k<$1>")
    .replace(/\\A/g, "^")
    .replace(/\\Z/g, "$");
  if (options.mode === "match") source = `^(?:${source})`;
  if (options.mode === "fullmatch") source = `^(?:${source})$`;
  if (options.global) flags += "g";
  try {
    return new RegExp(source, flags);
  } catch {
    try {
      // Python accepts escapes that unicode-mode JavaScript rejects (e.g. `\-` outside classes).
      return new RegExp(source, flags.replace("u", ""));
    } catch (e) {
      throw new SigmaConfigurationError(
        `Invalid regular expression '${pattern}': ${(e as Error).message}`,
        options.location,
      );
    }
  }
}

/** Converts a Python `re.sub` replacement string to a JavaScript replacement string. */
export function pythonReplacement(replacement: string): string {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === "$") {
      out += "$$";
    } else if (c === "\\" && i + 1 < replacement.length) {
      const rest = replacement.slice(i + 1);
      const group = /^g<([A-Za-z_][A-Za-z0-9_]*|\d+)>/.exec(rest);
      const num = /^\d{1,2}/.exec(rest);
      if (group) {
        const name = group[1] as string;
        out += /^\d+$/.test(name) ? `$${name}` : `$<${name}>`;
        i += group[0].length;
      } else if (num) {
        out += `$${num[0]}`;
        i += num[0].length;
      } else {
        const next = rest[0] as string;
        const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\" };
        out += escapes[next] ?? "\\" + next;
        i++;
      }
    } else {
      out += c;
    }
  }
  return out;
}
