/**
 * Every mode sees one collection, and every rule is converted once (issue 15 item 4, issue 14
 * item 5): references resolve across all inputs in plain, `--json` and `--output-dir` runs; a
 * file's `--json` object carries every error of its rules; correlations and filters that come
 * after the rules they need never make the run read the inputs again; warnings reach the user.
 */
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, sigma } from "./helpers.js";

let dir: string;

const BASE = `title: Failed logon
name: failed_logon
logsource: {product: windows, service: security}
detection:
  sel: {EventID: 4625}
  condition: sel
---
title: Process start
name: process_start
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\\\cmd.exe'}
  condition: sel
`;

const COUNT = `title: Many failed logons
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [TargetUserName]
  timespan: 5m
  condition: {gte: 10}
`;

const COUNT_QUERY =
  'sum by (TargetUserName) (count_over_time({job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=4625 [5m])) >= 10';
const PROCESS_QUERY = '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | Image=~`(?i)(?s:.*)\\\\cmd\\.exe$`';

/** Two rules and a temporal correlation. */
const TEMPORAL = `title: First
name: first
logsource: {product: windows, service: security}
detection:
  sel: {EventID: 1}
  condition: sel
---
title: Second
id: 0f6c3b1a-2d4e-4f5a-8b9c-1d2e3f4a5b6c
logsource: {product: windows, service: security}
detection:
  sel: {EventID: 2}
  condition: sel
---
title: Both
correlation:
  type: temporal
  rules: [first, 0f6c3b1a-2d4e-4f5a-8b9c-1d2e3f4a5b6c]
  group-by: [Computer]
  timespan: 5m
`;

const TEMPORAL_QUERY =
  'count by (Computer) (sum by (Computer, sigma_rule) (label_replace(count_over_time({job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=1 | __error__="" [5m]), "sigma_rule", "first", "", "") or ' +
  'label_replace(count_over_time({job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=2 | __error__="" [5m]), "sigma_rule", "0f6c3b1a-2d4e-4f5a-8b9c-1d2e3f4a5b6c", "", ""))) >= 2';

/** The same two rules in a correlation LogQL cannot express (an order with a condition other than both). */
const ORDERED = TEMPORAL.replace("type: temporal", "type: temporal_ordered").replace("  timespan: 5m", "  timespan: 5m\n  condition: {gte: 1}");

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sigma-collection-"));
  await writeFile(join(dir, "base.yml"), BASE);
  await writeFile(join(dir, "count.yml"), COUNT);
  await writeFile(join(dir, "temporal.yml"), TEMPORAL);
  await writeFile(join(dir, "ordered.yml"), ORDERED);
});

