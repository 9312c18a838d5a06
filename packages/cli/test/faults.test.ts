/**
 * The CLI under faults (the built binary): unreadable files, a directory that vanishes mid-run,
 * a full disk, a closed pipe and Ctrl-C. Each time it reports, exits with the documented code
 * (README "Exit codes") and leaves no partial output file.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, removeUnprivilegedCopy, sigma, unprivileged } from "./helpers.js";

let dir: string;

/** A rule whose query is about 250 bytes long. */
function rule(i: number): string {
  return `title: rule ${i}\nlogsource: {product: windows}\ndetection:\n  sel:\n    CommandLine|contains: [value_${i}_${"a".repeat(80)}, other_${i}_${"b".repeat(80)}]\n  condition: sel\n`;
}

/** A rule whose two values expand to 25 variants each (two dashes, five forms of each). */
function slowRule(i: number): string {
  return `title: rule ${i}\nlogsource: {product: windows}\ndetection:\n  sel:\n    CommandLine|windash|contains: [-value_${i}_${"a".repeat(80)} -x, -other_${i}_${"b".repeat(80)} -y]\n  condition: sel\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sigma-faults-"));
  mkdirSync(join(dir, "many"));
  // ~400 KB of output: more than a pipe holds, so a closed reader is noticed while writing.
  for (let i = 0; i < 1500; i++) writeFileSync(join(dir, "many", `r${String(i).padStart(4, "0")}.yml`), rule(i));
  writeFileSync(join(dir, "good.yml"), rule(1));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeUnprivilegedCopy();
});

/** Files in `dir` besides the inputs (an output, or a leftover temporary file). */
function leftovers(): string[] {
  return readdirSync(dir).filter((f) => !["many", "long", "good.yml", "bad.yml", "vanishing", "tree", "huge.yml"].includes(f));
}

/** Starts the binary with stdin kept open (so the run waits on it), in `dir`. */
function start(
  args: readonly string[],
  stdout: "pipe" | number = "pipe",
  stdin: "pipe" | number = "pipe",
): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, stdio: [stdin, stdout, "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on("data", (d: Buffer) => out.push(d));
  child.stderr?.on("data", (d: Buffer) => err.push(d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
  return { child, done };
}

/** Resolves once stderr contains `text`. */
function stderrShows(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = "";
    child.stderr?.on("data", (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) resolve();
    });
  });
}

describe("unreadable input", () => {
  // chmod 000 does not stop root from reading (CI runs as root): see unprivileged().
  const asNobody = unprivileged();
  it("a file without read permission is reported; the other files are converted (exit 1)", async () => {
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, "bad.yml"), rule(2));
    chmodSync(join(dir, "bad.yml"), 0o000);
    try {
      const r = await sigma(["convert", "-t", "loki", "bad.yml", "good.yml"], { cwd: dir, ...asNobody });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("bad.yml: Could not read the file: Permission denied (EACCES)");
      expect(r.stdout).toContain("value_1_");
    } finally {
      rmSync(join(dir, "bad.yml"), { force: true });
    }
  });

  it("a file that vanishes before it is read is reported; the other files are converted (exit 1)", async () => {
    writeFileSync(join(dir, "bad.yml"), rule(5));
    // good.yml is read first (its progress label is printed), then the run waits on stdin.
    const { child, done } = start(["convert", "-t", "loki", "good.yml", "-", "bad.yml"]);
    await stderrShows(child, "Parsing Sigma rules");
    rmSync(join(dir, "bad.yml"));
    child.stdin?.end(rule(6));
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.yml: Could not read the file: No such file or directory");
    expect(r.stdout).toContain("value_6_");
    expect(r.stdout).toContain("value_1_");
  });
});

describe("an unreadable subfolder", () => {
  const asNobody = unprivileged();
  it("fails only itself: the rest of its argument is converted and the footer is true (exit 1)", async () => {
    chmodSync(dir, 0o755);
    const tree = join(dir, "tree");
    mkdirSync(join(tree, "locked"), { recursive: true });
    mkdirSync(join(tree, "open"));
    writeFileSync(join(tree, "locked", "hidden.yml"), rule(7));
    writeFileSync(join(tree, "open", "seen.yml"), rule(8));
    writeFileSync(join(tree, "top.yml"), rule(9));
    for (const d of [tree, join(tree, "open")]) chmodSync(d, 0o755);
    for (const f of [join(tree, "open", "seen.yml"), join(tree, "top.yml")]) chmodSync(f, 0o644);
    chmodSync(join(tree, "locked"), 0o000);
    try {
      const r = await sigma(["convert", "-t", "loki", "tree"], { cwd: dir, ...asNobody });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("tree/locked: Could not read the directory: Permission denied (EACCES)\n");
      expect(r.stderr).toContain("Error: 1 error found (see above); the queries of all other rules were written.");
      expect(r.stdout).toContain("value_8_");
      expect(r.stdout).toContain("value_9_");
    } finally {
      chmodSync(join(tree, "locked"), 0o755);
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it("of a -p directory is reported as unreadable, not as a pipeline that does not exist (exit 1)", async () => {
    chmodSync(dir, 0o755);
    const pipelines = join(dir, "tree");
    mkdirSync(join(pipelines, "locked"), { recursive: true });
    writeFileSync(join(pipelines, "map.yml"), "name: map\npriority: 10\ntransformations:\n  - type: field_name_mapping\n    mapping: {CommandLine: cmd}\n");
    chmodSync(pipelines, 0o755);
    chmodSync(join(pipelines, "map.yml"), 0o644);
    chmodSync(join(pipelines, "locked"), 0o000);
    try {
      const r = await sigma(["convert", "-t", "loki", "-p", "tree", "good.yml"], { cwd: dir, ...asNobody });
      expect(r.stderr).toBe("Error: tree/locked: Could not read the directory: Permission denied (EACCES)\n");
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
    } finally {
      chmodSync(join(pipelines, "locked"), 0o755);
      rmSync(pipelines, { recursive: true, force: true });
    }
  });
});

describe("inputs are bounded before they are read", () => {
  const LIMIT = "(maxFileSize); split it or raise the limit with --limit maxFileSize=<bytes>";

  it("a 1.5 GB file: its size is checked first (nothing is read), the other inputs are converted", async () => {
    const huge = join(dir, "huge.yml");
    writeFileSync(huge, "");
    truncateSync(huge, 1.5 * 2 ** 30); // sparse: no disk space used
    try {
      const started = Date.now();
      const r = await sigma(["convert", "-t", "loki", "huge.yml", "good.yml"], { cwd: dir });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`huge.yml: The input is 1610612736 bytes long, more than the limit of 4194304 bytes ${LIMIT}\n`);
      expect(r.stdout).toContain("value_1_");
      const raised = await sigma(["convert", "-t", "loki", "--limit", "maxFileSize=100", "good.yml"], { cwd: dir });
      expect(raised.stderr).toMatch(/good\.yml: The input is \d+ bytes long, more than the limit of 100 bytes /);
    } finally {
      rmSync(huge);
    }
  });

  it.skipIf(!existsSync("/dev/zero"))("/dev/zero as an input: read up to the limit, then a located error", async () => {
    const r = await sigma(["convert", "-t", "loki", "/dev/zero", "good.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`/dev/zero: The input is longer than the limit of 4194304 bytes ${LIMIT}\n`);
    expect(r.stdout).toContain("value_1_");
  });

  it.skipIf(!existsSync("/dev/zero"))("/dev/zero on standard input: the same", async () => {
    const zero = openSync("/dev/zero", "r");
    try {
      const { done } = start(["convert", "-t", "loki", "-", "good.yml"], "pipe", zero);
      const r = await done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`<stdin>: The input is longer than the limit of 4194304 bytes ${LIMIT}\n`);
      expect(r.stdout).toContain("value_1_");
    } finally {
      closeSync(zero);
    }
  });
});

describe("a directory that vanishes mid-run", () => {
  // Every argument is listed before any file is read (so that outputs can be checked against all
  // inputs): the directory's files are known, and each is reported as vanished.
  it("is reported with its path; the other inputs are still converted (exit 1)", async () => {
    const vanishing = join(dir, "vanishing");
    mkdirSync(vanishing);
    writeFileSync(join(vanishing, "r.yml"), rule(3));
    // The run reads good.yml, then stdin, then the directory: remove it while the run waits on stdin.
    const { child, done } = start(["convert", "-t", "loki", "good.yml", "-", "vanishing"]);
    await stderrShows(child, "Parsing Sigma rules");
    rmSync(vanishing, { recursive: true });
    child.stdin?.end(rule(4));
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("vanishing/r.yml: Could not read the file: No such file or directory (it vanished during the run?) (ENOENT)");
    expect(r.stderr).toContain("error found (see above); the queries of all other rules were written.");
    expect(r.stdout).toContain("value_4_");
    expect(r.stdout).toContain("value_1_");
    expect(r.stdout).not.toContain("value_3_");
  });
});

describe("a full disk", () => {
  it.skipIf(!existsSync("/dev/full"))("standard output on a full device: one error line, exit 1, no stack trace", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const { child, done } = start(["convert", "-t", "loki", "good.yml"], full);
      child.stdin?.end();
      const r = await done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Error: Could not write to standard output: No space left on device");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(full);
    }
  });

  it("an output file that cannot grow (file size limit, as on a full disk): exit 1, no partial file", async () => {
    writeFileSync(join(dir, "existing.logql"), "previous content\n");
    // RLIMIT_FSIZE of 64 KB: writing the ~400 KB output fails with EFBIG like ENOSPC on a full disk.
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("/bin/sh", ["-c", `ulimit -f 128 && exec "$0" "$@"`, process.execPath, BIN, "convert", "-t", "loki", "many", "-o", "out.logql"], { cwd: dir });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: Could not open file 'out.logql': File too large");
    expect(leftovers().sort()).toEqual(["existing.logql"]);

    // The same failure over an existing file leaves it as it was.
    const again = await new Promise<number | null>((resolve) => {
      const child = spawn("/bin/sh", ["-c", `ulimit -f 128 && exec "$0" "$@"`, process.execPath, BIN, "convert", "-t", "loki", "many", "-o", "existing.logql"], { cwd: dir });
      child.on("close", resolve);
    });
    expect(again).toBe(1);
    expect(readFileSync(join(dir, "existing.logql"), "utf8")).toBe("previous content\n");
    expect(leftovers().sort()).toEqual(["existing.logql"]);
    rmSync(join(dir, "existing.logql"));
  });
});

describe("a closed pipe", () => {
  it("`| head`: the run ends quietly with status 0 when the reader goes away", async () => {
    const { child, done } = start(["convert", "-t", "loki", "many"]);
    child.stdin?.end();
    // Read the first chunk, then close the pipe like `head -c` does.
    child.stdout?.once("data", () => child.stdout?.destroy());
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});

describe("Ctrl-C", () => {
  it("SIGINT while the run waits: 'Aborted!', status 130, no output file", async () => {
    // good.yml is read (its progress label is printed), then the run waits on stdin.
    const { child, done } = start(["convert", "-t", "loki", "good.yml", "-", "-o", "interrupted.logql"]);
    await stderrShows(child, "Parsing Sigma rules");
    child.kill("SIGINT");
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("Aborted!");
    expect(leftovers()).toEqual([]);
  });

  // Found by this test: an interrupt during an asynchronous write left `.big.logql.*.tmp` behind.
  it.each([200, 600, 1000, 1400])("SIGINT %i ms into a conversion to a file: no output or a complete one, never a temporary file", async (delay) => {
    const { child, done } = start(["convert", "-t", "loki", "many", "-o", "big.logql"]);
    child.stdin?.end();
    await stderrShows(child, "Parsing Sigma rules");
    await new Promise((r) => setTimeout(r, delay));
    child.kill("SIGINT");
    const r = await done;
    const files = leftovers();
    if (r.code === null) {
      // Killed by the signal itself: possible only once the run has finished and Node is tearing
      // down (its signal handlers are already removed), so the output must be complete.
      expect(r.signal).toBe("SIGINT");
      expect(files).toEqual(["big.logql"]);
    } else {
      expect([0, 130]).toContain(r.code);
    }
    if (files.length > 0) {
      expect(files).toEqual(["big.logql"]);
      expect(readFileSync(join(dir, "big.logql"), "utf8").split("\n\n")).toHaveLength(1500);
      rmSync(join(dir, "big.logql"));
    } else {
      expect(r.code).toBe(130);
    }
  });
});

describe("a long run stays interruptible", () => {
  const RULES = 6000;
  beforeAll(() => {
    mkdirSync(join(dir, "long"));
    // Each rule expands to 50 values (`windash`), so the run lasts seconds on any machine: the
    // signal must arrive while it converts (6,000 plain rules convert in about a second).
    for (let i = 0; i < RULES; i++) writeFileSync(join(dir, "long", `r${String(i).padStart(5, "0")}.yml`), slowRule(i));
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s one second into a run writing to stdout: stops within a second with %i, stdout empty or whole", async (signal, code) => {
    const { child, done } = start(["convert", "-t", "loki", "long"]);
    child.stdin?.end();
    await stderrShows(child, "Parsing Sigma rules");
    await new Promise((r) => setTimeout(r, 1000));
    const sent = Date.now();
    child.kill(signal);
    const r = await done;
    const took = Date.now() - sent;
    expect(r.code).toBe(code);
    expect(took).toBeLessThan(1000);
    expect(r.stderr).toContain("Aborted!");
    // what was written is complete up to a rule boundary: nothing, or every query
    if (r.stdout !== "") expect(r.stdout.split("\n\n")).toHaveLength(RULES);
  });

  it("SIGTERM during a run writing a file: no output file and no temporary file", async () => {
    const { child, done } = start(["convert", "-t", "loki", "long", "-o", "long.logql"]);
    child.stdin?.end();
    await stderrShows(child, "Parsing Sigma rules");
    await new Promise((r) => setTimeout(r, 1000));
    child.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(143);
    expect(leftovers()).toEqual([]);
  });
});

describe("Ctrl-C while a FIFO waits for its other end", () => {
  /** Starts a run, interrupts it once it waits, and gives it 3 s to end (then kills it). */
  async function interruptWaiting(args: readonly string[]): Promise<{ code: number | null; took: number }> {
    const { child, done } = start(args);
    child.stdin?.end();
    await stderrShows(child, "Parsing Sigma rules");
    await new Promise((r) => setTimeout(r, 500));
    const sent = Date.now();
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
    const r = await done;
    clearTimeout(killer);
    return { code: r.code, took: Date.now() - sent };
  }

  it("an output FIFO without a reader: 'Aborted!' and 130 at once (no thread left waiting in open)", async () => {
    const fifo = join(dir, "out-fifo");
    spawnSync("mkfifo", [fifo]);
    try {
      const r = await interruptWaiting(["convert", "-t", "loki", "good.yml", "-o", fifo]);
      expect(r.code).toBe(130);
      expect(r.took).toBeLessThan(1000);
    } finally {
      rmSync(fifo);
    }
  });

  it("an input FIFO without a writer: the same", async () => {
    const fifo = join(dir, "in-fifo");
    spawnSync("mkfifo", [fifo]);
    try {
      const r = await interruptWaiting(["convert", "-t", "loki", "good.yml", fifo]);
      expect(r.code).toBe(130);
      expect(r.took).toBeLessThan(1000);
    } finally {
      rmSync(fifo);
    }
  });
});

describe("Ctrl-C while a terminal input waits for a line", () => {
  const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;
  it.skipIf(!hasScript)("`sigma convert /dev/stdin` on a terminal: 'Aborted!' at once", () => {
    // A pseudo-terminal that stays open (its input is a pipe from `sleep`); `timeout` sends
    // SIGINT after 1 s, and SIGKILL 3 s later if the run has not ended (status 137).
    const log = join(dir, "typescript.log");
    const command = `timeout --foreground -k 3 -s INT 1 "${process.execPath}" "${BIN}" convert -t loki /dev/stdin; echo "status=$?"`;
    const r = spawnSync("sh", ["-c", `sleep 5 | script -qec '${command}' "${log}"`], { cwd: dir, encoding: "utf8" });
    rmSync(log, { force: true });
    expect(r.stdout).toContain("Aborted!");
    expect(r.stdout).toContain("status=124"); // ended by timeout's SIGINT, not killed 3 s later
  });
});

describe("--limit", () => {
  it("overrides a YAML limit: a value over it is a located error of that file (exit 1)", async () => {
    const r = await sigma(["convert", "-t", "loki", "--limit", "maxValueLength=20", "good.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/good\.yml:5:\d+: A YAML value is \d+ characters long, more than the limit of 20 \(limits\.maxValueLength\)/);
    const raised = await sigma(["check", "--limit", "maxValueLength=1000", "good.yml"], { cwd: dir });
    expect(raised.code).toBe(0);
  });

  it("an unknown limit or a bad value is a usage error (exit 2)", async () => {
    const unknown = await sigma(["convert", "-t", "loki", "--limit", "maxRules=5", "good.yml"], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Invalid value for '--limit': unknown limit 'maxRules'; use one of maxFileSize, maxDocuments, maxDepth, maxValueLength, maxNodes, maxAliasExpansion, maxAliasCharacters, maxValues.");
    const bad = await sigma(["convert", "-t", "loki", "--limit", "maxDepth=-1", "good.yml"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("needs a whole number >= 1");
  });
});
