import { describe, expect, it } from "vitest";
import { findLongChains, maskQuoted, MIN_CHAIN_TERMS, skeleton } from "./long-chains.js";
import { validateLogQL } from "./logql.js";

const terms = (n: number): string =>
  Array.from({ length: n }, (_, i) => `Hashes=~\`(?i).*SHA1=${i.toString(16).padStart(8, "0")}.*\``).join(" or ");

describe("long label-filter chains (beyond lezer's stack depth)", () => {
  it("masks quoted strings without moving offsets", () => {
    expect(maskQuoted('a=`x y` and b="p\\"q"')).toBe('a=`xxx` and b="xxxx"');
  });

  it("finds chains and maps skeleton offsets back", () => {
    const query = `{job=~".+"} | json | (${terms(MIN_CHAIN_TERMS + 5)}) and x=\`1\``;
    const chains = findLongChains(query);
    expect(chains).toHaveLength(1);
    expect(chains[0]?.terms).toHaveLength(MIN_CHAIN_TERMS + 5);
    const { text, toQuery } = skeleton(query, chains);
    expect(text).toBe('{job=~".+"} | json | (Hashes=~`(?i).*SHA1=00000000.*`) and x=`1`');
    expect(query.slice(toQuery(text.indexOf("and x")))).toBe("and x=`1`");
  });

  it("accepts a valid 3000-term chain, also as a ruler expression", () => {
    expect(validateLogQL(`{job=~".+"} | json | ${terms(3000)}`)).toEqual([]);
    expect(validateLogQL(`sum(count_over_time({job=~".+"} | json | ${terms(3000)} [1m])) or vector(0) > 0`)).toEqual([]);
  });

  it("still reports a bad term inside a long chain, where it is", () => {
    const query = `{job=~".+"} | json | ${terms(500)} or bad=~\`a(?=b)\` or ${terms(10)}`;
    const problems = validateLogQL(query);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/invalid or unsupported Perl syntax/);
    expect(query.slice(problems[0]?.from, problems[0]?.to)).toBe("`a(?=b)`");
  });

  it("still reports a syntax error outside the chain", () => {
    const problems = validateLogQL(`{job=~".+"} | json | ${terms(500)} | line_format "{{.a"`);
    expect(problems.map((p) => p.message)).toEqual(["invalid template: unclosed action ({{ without }})"]);
  });
});
