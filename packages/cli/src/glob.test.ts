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
