/**
 * Checks that a regular expression compiles with RE2, the engine Loki uses. The check only
 * compiles the pattern (re2js, a pure-JS RE2 port): rule regexes are never run on a backtracking
 * engine.
 */
import { RE2JS } from "re2js";

/** Returns RE2's complaint about the pattern, or `undefined` when RE2 accepts it. */
export function re2Problem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
