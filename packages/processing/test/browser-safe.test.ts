/** The library must run in a browser: no Node built-ins, `process` or `Buffer` in src. */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const srcDir = new URL("../src/", import.meta.url);

function sourceFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(new URL(`${e.name}/`, dir)) : e.name.endsWith(".ts") ? [new URL(e.name, dir)] : [],
  );
}

describe("browser safety", () => {
  const files = sourceFiles(srcDir);
  it("finds the sources", () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it.each(files.map((f) => [f.pathname.split("/src/")[1] ?? "", f] as const))("%s uses no Node built-ins", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/from\s+["']node:|require\(|\bprocess\.(env|cwd|argv)|\bBuffer\./);
    expect(text).not.toMatch(/from\s+["'](fs|path|os|child_process|http|https|url)["']/);
  });
});
