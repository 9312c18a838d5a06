/**
 * Issue 9 "done when": over the whole corpus in the default configuration, no label-filter regex
 * is left that neither anchors nor wraps a side (`^…`/`.*…` and `…$`/`….*`) — such a regex would
 * only match whole values in Loki where Sigma means a search.
 */
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { convertFile, FIXTURES } from "../helpers/conformance.js";
import { parseLogQuery, type LabelFilter } from "./logql.js";

const FLAGS = /^(?:\(\?[a-zA-Z]+\))+/;

/** True if a `|` sits outside groups and classes (then `^`/`.*` at the ends bind to one branch only). */
function topLevelBar(re: string): boolean {
  let depth = 0;
  let cls = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === "\\") i++;
    else if (cls) cls = c !== "]";
    else if (c === "[") {
      cls = true;
      if (re[i + 1] === "^") i++;
      if (re[i + 1] === "]") i++;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

function escapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === "\\"; j--) n++;
  return n % 2 === 1;
}

/** Whether a label-filter regex states both ends: anchored (`^`, `$`) or wrapped (`.*`, `(?s:.*)`). */
export function statesBothEnds(pattern: string): boolean {
  const body = pattern.replace(FLAGS, "");
  if (topLevelBar(body)) return false;
  const left = body.startsWith("^") || body.startsWith(".*") || body.startsWith("(?s:.*)");
  const right =
    (body.endsWith("$") && !escapedAt(body, body.length - 1)) ||
    (body.endsWith(".*") && !escapedAt(body, body.length - 2)) ||
    body.endsWith("(?s:.*)");
  return left && right;
}

function labelRegexes(f: LabelFilter): string[] {
  if (f.kind === "and" || f.kind === "or") return [...labelRegexes(f.left), ...labelRegexes(f.right)];
  return f.kind === "string" && (f.op === "=~" || f.op === "!~") ? [f.value] : [];
}

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return ruleFiles(p);
    return name.endsWith(".yml") ? [p] : [];
  });
}

describe("the check itself", () => {
  it.each([
    ["(?i)^foo$", true], ["(?i).*foo.*", true], [".*(?:a|b).*", true], ["^a\\$.*", true],
    ["foo", false], ["\\s-H\\s", false], [".*a|b.*", false], ["^foo", false], [".*foo\\$", false], [".*foo\\.*", false],
  ])("%s → %s", (re, ok) => {
    expect(statesBothEnds(re)).toBe(ok);
  });
});

describe("corpus, default configuration", () => {
  it("has no label-filter regex that is neither anchored nor wrapped", () => {
    const root = fileURLToPath(new URL("corpus/sigma/", FIXTURES));
    const fixturesRoot = fileURLToPath(FIXTURES);
    let regexes = 0;
    let queries = 0;
    const bad: string[] = [];
    for (const file of ruleFiles(root)) {
      const out = convertFile(relative(fixturesRoot, file));
      if (!("queries" in out)) continue;
      for (const q of out.queries) {
        if (!q.startsWith("{")) continue; // correlation metric queries hold their rule's log query
        queries++;
        for (const s of parseLogQuery(q).stages) {
          if (s.kind !== "label_filter") continue;
          for (const re of labelRegexes(s.filter)) {
            regexes++;
            if (!statesBothEnds(re)) bad.push(`${relative(root, file)}: ${re}`);
          }
        }
      }
    }
    console.info(`corpus: ${queries} log queries, ${regexes} label-filter regexes, ${bad.length} neither anchored nor wrapped`);
    expect(queries).toBeGreaterThan(3000);
    expect(bad).toEqual([]);
  });
});
