/**
 * File-name patterns for `-P/--file-pattern`, matched the way sigma-cli's recursive `**\/<pattern>`
 * glob matches: per path segment, `*` and `?` never cross `/`, `[abc]` / `[!abc]` classes,
 * case-sensitive, hidden files included. A pattern with `/` matches the last segments of the path.
 */

function segmentRegex(segment: string): RegExp {
  let re = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const end = segment.indexOf("]", i + 2);
      if (end === -1) re += "\\[";
      else {
        let body = segment.slice(i + 1, end);
        const negate = body.startsWith("!");
        if (negate) body = body.slice(1);
        re += `[${negate ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
        i = end;
      }
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "s");
}

/** A compiled file pattern. */
export interface FilePattern {
  /** Whether a path relative to the searched directory (`/`-separated) matches. */
  matches(relativePath: string): boolean;
}

/** Compiles `pattern` as the tail of `**\/<pattern>`. */
export function compilePattern(pattern: string): FilePattern {
  const parts = pattern.split("/").filter((p) => p !== "");
  const compiled = parts.map((p) => (p === "**" ? null : segmentRegex(p)));
  const match = (pi: number, segs: string[], si: number): boolean => {
    if (pi === compiled.length) return si === segs.length;
    const re = compiled[pi];
    if (re === null) {
      for (let k = si; k <= segs.length; k++) if (match(pi + 1, segs, k)) return true;
      return false;
    }
    return si < segs.length && re!.test(segs[si]!) && match(pi + 1, segs, si + 1);
  };
  return {
    matches(relativePath: string): boolean {
      const segs = relativePath.split("/");
      // The leading `**/` lets the pattern start at any depth.
      for (let start = 0; start < segs.length; start++) if (match(0, segs, start)) return true;
      return false;
    },
  };
}
