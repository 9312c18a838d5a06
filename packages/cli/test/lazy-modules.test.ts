/**
 * The bundle loads the template engine and RE2 on first use (scripts/bundle.mjs): both must still
 * work when a run needs them.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIX, sigma } from "./helpers.js";

describe("modules loaded on first use", () => {
  it("renders a template postprocessing item (nunjucks)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigma-lazy-"));
    const pipeline = join(dir, "template.yml");
    writeFileSync(pipeline, "name: t\npostprocessing:\n  - type: template\n    template: '{{ rule.title | upper }}: {{ query }}'\n");
    const r = await sigma(["convert", "-t", "loki", "-p", pipeline, join(FIX, "rules/proc_httpd_cmd.yml")]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[A-Z0-9 ,.()'-]+: \{/);
  });

  it("checks a regex the quick scan leaves to RE2 (re2js), and rejects one RE2 refuses", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigma-lazy-"));
    const rule = (re: string): string =>
      `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    CommandLine|re: '${re}'\n  condition: sel\n`;
    writeFileSync(join(dir, "ok.yml"), rule("[a-z]{2,3}\\d"));
    writeFileSync(join(dir, "bad.yml"), rule("(a)\\1"));
    const ok = await sigma(["convert", "-t", "loki", join(dir, "ok.yml")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[a-z]{2,3}\\d");
    const bad = await sigma(["convert", "-t", "loki", join(dir, "bad.yml")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("not supported by Loki (RE2 syntax");
  });
});
