import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FLOOR_SCRIPT } from "./cli.js";

const dir = mkdtempSync(join(tmpdir(), "bench-floor-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runFloor(...args: string[]): Record<string, number> {
  const child = spawnSync(process.execPath, [FLOOR_SCRIPT, ...args], { encoding: "utf8" });
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Record<string, number>;
}

describe("bench floor script", () => {
  mkdirSync(join(dir, "a/b"), { recursive: true });
  writeFileSync(join(dir, "a/one.yml"), "title: one\n---\ntitle: two\n");
  writeFileSync(join(dir, "a/b/two.yml"), "title: three\n");
  writeFileSync(join(dir, "a/b/broken.yml"), "title: [unclosed\n");
  writeFileSync(join(dir, "a/notes.txt"), "not a rule\n");

  it("walks, reads and parses every .yml file below the roots, broken ones included", () => {
    const report = runFloor(join(dir, "a"));
    expect(report["files"]).toBe(3);
    expect(report["documents"]).toBe(3);
    for (const key of ["walkMs", "readMs", "yamlMs"]) expect(report[key]).toBeGreaterThanOrEqual(0);
  });

  it("stops after reading with --no-yaml", () => {
    const report = runFloor("--no-yaml", join(dir, "a"));
    expect(report["files"]).toBe(3);
    expect(report["documents"]).toBe(0);
    expect(report["yamlMs"]).toBe(0);
  });
});
