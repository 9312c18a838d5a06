/**
 * Python's `difflib.SequenceMatcher(None, a, b).find_longest_match(...)` on strings, including
 * the "autojunk" heuristic (for `b` of 200+ characters, characters occurring more than
 * `len(b) // 100 + 1` times are not used to start matches). The reference backend picks its
 * inferred line filter with it, so ties and autojunk must behave exactly the same.
 */

/** A match: `a[a:a+size] == b[b:b+size]`. */
export interface Match {
  readonly a: number;
  readonly b: number;
  readonly size: number;
}

/** `SequenceMatcher(None, a, b)` over code points (as Python indexes strings). */
export class SequenceMatcher {
  private readonly a: readonly string[];
  private readonly b: readonly string[];
  private readonly b2j = new Map<string, number[]>();

  constructor(a: string, b: string, autojunk = true) {
    this.a = Array.from(a);
    this.b = Array.from(b);
    this.b.forEach((c, j) => {
      const list = this.b2j.get(c);
      if (list) list.push(j);
      else this.b2j.set(c, [j]);
    });
    const n = this.b.length;
    if (autojunk && n >= 200) {
      const ntest = Math.floor(n / 100) + 1;
      for (const [c, idxs] of [...this.b2j]) if (idxs.length > ntest) this.b2j.delete(c);
    }
  }

  /** Code-point length of `a`. */
  get lengthA(): number {
    return this.a.length;
  }

  /** Code-point length of `b`. */
  get lengthB(): number {
    return this.b.length;
  }

  /** Longest matching block in `a[alo:ahi]` and `b[blo:bhi]` (earliest in `a`, then in `b`). */
  findLongestMatch(alo = 0, ahi = this.a.length, blo = 0, bhi = this.b.length): Match {
    const { a, b } = this;
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of this.b2j.get(a[i] as string) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // No junk function: extend over equal neighbours (popular characters included), as Python does.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    return { a: besti, b: bestj, size: bestsize };
  }
}

/**
 * The longest common substring of all values as the reference computes it: each further value is
 * matched (as `a`) against the first value (as `b`), inside the region of the first value matched
 * before. Empty when none.
 */
export function longestCommonSubstring(values: readonly string[]): string {
  const first = values[0];
  if (first === undefined) return "";
  const chars = Array.from(first);
  let start = 0;
  let end = chars.length;
  for (const value of values.slice(1)) {
    const m = new SequenceMatcher(value, first).findLongestMatch(0, Array.from(value).length, start, end);
    start = m.b;
    end = m.b + m.size;
  }
  return chars.slice(start, end).join("");
}
