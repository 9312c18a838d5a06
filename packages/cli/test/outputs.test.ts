/**
 * Output never replaces what the user named (issue 16): regular files are replaced atomically
 * and keep their mode and owner; a symbolic link's target is written and the link stays; a FIFO
 * is written through; an output that is also an input, or two inputs with one output file, is a
 * usage error before anything is written; one output file that cannot be written does not stop
 * the others. Devices are never written to by these tests (a FIFO stands in for one).
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIX, sigma, usageError } from "./helpers.js";

const RULE = readFileSync(join(FIX, "rules/proc_httpd_cmd.yml"), "utf8");
const QUERY = "{job=~\"eventlog|winlog|windows|fluentbit.*\"} | json | ParentImage=~`(?i)(?s:.*)\\\\httpd\\.exe$` and Image=~`(?i)(?s:.*)\\\\cmd\\.exe$`\n";

/** A temporary directory holding `rule.yml`. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sigma-outputs-"));
  writeFileSync(join(dir, "rule.yml"), RULE);
  return dir;
}

/** The directory's entries besides the ones named (an output, or a leftover temporary file). */
function others(dir: string, ...known: string[]): string[] {
  return readdirSync(dir).filter((f) => !known.includes(f)).sort();
}

describe("-o: a regular file", () => {
  it("is replaced atomically and keeps its mode", async () => {
    const dir = workdir();
    const out = join(dir, "out.logql");
    writeFileSync(out, "old\n");
    chmodSync(out, 0o600);
    const r = await sigma(["convert", "-t", "loki", "-o", out, "rule.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(QUERY);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(others(dir, "rule.yml", "out.logql")).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)("keeps its owner (when run as root)", async () => {
    const dir = workdir();
    const out = join(dir, "owned.logql");
    writeFileSync(out, "old\n");
    chownSync(out, 65534, 65534);
    const r = await sigma(["convert", "-t", "loki", "-o", out, "rule.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(QUERY);
    expect([statSync(out).uid, statSync(out).gid]).toEqual([65534, 65534]);
  });

  it("with another hard link is rewritten in place (both names keep the new content)", async () => {
    const dir = workdir();
    const out = join(dir, "out.logql");
    writeFileSync(out, "old\n");
    linkSync(out, join(dir, "other-name.logql"));
    const r = await sigma(["convert", "-t", "loki", "-o", out, "rule.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(statSync(out).ino).toBe(statSync(join(dir, "other-name.logql")).ino);
    expect(readFileSync(join(dir, "other-name.logql"), "utf8")).toBe(QUERY);
  });
});

describe("-o: what is not a regular file is written through", () => {
  it("a symbolic link: its target is written, the link stays", async () => {
    const dir = workdir();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "target.logql"), "old\n");
    chmodSync(join(dir, "real", "target.logql"), 0o640);
    symlinkSync("real/target.logql", join(dir, "link.logql"));
    const r = await sigma(["convert", "-t", "loki", "-o", "link.logql", "rule.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.logql")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.logql"))).toBe("real/target.logql");
    expect(readFileSync(join(dir, "real", "target.logql"), "utf8")).toBe(QUERY);
    expect(statSync(join(dir, "real", "target.logql")).mode & 0o777).toBe(0o640);
    expect(others(join(dir, "real"), "target.logql")).toEqual([]);
  });

  it("a dangling symbolic link: its target is created, the link stays", async () => {
    const dir = workdir();
    symlinkSync("created.logql", join(dir, "link.logql"));
    const r = await sigma(["convert", "-t", "loki", "-o", "link.logql", "rule.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, "link.logql")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "created.logql"), "utf8")).toBe(QUERY);
  });

  it("a FIFO (standing in for a device): its reader gets the output, it stays a FIFO", async () => {
    const dir = workdir();
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    // The test's reading end, opened without waiting for a writer; the output stays in the FIFO
    // until it is read, and the test never waits on a run that does not write to it.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = await sigma(["convert", "-t", "loki", "-o", fifo, "rule.yml"], { cwd: dir });
      expect(r.code).toBe(0);
      const buffer = Buffer.alloc(65536);
      let n = 0;
      try {
        n = readSync(reader, buffer);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
      }
      expect(buffer.subarray(0, n).toString()).toBe(QUERY);
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(others(dir, "rule.yml", "pipe")).toEqual([]);
    } finally {
      closeSync(reader);
    }
  });
});

describe("an output that is also an input is a usage error before anything is written", () => {
  // (found when the input is read, by device and inode: no input is stat'ed twice)
  it("-o rule.yml rule.yml", async () => {
    const dir = workdir();
    const r = await sigma(["convert", "-t", "loki", "-o", "rule.yml", "rule.yml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "Parsing Sigma rules\n" +
        usageError("convert", "[OPTIONS] INPUT...", "Invalid value for '--output' / '-o': 'rule.yml' is also an input ('rule.yml'); write to another file."),
    );
    expect(readFileSync(join(dir, "rule.yml"), "utf8")).toBe(RULE);
  });

  it("-o naming an input through another path (a symbolic link)", async () => {
    const dir = workdir();
    symlinkSync("rule.yml", join(dir, "alias.yml"));
    const r = await sigma(["convert", "-t", "loki", "-o", "alias.yml", "."], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, "rule.yml"), "utf8")).toBe(RULE);
  });

  it("-f ruler --output-dir rules rules", async () => {
    const dir = workdir();
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", "a.yml"), RULE);
    const r = await sigma(["convert", "-t", "loki", "-f", "ruler", "--output-dir", "rules", "rules"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid value for '--output-dir': the output of 'rules/a.yml' would overwrite the input 'rules/a.yml'; choose another output directory.");
    expect(readFileSync(join(dir, "rules", "a.yml"), "utf8")).toBe(RULE);
  });
});

describe("--output-dir: two inputs with one output file are a usage error", () => {
  it("a.yml and a.yaml", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "a.yml"), RULE);
    writeFileSync(join(dir, "a.yaml"), RULE.replace("cmd.exe", "sh.exe"));
    const r = await sigma(["convert", "-t", "loki", "--output-dir", "out", "a.yml", "a.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid value for '--output-dir': 'a.yml' and 'a.yaml' would both be written to 'out/a.logql'");
    expect(others(dir, "rule.yml", "a.yml", "a.yaml")).toEqual([]);
  });

  it("the same relative path under two inputs", async () => {
    const dir = workdir();
    for (const d of ["one", "two"]) {
      mkdirSync(join(dir, d));
      writeFileSync(join(dir, d, "x.yml"), RULE);
    }
    const r = await sigma(["convert", "-t", "loki", "--output-dir", "out", "one", "two"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'one/x.yml' and 'two/x.yml' would both be written to 'out/x.logql'");
  });
});

describe("--output-dir: one output file that cannot be written does not stop the others", () => {
  it("a name near 240 characters is written; one over the file-system limit is reported; the rest are written", async () => {
    const dir = workdir();
    mkdirSync(join(dir, "in"));
    const long = `${"l".repeat(236)}.yml`; // the output name has 238 characters
    const tooLong = `${"t".repeat(251)}.yml`; // 251 + ".logql" > 255
    for (const name of ["a.yml", long, tooLong, "z.yml"]) writeFileSync(join(dir, "in", name), RULE);
    const r = await sigma(["convert", "-t", "loki", "--output-dir", "out", "in"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["a.logql", `${"l".repeat(236)}.logql`, "z.logql"]);
    expect(r.stderr).toContain(`Could not open file 'out/${"t".repeat(251)}.logql': File name too long`);
    expect(r.stderr).toContain("Error: 1 error found (see above); 1 output file could not be written, the others were.");
  });

  it("a file where a folder should be", async () => {
    const dir = workdir();
    mkdirSync(join(dir, "in", "sub"), { recursive: true });
    writeFileSync(join(dir, "in", "a.yml"), RULE);
    writeFileSync(join(dir, "in", "sub", "b.yml"), RULE);
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "out", "sub"), "a file\n");
    const r = await sigma(["convert", "-t", "loki", "--output-dir", "out", "in"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Could not open file 'out\/sub\/b\.logql': (Not a directory|File exists)/);
    expect(readFileSync(join(dir, "out", "a.logql"), "utf8")).toBe(QUERY);
    expect(readFileSync(join(dir, "out", "sub"), "utf8")).toBe("a file\n");
  });
});
