/** The library runs in browsers: no Node built-ins in non-test sources. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sources(full, out);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

describe("browser compatibility", () => {
  it("no source imports Node built-ins or uses Buffer/process", () => {
    const offending = sources(SRC).filter((file) => {
      const text = readFileSync(file, "utf8");
      return /from\s+["']node:|require\(|\bBuffer\.|\bprocess\.(?:env|argv|cwd|exit)/.test(text);
    });
    expect(offending).toEqual([]);
  });
});
