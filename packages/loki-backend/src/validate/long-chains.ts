/**
 * Long label-filter chains. The lezer LR parser cuts its stack at a fixed depth (about 370
 * `a=… or b=…` terms), so a long but valid chain would show up as syntax errors that Loki's own
 * parser does not report. Such chains are validated in two steps instead: the query with every
 * long chain collapsed to its first term (the "skeleton"), and each term on its own.
 */

/** A run of simple label filters joined by `and` / `or`, at `from`..`to` in the query. */
export interface Chain {
  readonly from: number;
  readonly to: number;
  /** Each term's start and end. */
  readonly terms: readonly { readonly from: number; readonly to: number }[];
}

/** Chains shorter than this are left to the grammar. */
export const MIN_CHAIN_TERMS = 100;

/** The query with the contents of quoted strings replaced by `x` (same length, offsets kept). */
export function maskQuoted(query: string): string {
  let out = "";
  for (let i = 0; i < query.length; i++) {
    const ch = query[i] ?? "";
    if (ch !== '"' && ch !== "`") {
      out += ch;
      continue;
    }
    let end = i + 1;
    while (end < query.length && query[end] !== ch) end += ch === '"' && query[end] === "\\" ? 2 : 1;
    end = Math.min(end, query.length - 1);
    out += ch + "x".repeat(Math.max(0, end - i - 1)) + (end > i ? query[end] ?? "" : "");
    i = end;
  }
  return out;
}

const TERM = String.raw`[A-Za-z_][A-Za-z0-9_]*\s*(?:=~|!~|!=|>=|<=|==|=|>|<)\s*(?:\x60x*\x60|"x*"|-?[0-9][0-9.]*[a-zA-Z]*|ip\(\s*"x*"\s*\))`;
const CHAIN = new RegExp(`${TERM}(?:\\s+(?:or|and)\\s+${TERM})+`, "g");
const SINGLE_TERM = new RegExp(TERM, "g");

/** Runs of at least {@link MIN_CHAIN_TERMS} simple label filters. */
export function findLongChains(query: string): Chain[] {
  const masked = maskQuoted(query);
  const chains: Chain[] = [];
  for (const match of masked.matchAll(CHAIN)) {
    const from = match.index;
    const text = match[0];
    const terms = [...text.matchAll(SINGLE_TERM)].map((t) => ({ from: from + t.index, to: from + t.index + t[0].length }));
    if (terms.length >= MIN_CHAIN_TERMS) chains.push({ from, to: from + text.length, terms });
  }
  return chains;
}

/** The query with each chain replaced by its first term, and a map from skeleton offsets back. */
export function skeleton(query: string, chains: readonly Chain[]): { text: string; toQuery: (offset: number) => number } {
  let text = "";
  let last = 0;
  // Pairs (skeleton offset, query offset) where the two texts line up again.
  const anchors: { skeleton: number; query: number }[] = [{ skeleton: 0, query: 0 }];
  for (const chain of chains) {
    const first = chain.terms[0];
    if (first === undefined) continue;
    text += query.slice(last, chain.from);
    anchors.push({ skeleton: text.length, query: chain.from });
    text += query.slice(first.from, first.to);
    last = chain.to;
    anchors.push({ skeleton: text.length, query: last });
  }
  text += query.slice(last);
  const toQuery = (offset: number): number => {
    let anchor = anchors[0] ?? { skeleton: 0, query: 0 };
    for (const a of anchors) if (a.skeleton <= offset) anchor = a;
    return anchor.query + (offset - anchor.skeleton);
  };
  return { text, toQuery };
}
