/**
 * Syntax check of `re` modifier values. Rules are written for Python's `re`; we translate the
 * Python-only syntax the corpus uses to JavaScript and only COMPILE the result (never execute it),
 * so a pathological pattern cannot hang the parser.
 */
import { SigmaRegularExpressionError } from "../errors.js";
import type { SourceLocation } from "../errors.js";

/** Translates Python regex syntax to an equivalent JavaScript pattern for a syntax check. */
export function pythonRegexToJs(pattern: string): { pattern: string; flags: string } {
  let flags = "";
  let p = pattern;
  // Leading global inline flags `(?aiLmsux)`: JavaScript only has them as RegExp flags.
  const lead = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (lead) {
    const f = lead[1] as string;
    for (const c of "ims") if (f.includes(c)) flags += c;
    p = p.slice(lead[0].length);
  }
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === "\\") {
      const n = p[i + 1];
      if (n === undefined) {
        out += c;
        continue;
      }
      if (!inClass && n === "A") out += "^";
      else if (!inClass && n === "Z") out += "$";
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is literal in Python.
      if (p[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (p[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    // Scoped flags `(?i:...)` / `(?-i:...)`: JavaScript before ES2025 lacks them; the group body
    // is what needs checking.
    const scoped = c === "(" ? /^\(\?[aiLmsux]*(?:-[imsx]+)?:/.exec(p.slice(i)) : null;
    if (scoped && scoped[0] !== "(?:") {
      out += "(?:";
      i += scoped[0].length - 1;
      continue;
    }
    if (c === "(" && p.startsWith("(?#", i)) {
      const end = p.indexOf(")", i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (c === "(" && p.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
      continue;
    }
    if (c === "(" && p.startsWith("(?P=", i)) {
      const end = p.indexOf(")", i);
      if (end > 0) {
        out += `\\k<${p.slice(i + 4, end)}>`;
        i = end;
        continue;
      }
    }
    out += c;
  }
  return { pattern: out, flags };
}

/** Throws SigmaRegularExpressionError if the pattern does not compile. */
export function validateRegex(pattern: string, location?: SourceLocation): void {
  const js = pythonRegexToJs(pattern);
  try {
    new RegExp(js.pattern, js.flags);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new SigmaRegularExpressionError(`Regular expression '${pattern}' is invalid: ${reason}`, location);
  }
}