describe("references resolve across every input, in every mode", () => {
  it("plain output", async () => {
    const r = await sigma(["convert", "-t", "loki", "base.yml", "count.yml"], { cwd: dir });
    expect(r.stderr).toBe("Parsing Sigma rules\nParsing Sigma rules\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PROCESS_QUERY}\n\n${COUNT_QUERY}\n`);
  });

  it("--json: the correlation's query in its file's object", async () => {
    const r = await sigma(["convert", "-t", "loki", "--json", "base.yml", "count.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual([
      { path: "base.yml", queries: [PROCESS_QUERY], errors: [], warnings: [] },
      { path: "count.yml", queries: [COUNT_QUERY], errors: [], warnings: [] },
    ]);
  });

  it("--output-dir: the correlation's query in its file's output", async () => {
    const out = await mkdtemp(join(tmpdir(), "sigma-collection-out-"));
    const r = await sigma(["convert", "-t", "loki", "--output-dir", out, "base.yml", "count.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["base.logql", "count.logql"]);
    expect(await readFile(join(out, "count.logql"), "utf8")).toBe(`${COUNT_QUERY}\n`);
    expect(await readFile(join(out, "base.logql"), "utf8")).toBe(`${PROCESS_QUERY}\n`);
  });

  it("a correlation before the rule it references (output order: the rule's place is taken by the correlation)", async () => {
    const r = await sigma(["convert", "-t", "loki", "count.yml", "base.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${COUNT_QUERY}\n\n${PROCESS_QUERY}\n`);
  });

  it("a reference no input holds is an error of the correlation's file", async () => {
    const r = await sigma(["convert", "-t", "loki", "--json", "count.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout) as unknown).toEqual({
      path: "count.yml",
      queries: [],
      errors: [{ type: "SigmaRuleNotFoundError", message: "Rule 'failed_logon' not found in rule collection", line: 4, column: 11 }],
      warnings: [],
    });
    expect(r.stderr).toContain("count.yml:4:11: Rule 'failed_logon' not found in rule collection\n");
  });
});

describe("--json carries every rule error of a file", () => {
  it("two rules and a temporal correlation: its query, in plain output and in --json", async () => {
    const plain = await sigma(["convert", "-t", "loki", "temporal.yml"], { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(`${TEMPORAL_QUERY}\n`);
    const r = await sigma(["convert", "-t", "loki", "--json", "temporal.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout) as unknown).toEqual({ path: "temporal.yml", queries: [TEMPORAL_QUERY], errors: [], warnings: [] });
  });

  it("two rules and a correlation LogQL cannot express: the correlation's error (the rules it references have no output of their own)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-s", "--json", "ordered.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as { queries: string[]; errors: { type: string; message: string; line?: number }[] };
    expect(record.queries).toEqual([]);
    expect(record.errors).toHaveLength(1);
    expect(record.errors[0]).toMatchObject({ type: "SigmaFeatureNotSupportedByBackendError", line: 15, column: 1 });
    expect(record.errors[0]?.message).toMatch(/^temporal_ordered with the condition gte: 1 cannot be written in LogQL/);
    // the stderr report stays as it is: the footer of -s
    expect(r.stderr).toMatch(/\nIgnored errors:\nordered\.yml:15:1: .*temporal_ordered/);
  });

  it("keeps the queries of the rules that converted next to the errors of those that did not", async () => {
    const mixed = `${BASE}---\n${BASE.split("---")[0]!.replace("name: failed_logon", "name: weekly").replace("EventID: 4625", "timestamp|week: 5")}`;
    await writeFile(join(dir, "mixed.yml"), mixed);
    const r = await sigma(["convert", "-t", "loki", "--json", "mixed.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    const record = JSON.parse(r.stdout) as { queries: string[]; errors: { type: string }[] };
    expect(record.queries).toHaveLength(2);
    expect(record.errors.map((e) => e.type)).toEqual(["SigmaFeatureNotSupportedByBackendError"]);
  });
});

describe("one pass: nothing is read twice", () => {
  /** Runs with the last input given through a FIFO, which can be read only once. */
  async function withFifoInput(args: readonly string[], content: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const fifo = join(await mkdtemp(join(tmpdir(), "sigma-fifo-")), "last.yml");
    execFileSync("mkfifo", [fifo]);
    const child = spawn(process.execPath, [BIN, ...args, fifo], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    // Write once the run opens the FIFO (a non-blocking open fails until then), so that the test
    // never waits on a run that does not read it.
    let exited = false;
    void closed.then(() => (exited = true));
    while (!exited) {
      try {
        const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, content);
        closeSync(fd);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENXIO") throw err;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const code = await closed;
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  it("a correlation in the last input converts without reading the inputs again", async () => {
    const r = await withFifoInput(["convert", "-t", "loki", "base.yml"], COUNT);
    expect(r.stderr).toBe("Parsing Sigma rules\nParsing Sigma rules\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PROCESS_QUERY}\n\n${COUNT_QUERY}\n`);
  });

  it("a filter document after the rules it applies to is applied to them (the file of a rule converted early is read again)", async () => {
    // plain.yml's rule has no name: it is converted as soon as it is read, then needed again.
    await writeFile(join(dir, "plain.yml"), BASE.split("---")[1]!.replace("name: process_start", "id: 7d1c0c9e-1111-4a2b-9c3d-4e5f6a7b8c9d"));
    const filter = (rules: string): string => `title: Not the admin
filter:
  rules: ${rules}
  selection: {User: admin}
  condition: not selection
logsource: {product: windows, category: process_creation}
`;
    const filtered = `${PROCESS_QUERY} and User!~\`(?i)^admin$\``;
    const byName = await withFifoInput(["convert", "-t", "loki", "base.yml"], filter("[process_start]"));
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(`{job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=4625\n\n${filtered}\n`);
    const byId = await withFifoInput(["convert", "-t", "loki", "plain.yml"], filter("[7d1c0c9e-1111-4a2b-9c3d-4e5f6a7b8c9d]"));
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(`${filtered}\n`);
  });
});

describe("--filter files are not inputs of --output-dir and --json", () => {
  const FILTER = `title: Not the admin
filter:
  rules: [process_start]
  selection: {User: admin}
  condition: not selection
logsource: {product: windows, category: process_creation}
`;
  const FILTERED = `${PROCESS_QUERY} and User!~\`(?i)^admin$\``;
  const LOGON_QUERY = '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=4625';

  /** A directory with r/a.yml (the two rules of BASE) and f/a.yml (the filter, or what is given). */
  async function filterDir(filter = FILTER): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "sigma-collection-filter-"));
    await mkdir(join(root, "r"));
    await mkdir(join(root, "f"));
    await writeFile(join(root, "r", "a.yml"), BASE);
    await writeFile(join(root, "f", "a.yml"), filter);
    return root;
  }

  it("--output-dir: a filter file with the name of an input is no clash; it applies, and has no output file", async () => {
    const root = await filterDir();
    const r = await sigma(["convert", "-t", "loki", "--output-dir", "out", "r/a.yml", "--filter", "f/a.yml"], { cwd: root });
    expect(r.stderr).toBe("Parsing Sigma rules\nParsing Sigma rules\n");
    expect(r.code).toBe(0);
    expect(await readdir(join(root, "out"))).toEqual(["a.logql"]);
    expect(await readFile(join(root, "out", "a.logql"), "utf8")).toBe(`${LOGON_QUERY}\n\n${FILTERED}\n`);
  });

  it("--json: one object per input file, none for a filter file", async () => {
    const root = await filterDir();
    const r = await sigma(["convert", "-t", "loki", "--json", "r/a.yml", "--filter", "f/a.yml"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual([
      { path: "r/a.yml", queries: [LOGON_QUERY, FILTERED], errors: [], warnings: [] },
    ]);
  });

  it("--json: a filter file that cannot be read is reported on stderr and in an object of its own (exit 1)", async () => {
    const root = await filterDir("filter: [unclosed\n");
    const r = await sigma(["convert", "-t", "loki", "--json", "r/a.yml", "--filter", "f/a.yml"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^f\/a\.yml:\d+:\d+: /m);
    const records = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { path: string; errors: unknown[] });
    expect(records.map((o) => [o.path, o.errors.length])).toEqual([
      ["r/a.yml", 0],
      ["f/a.yml", 1],
    ]);
  });

  it("--output-dir: a rule inside a filter file is written where no input's output is; where one is, it is reported (exit 1)", async () => {
    const withRule = `${FILTER}---\n${BASE.split("---")[0]!.replace("failed_logon", "own_rule")}`;
    const free = await filterDir(withRule);
    await writeFile(join(free, "f", "b.yml"), withRule);
    const ok = await sigma(["convert", "-t", "loki", "--output-dir", "out", "r/a.yml", "--filter", "f/b.yml"], { cwd: free });
    expect(ok.code).toBe(0);
    expect((await readdir(join(free, "out"))).sort()).toEqual(["a.logql", "b.logql"]);
    expect(await readFile(join(free, "out", "b.logql"), "utf8")).toBe(`${LOGON_QUERY}\n`);

    const taken = await filterDir(withRule);
    const clash = await sigma(["convert", "-t", "loki", "--output-dir", "out", "r/a.yml", "--filter", "f/a.yml"], { cwd: taken });
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(
      "'f/a.yml' (--filter) holds rules, but its output file 'out/a.logql' is that of 'r/a.yml'; convert its rules into a separate output directory.\n",
    );
    expect(clash.stderr).toContain("Error: 1 error found (see above); 1 output file could not be written, the others were.");
    expect(await readdir(join(taken, "out"))).toEqual(["a.logql"]);
    expect(await readFile(join(taken, "out", "a.logql"), "utf8")).toBe(`${LOGON_QUERY}\n\n${FILTERED}\n`);
  });
});

describe("warnings reach the user", () => {
  it("a query too long to split: a warning on stderr and in --json, the query still written", async () => {
    const fields = Array.from({ length: 60 }, (_, i) => `f${i}: value-${"x".repeat(80)}`).join(", ");
    await writeFile(join(dir, "long.yml"), `title: Long\nlogsource: {product: windows}\ndetection:\n  sel: {${fields}}\n  condition: sel\n`);
    const warning = "Cannot partition a rule that exceeds query length limits due to lack of ORs";
    const r = await sigma(["convert", "-t", "loki", "long.yml"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Parsing Sigma rules\nlong.yml:1:1: warning: ${warning}\n`);
    expect(r.stdout).toMatch(/^\{job=~".+"\} \| json \| f0=/);
    const j = await sigma(["convert", "-t", "loki", "--json", "long.yml"], { cwd: dir });
    expect((JSON.parse(j.stdout) as { warnings: unknown }).warnings).toEqual([{ message: warning, line: 1, column: 1 }]);
  });
});
