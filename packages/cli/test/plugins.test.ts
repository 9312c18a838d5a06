import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIX, sigma } from "./helpers.js";

describe("plugins", () => {
  it("loads a plugin module given with --plugin", async () => {
    const plugin = join(FIX, "plugins/echo-plugin.mjs");
    const list = await sigma(["list", "targets", "--plugin", plugin]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\| echo +\| Echo titles +\| No +\| echo +\|/);
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-O", "prefix=>> ", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(">> Test rule\n");
  });

  it("discovers packages with the sigma-plugin keyword in the nearest node_modules", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigma-plugins-"));
    const pkg = join(dir, "node_modules", "sigma-echo");
    await mkdir(pkg, { recursive: true });
    await cp(join(FIX, "plugins/echo-plugin.mjs"), join(pkg, "index.mjs"));
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "sigma-echo", type: "module", main: "index.mjs", keywords: ["sigma-plugin"] }));
    const other = join(dir, "node_modules", "not-a-plugin");
    await mkdir(other, { recursive: true });
    await writeFile(join(other, "package.json"), JSON.stringify({ name: "not-a-plugin", main: "missing.js" }));
    const r = await sigma(["list", "targets"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| echo +\|/);
    expect(r.stdout).toMatch(/\| loki +\|/);
  });

  it("reports a --plugin module that does not exist", async () => {
    const r = await sigma(["list", "targets", "--plugin", "./nope.mjs"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: Plugin module './nope.mjs' not found");
  });
});
