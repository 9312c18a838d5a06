/**
 * Regular expressions from pipelines (Python `re` syntax), run on RE2 (re2js): matching takes time
 * linear in the text, whatever the pattern, so a pipeline cannot hang a conversion (`(a+)+$` on a
 * long value used to). A pattern that needs backtracking (lookaround, backreferences) is refused
 * when the pipeline is read, with the parameter's location.
 */
import { RE2JS } from "re2js";
import type { Params } from "../params.js";
import { parseReplacement } from "./replacement.js";
import type { ReplacementPart } from "./replacement.js";
import { UnsupportedRegexError, pythonToRe2 } from "./translate.js";

export { UnsupportedRegexError, pythonToRe2 } from "./translate.js";

/** A compiled pipeline regex with Python's `re` operations. */
export interface PythonRegex {
  /** The pattern as written. */
  readonly pattern: string;
  /** `re.search`: a match anywhere. */
  search(text: string): boolean;
  /** `re.match`: a match at the start. */
  match(text: string): boolean;
  /** `re.fullmatch`: the named groups that took part in a match of the whole text, or undefined. */
  fullmatch(text: string): Record<string, string> | undefined;
  /** A `re.sub` with a Python replacement template (`\1`, `\g<name>`), checked against the groups now. */
  replacer(template: string): (text: string) => string;
}

/** Compiling takes about a millisecond; pipelines loaded again (playground, tests) reuse the result. */
const CACHE_LIMIT = 1_000;
const cache = new Map<string, PythonRegex>();

/**
 * Compiles a Python regular expression for RE2.
 * @throws UnsupportedRegexError (with the reason) when RE2 cannot run it or it is not valid.
 */
export function compilePythonRegex(pattern: string): PythonRegex {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: string): PythonRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pythonToRe2(pattern));
  } catch (e) {
    if (e instanceof UnsupportedRegexError) throw e;
    throw new UnsupportedRegexError((e as Error).message.replace(/^error parsing regexp: /, ""));
  }
  const names = re.namedGroups();
  const count = re.groupCount();
  return {
    pattern,
    search: (text) => re.test(text),
    match: (text) => re.matcher(text).lookingAt(),
    fullmatch(text) {
      const m = re.matcher(text);
      if (!m.matches()) return undefined;
      const groups: Record<string, string> = {};
      for (const name of Object.keys(names)) {
        const value = m.group(name);
        if (value !== null) groups[name] = value;
      }
      return groups;
    },
    replacer(template) {
      const parts = parseReplacement(template, count, names);
      return (text) =>
        re.matcher(text).replaceAll((match: string, ...args: unknown[]) => substitute(parts, match, args));
    },
  };
}

/** The replacement for one match: `args` are the groups (1…n, null when unmatched) then offset and input. */
function substitute(parts: readonly ReplacementPart[], match: string, args: readonly unknown[]): string {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") out += part;
    else if (part.group === 0) out += match;
    else {
      const value = args[part.group - 1];
      out += typeof value === "string" ? value : "";
    }
  }
  return out;
}

/**
 * The regular expression in parameter `key` (or each of a list), compiled; a pattern RE2 cannot
 * run is a configuration error at the parameter naming the pattern and the reason.
 */
export function regexParameter(p: Params, key: string, pattern = p.string(key)): PythonRegex {
  try {
    return compilePythonRegex(pattern);
  } catch (e) {
    if (!(e instanceof UnsupportedRegexError)) throw e;
    throw p.error(key, `is the regular expression '${pattern}', which cannot be used: ${e.message}`);
  }
}

/** A replacement template for `regex`, checked against its groups; errors are located at parameter `key`. */
export function replacementParameter(p: Params, key: string, regex: PythonRegex): (text: string) => string {
  try {
    return regex.replacer(p.string(key));
  } catch (e) {
    if (!(e instanceof UnsupportedRegexError)) throw e;
    throw p.error(key, `cannot be used: ${e.message}`);
  }
}
