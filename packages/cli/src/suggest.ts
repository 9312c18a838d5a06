/**
 * "Did you mean" suggestions, scored like Python's difflib (`get_close_matches`, cutoff 0.6), which
 * click uses for unknown commands and options.
 */

/** Number of characters in matching blocks (longest common substring, recursively left and right). */
function matchingChars(a: string, b: string): number {
  if (!a || !b) return 0;
  let best = 0;
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) {
        best = k;
        ai = i;
        bi = j;
      }
    }
  }
  if (best === 0) return 0;
  return best + matchingChars(a.slice(0, ai), b.slice(0, bi)) + matchingChars(a.slice(ai + best), b.slice(bi + best));
}

/** Similarity in [0, 1]: twice the matching characters over the total length. */
export function similarity(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingChars(a, b)) / total;
}

/** Up to `n` candidates scoring at least `cutoff`, best first. */
export function closeMatches(word: string, candidates: readonly string[], n = 3, cutoff = 0.6): string[] {
  return candidates
    .map((c) => ({ c, s: similarity(word, c) }))
    .filter((x) => x.s >= cutoff)
    .sort((x, y) => y.s - x.s)
    .slice(0, n)
    .map((x) => x.c);
}
