/**
 * The bundle loads the template engine and RE2 on first use (scripts/bundle.mjs): both must still
 * work when a run needs them. Node's net, tty and child_process are loaded on first use too: a
 * run over regular files loads none of them (FIFOs, terminals and external commands, which need
 * them, are tested where they are used).
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, FIX, sigma } from "./helpers.js";

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

  it("loads neither node:net, node:tty nor node:child_process for a run over regular files", async () => {
    // Node itself loads net for a standard stream that is a pipe and tty for a terminal: the run's
    // standard streams are regular files here.
    const dir = mkdtempSync(join(tmpdir(), "sigma-lazy-"));
    const preload = join(dir, "built-ins.cjs");
    // At exit, the built-in modules the process loaded (Node's list), on stderr.
    writeFileSync(
      preload,
      'process.on("exit", () => require("fs").writeSync(2, `built-ins: ${process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)).join(" ")}\\n`));\n',
    );
    writeFileSync(join(dir, "stdin"), "");
    const stdio = [openSync(join(dir, "stdin"), "r"), openSync(join(dir, "stdout"), "w"), openSync(join(dir, "stderr"), "w")];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--require", preload, BIN, "convert", "-t", "loki", join(FIX, "rules/proc_httpd_cmd.yml")], {
        stdio,
        env: { ...process.env, NO_COLOR: "1" },
      });
      child.on("error", reject);
      child.on("close", resolve);
    });
    for (const fd of stdio) closeSync(fd);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "stdout"), "utf8")).toContain("httpd");
    const loaded = /^built-ins: (.*)$/m.exec(readFileSync(join(dir, "stderr"), "utf8"))?.[1]?.split(" ");
    expect(loaded).toContain("fs");
    expect(loaded).not.toContain("net");
    expect(loaded).not.toContain("tty");
    expect(loaded).not.toContain("child_process");
  });
});
