/**
 * Query normalisation of the equivalence rule (conformance/README.md): whitespace outside quoted
 * strings (`"…"`, `` `…` ``) is removed and `match_N` / `date_N` labels are renumbered per query
 * in order of first appearance from 0.
 */

/** A piece of a query: text outside quotes, or a quoted string with its quotes. */
export interface QuerySegment {
  readonly quoted: boolean;
  readonly text: string;
}

/** Splits a query into unquoted text and quoted strings (`"` with backslash escapes, `` ` `` raw). */
export function splitQuoted(query: string): QuerySegment[] {
  const segments: QuerySegment[] = [];
  let plain = "";
  for (let i = 0; i < query.length; i++) {
    const ch = query[i] ?? "";
    if (ch !== '"' && ch !== "`") {
      plain += ch;
      continue;
    }
    let end = i + 1;
    while (end < query.length && query[end] !== ch) end += ch === '"' && query[end] === "\\" ? 2 : 1;
    if (plain !== "") segments.push({ quoted: false, text: plain });
    plain = "";
    segments.push({ quoted: true, text: query.slice(i, Math.min(end + 1, query.length)) });
    i = end;
  }
  if (plain !== "") segments.push({ quoted: false, text: plain });
  return segments;
}

const GENERATED_LABEL = /(?<![A-Za-z0-9_])(match|date)_(\d+)(?![A-Za-z0-9_])/g;

/** Removes unquoted whitespace and renumbers `match_N` / `date_N` (outside quotes) from 0. */
export function normalizeQuery(query: string): string {
  const numbers = new Map<string, string>();
  const next = new Map<string, number>();
  return splitQuoted(query)
    .map((segment) => {
      if (segment.quoted) return segment.text;
      // Renumber before removing whitespace: names are delimited by it (`and match_1`).
      return segment.text.replace(GENERATED_LABEL, (_m, prefix: string, n: string) => {
        const key = `${prefix}_${n}`;
        let renumbered = numbers.get(key);
        if (renumbered === undefined) {
          const index = next.get(prefix) ?? 0;
          next.set(prefix, index + 1);
          renumbered = `${prefix}_${index}`;
          numbers.set(key, renumbered);
        }
        return renumbered;
      }).replace(/\s+/g, "");
    })
    .join("");
}

/** Whether two queries are equivalent by the README's rule. */
export function queriesEquivalent(expected: string, actual: string): boolean {
  return expected === actual || normalizeQuery(expected) === normalizeQuery(actual);
}
