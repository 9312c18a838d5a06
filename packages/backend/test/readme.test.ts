/**
 * The README's SPL-like backend runs and writes what the README says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { queries } from "./readme/spl.js";

describe("README example: a small SPL-like backend", () => {
  it("README.md shows the example code verbatim", () => {
    const example = readFileSync(new URL("./readme/spl.ts", import.meta.url), "utf8").split("// --- example ---\n")[1] ?? "";
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(example.trim().length).toBeGreaterThan(500);
    expect(readme).toContain(example.trim());
  });

  it("binds OR tighter than AND, defers the regex and negates it under NOT", () => {
    expect(queries).toEqual([
      'Image="*\\whoami.exe" OR OriginalFileName="whoami.exe" | regex CommandLine="/(all|priv)\\\\s"',
      'Image="*\\whoami.exe" OR OriginalFileName="whoami.exe" AND NOT (User IN ("SYSTEM", "LOCAL SERVICE")) | regex CommandLine!="/(all|priv)\\\\s"',
    ]);
  });
});
