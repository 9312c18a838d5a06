/**
 * File-name patterns for `-P/--file-pattern`, matched the way sigma-cli's recursive `**\/<pattern>`
 * glob matches: per path segment, `*` and `?` never cross `/`, `[abc]` / `[!abc]` / `[a-z]` classes
 * (fnmatch's rules: a leading `]` is literal, an unclosed `[` is literal), case-sensitive, hidden
 * files included. A pattern with `/` matches the last segments of the path.
 *
 * The pattern is the user's, so it is matched without a backtracking regex: a segment is matched with
 * the greedy-star algorithm (time bounded by pattern × name length) and `**` positions are memoised.
 */

type Token =
  | { readonly kind: "star" }
  | { readonly kind: "one" }
  | { readonly kind: "literal"; readonly char: string }
  | { readonly kind: "class"; readonly negate: boolean; readonly ranges: readonly (readonly [number, number])[] };

function classToken(chars: readonly string[], open: number): { token: Token; next: number } | undefined {
  let j = open + 1;
  const negate = chars[j] === "!";
  if (negate) j++;
  if (chars[j] === "]") j++; // a leading `]` belongs to the class
  const close = chars.indexOf("]", j);
  if (close === -1) return undefined;
  const body = chars.slice(open + 1 + (negate ? 1 : 0), close);
  const ranges: [number, number][] = [];
  for (let k = 0; k < body.length; k++) {
    const low = body[k]!.codePointAt(0)!;
    if (body[k + 1] === "-" && k + 2 < body.length) {
      const high = body[k + 2]!.codePointAt(0)!;
      if (low <= high) ranges.push([low, high]); // fnmatch drops reversed ranges
      k += 2;
    } else ranges.push([low, low]);
  }
  return { token: { kind: "class", negate, ranges }, next: close + 1 };
}

function tokenize(segment: string): Token[] {
  const chars = Array.from(segment);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i]!;
    const cls = ch === "[" ? classToken(chars, i) : undefined;
    if (ch === "*") {
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
      i++;
    } else if (ch === "?") {
      tokens.push({ kind: "one" });
      i++;
    } else if (cls !== undefined) {
      tokens.push(cls.token);
      i = cls.next;
    } else {
      tokens.push({ kind: "literal", char: ch });
      i++;
    }
  }
  return tokens;
}

function matchesOne(token: Token, char: string): boolean {
  switch (token.kind) {
    case "one":
      return true;
    case "literal":
      return token.char === char;
    case "class": {
      const cp = char.codePointAt(0)!;
      return token.ranges.some(([low, high]) => cp >= low && cp <= high) !== token.negate;
    }
    case "star":
      return false;
  }
}

/** Greedy star matching: on a mismatch, only the last star is widened, so no exponential search. */
function matchSegment(tokens: readonly Token[], name: string): boolean {
  const chars = Array.from(name);
  let t = 0;
  let c = 0;
  let starToken = -1;
  let starChar = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token?.kind === "star") {
      starToken = t++;
      starChar = c;
    } else if (token !== undefined && matchesOne(token, chars[c]!)) {
      t++;
      c++;
    } else if (starToken !== -1) {
      t = starToken + 1;
      c = ++starChar;
    } else return false;
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

/** A compiled file pattern. */
export interface FilePattern {
  /** Whether a path relative to the searched directory (`/`-separated) matches. */
  matches(relativePath: string): boolean;
}

/** Compiles `pattern` as the tail of `**\/<pattern>`. */
export function compilePattern(pattern: string): FilePattern {
  const parts = pattern.split("/").filter((p) => p !== "");
  // The leading `**` lets the pattern start at any depth; null stands for `**`.
  const compiled = [null, ...parts.map((p) => (p === "**" ? null : tokenize(p)))];
  return {
    matches(relativePath: string): boolean {
      const segs = relativePath.split("/");
      const memo = new Map<number, boolean>();
      const match = (pi: number, si: number): boolean => {
        if (pi === compiled.length) return si === segs.length;
        const key = pi * (segs.length + 1) + si;
        const known = memo.get(key);
        if (known !== undefined) return known;
        const tokens = compiled[pi]!;
        let result = false;
        if (tokens === null) {
          for (let k = si; k <= segs.length && !result; k++) result = match(pi + 1, k);
        } else result = si < segs.length && matchSegment(tokens, segs[si]!) && match(pi + 1, si + 1);
        memo.set(key, result);
        return result;
      };
      return match(0, 0);
    },
  };
}
