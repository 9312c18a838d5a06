import { describe, expect, it } from "vitest";
import { compilePattern } from "./glob.js";

// Semantics: spec/sigma-cli.md §3.3 (recursive `**/<pattern>`, case-sensitive, hidden files included).
describe("file patterns", () => {
  it("matches at any depth, case-sensitively", () => {
    const p = compilePattern("*.yml");
    expect(p.matches("a.yml")).toBe(true);
    expect(p.matches("x/y/a.yml")).toBe(true);
    expect(p.matches(".a.yml")).toBe(true);
    expect(p.matches(".x/a.yml")).toBe(true);
    expect(p.matches("b.YML")).toBe(false);
    expect(p.matches("c.yaml")).toBe(false);
  });

  it("supports '/' in the pattern, '?' and character classes", () => {
    const p = compilePattern("windows/*.yml");
    expect(p.matches("rules/windows/a.yml")).toBe(true);
    expect(p.matches("windows/a.yml")).toBe(true);
    expect(p.matches("rules/linux/a.yml")).toBe(false);
    expect(compilePattern("r?.yml").matches("r1.yml")).toBe(true);
    expect(compilePattern("[ab]*.yml").matches("b.yml")).toBe(true);
    expect(compilePattern("[!ab]*.yml").matches("b.yml")).toBe(false);
  });
});

describe("file patterns are matched in bounded time (the pattern is the user's)", () => {
  it("many stars against a long name that almost matches (a backtracking regex takes minutes)", () => {
    const pattern = compilePattern(`${"*a".repeat(20)}*b`);
    const name = "a".repeat(250);
    const started = performance.now();
    expect(pattern.matches(`x/${name}`)).toBe(false);
    expect(pattern.matches(`x/${name}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("many ** segments against a deep path", () => {
    const pattern = compilePattern(`${"**/".repeat(12)}z.yml`);
    const deep = Array.from({ length: 40 }, (_, i) => `d${i}`).join("/");
    const started = performance.now();
    expect(pattern.matches(`${deep}/a.yml`)).toBe(false);
    expect(pattern.matches(`${deep}/z.yml`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("keeps fnmatch's classes: ranges, a leading ']' and an unclosed '['", () => {
    expect(compilePattern("[a-c]x.yml").matches("bx.yml")).toBe(true);
    expect(compilePattern("[a-c]x.yml").matches("dx.yml")).toBe(false);
    expect(compilePattern("[!a-c]x.yml").matches("dx.yml")).toBe(true);
    expect(compilePattern("[]]x.yml").matches("]x.yml")).toBe(true);
    expect(compilePattern("[x.yml").matches("[x.yml")).toBe(true);
    expect(compilePattern("?.yml").matches("é.yml")).toBe(true);
    expect(compilePattern("a*").matches("a\nb")).toBe(true);
  });
});
