import { mkdtemp, readFile, readdir, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIX, sigma } from "./helpers.js";

// Expected queries: spec/sigma-cli.md §11 (E1, E2, E4, E6, E9), which were captured from the reference.
const E1 = "{job=~\"eventlog|winlog|windows|fluentbit.*\"} | json | ParentImage=~`(?i)(?s:.*)\\\\httpd\\.exe$` and Image=~`(?i)(?s:.*)\\\\cmd\\.exe$`";
const E9 = "sum by (fieldC, fieldD) (count_over_time({job=~\".+\"} | logfmt | fieldA=~`(?i)^value1$` and fieldB=~`(?i)^value2$` [15m])) >= 10";

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), "sigma-cli-"));

describe("sigma convert", () => {
  it("converts one rule (E1)", async () => {
    const r = await sigma(["convert", "-t", "loki", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E1 + "\n");
    expect(r.stderr).toBe("Parsing Sigma rules\n");
  });

  it("accepts options after the inputs and --opt=value", async () => {
    const r = await sigma(["convert", "rules/proc_httpd_cmd.yml", "--target=loki"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E1 + "\n");
  });

  it("reads rules from stdin without a progress line, ruler format (E4)", async () => {
    const rule = await readFile(join(FIX, "rules/proc_httpd_cmd.yml"), "utf8");
    const r = await sigma(["convert", "-t", "loki", "-f", "ruler", "-"], { stdin: rule });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "groups:",
        "- name: Sigma rules",
        "  rules:",
        "  - alert: Test_rule",
        "    annotations:",
        "      description: it is a valid rule",
        "      summary: Test rule",
        "    expr: sum(count_over_time({job=~\"eventlog|winlog|windows|fluentbit.*\"} | json",
        "      | ParentImage=~`(?i)(?s:.*)\\\\httpd\\.exe$` and Image=~`(?i)(?s:.*)\\\\cmd\\.exe$`",
        "      [1m])) or vector(0) > 0",
        "    labels:",
        "      severity: high",
        "",
        "",
      ].join("\n"),
    );
  });

  it("adds line filters with -O add_line_filters=true -O case_sensitive=true (E6)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-O", "add_line_filters=true", "-O", "case_sensitive=true", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("{job=~\"eventlog|winlog|windows|fluentbit.*\"} |~ `(?i).*\\\\httpd\\.exe` | json");
  });

  it("resolves a correlation and its base rule given as one directory (E9)", async () => {
    const r = await sigma(["convert", "-t", "loki", "corr"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E9 + "\n");
  });

  it("resolves correlation references across separate arguments (deliberate difference, §12 Q5)", async () => {
    const r = await sigma(["convert", "-t", "loki", "corr/corr_only.yml", "corr/base_only.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E9 + "\n");
    expect(r.stderr).toBe("Parsing Sigma rules\nParsing Sigma rules\n");
  });

  it("converts a correlation whose base rule came in an earlier file, one progress line per argument", async () => {
    // base_only.yml is read first; corr_only.yml then needs its rule (and suppresses its query)
    const r = await sigma(["convert", "-t", "loki", "corr/base_only.yml", "corr/corr_only.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E9 + "\n");
    expect(r.stderr).toBe("Parsing Sigma rules\nParsing Sigma rules\n");
  });

  it("prints every file's reading errors before any conversion error, as a collecting run does", async () => {
    const r = await sigma(["convert", "-t", "loki", "mixed", "broken"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${E1}\n\n${E1}\n`);
    const lines = r.stderr.split("\n");
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));
    expect(at(/^broken\/bad_yaml\.yml:/)).toBeGreaterThan(at(/^Parsing Sigma rules$/));
    expect(at(/^broken\/no_logsource\.yml/)).toBeGreaterThan(at(/^broken\/bad_yaml\.yml:/));
    expect(at(/^mixed\/unsupported_week\.yml/)).toBeGreaterThan(at(/^broken\/no_logsource\.yml/));
    expect(r.stderr).toMatch(/^Error: 3 errors found/m);
  });

  it("fails on unsupported rules by default but keeps the other queries", async () => {
    const r = await sigma(["convert", "-t", "loki", "mixed"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(E1 + "\n");
    expect(r.stderr).toMatch(/mixed\/unsupported_week\.yml(:\d+:\d+)?: .*not supported/);
    expect(r.stderr).toMatch(/^Error: /m);
  });

  it("skips unsupported rules with -s and lists them under 'Ignored errors' (E2)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-s", "mixed"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(E1 + "\n");
    expect(r.stderr).toMatch(/^Parsing Sigma rules\n\nIgnored errors:\nmixed\/unsupported_week\.yml(:\d+:\d+)?: .*not supported.*\n$/);
  });

  it("still reports a skipped file's error in --json, so tools see why it has no query", async () => {
    const r = await sigma(["convert", "-t", "loki", "-s", "--json", "mixed"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ path: "mixed/proc_httpd_cmd.yml", queries: [E1], errors: [], warnings: [] });
    expect(lines[1]).toEqual({
      path: "mixed/unsupported_week.yml",
      queries: [],
      errors: [{ type: "SigmaFeatureNotSupportedByBackendError", message: expect.stringMatching(/not supported/), line: 10, column: 9 }],
      warnings: [],
    });
  });

  it("a condition that names no detection is a conversion error, as in pySigma: -s skips it, without -s it fails the run", async () => {
    const dir = await tmp();
    const good = "title: Good\nlogsource: {product: windows}\ndetection:\n  sel: {EventID: 2}\n  condition: sel\n";
    await writeFile(join(dir, "broken.yml"), "title: Broken\nlogsource: {product: windows}\ndetection:\n  sel: {EventID: 1}\n  condition: sel and nope\n---\n" + good);
    const skipped = await sigma(["convert", "-t", "loki", "-s", join(dir, "broken.yml")]);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toBe('{job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=2\n');
    expect(skipped.stderr).toBe(`Parsing Sigma rules\n\nIgnored errors:\n${join(dir, "broken.yml")}:5:22: Detection 'nope' not defined in detections\n`);
    const failed = await sigma(["convert", "-t", "loki", join(dir, "broken.yml")]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe(skipped.stdout);
    expect(failed.stderr).toContain(`${join(dir, "broken.yml")}:5:22: Detection 'nope' not defined in detections\nError: `);
    const json = await sigma(["convert", "-t", "loki", "-s", "--json", join(dir, "broken.yml")]);
    expect(JSON.parse(json.stdout)).toMatchObject({ errors: [{ type: "SigmaConditionError", line: 5, column: 22 }] });
  });

  it("lets the last of --skip-unsupported / --fail-unsupported win", async () => {
    const r = await sigma(["convert", "-t", "loki", "-s", "--fail-unsupported", "mixed"]);
    expect(r.code).toBe(1);
    const s = await sigma(["convert", "-t", "loki", "--fail-unsupported", "-s", "mixed"]);
    expect(s.code).toBe(0);
  });

  it("reports a broken file with path:line:column and converts the good ones", async () => {
    const r = await sigma(["convert", "-t", "loki", "broken"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(E1 + "\n");
    expect(r.stderr).toMatch(/^broken\/bad_yaml\.yml:\d+:\d+: /m);
    expect(r.stderr).toMatch(/^broken\/no_logsource\.yml(:\d+:\d+)?: .*log ?source/im);
  });

  it("searches directories recursively: sorted, hidden files included, only the pattern", async () => {
    const r = await sigma(["convert", "-t", "loki", "tree"]);
    expect(r.code).toBe(0);
    const queries = r.stdout.trimEnd().split("\n\n");
    // Sorted by path: .hidden/c_hidden.yml, b_top.yml, sub/a_nested.yml; d_not_matched.yaml is not *.yml.
    expect(queries).toHaveLength(3);
    expect(queries[0]).toContain("wscript");
    expect(queries[1]).toContain("cmd");
    expect(queries[2]).toContain("powershell");
    const p = await sigma(["convert", "-t", "loki", "-P", "*.yaml", "tree"]);
    expect(p.stdout).toContain("cscript");
    expect(p.stdout.trimEnd().split("\n\n")).toHaveLength(1);
    const sub = await sigma(["convert", "-t", "loki", "-P", "sub/*.yml", "tree"]);
    expect(sub.stdout.trimEnd().split("\n\n")).toHaveLength(1);
    expect(sub.stdout).toContain("powershell");
  });

  it("applies a --filter once (§3.4, Q4)", async () => {
    const r = await sigma(["convert", "-t", "loki", "rules/proc_httpd_cmd.yml", "--filter", "filters/filter_adm.yml", "--filter", "filters/filter_adm.yml"]);
    expect(r.code).toBe(0);
    const clause = "User!~`(?i)^ADM_(?s:.*)`";
    expect(r.stdout.split(clause)).toHaveLength(2);
  });

  it("orders file pipelines by priority: the lower priority maps first (§3.5)", async () => {
    for (const order of [["pipelines/map_a.yml", "pipelines/map_b.yml"], ["pipelines/map_b.yml", "pipelines/map_a.yml"]]) {
      const r = await sigma(["convert", "-t", "loki", "-p", order[0]!, "-p", order[1]!, "rules/proc_httpd_cmd.yml"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("b_image=~");
      expect(r.stdout).not.toContain("a_image");
    }
  });

  it("accepts a registered pipeline name", async () => {
    const r = await sigma(["convert", "-t", "loki", "-p", "loki_grafana_logfmt", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).not.toBe("");
  });

  it("reports a broken pipeline file as an error, not a crash", async () => {
    const r = await sigma(["convert", "-t", "loki", "-p", "pipelines/not_a_pipeline.yml", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*no_such_transformation/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("writes -o atomically and leaves no file when the run fails early", async () => {
    const dir = await tmp();
    const out = join(dir, "out.logql");
    const r = await sigma(["convert", "-t", "loki", "-o", out, "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(await readFile(out, "utf8")).toBe(E1 + "\n");
    const failed = join(dir, "failed.logql");
    const f = await sigma(["convert", "-t", "loki", "-f", "nope", "-o", failed, "rules/proc_httpd_cmd.yml"]);
    expect(f.code).toBe(2);
    expect(await readdir(dir)).toEqual(["out.logql"]);
  });

  it("reports an output path that is a directory", async () => {
    const dir = await tmp();
    const r = await sigma(["convert", "-t", "loki", "-o", dir, "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Error: Could not open file '${dir}': Is a directory`);
  });

  it("writes one file per rule file with --output-dir", async () => {
    const dir = await tmp();
    const r = await sigma(["convert", "-t", "loki", "--output-dir", dir, "tree"]);
    expect(r.code).toBe(0);
    expect(await readFile(join(dir, "b_top.logql"), "utf8")).toContain("cmd");
    expect(await readFile(join(dir, "sub", "a_nested.logql"), "utf8")).toContain("powershell");
    const y = await sigma(["convert", "-t", "loki", "-f", "ruler", "--output-dir", dir, "rules"]);
    expect(y.code).toBe(0);
    expect(await readFile(join(dir, "proc_httpd_cmd.yml"), "utf8")).toMatch(/^groups:\n/);
  });

  it("writes one JSON object per file with --json, errors included", async () => {
    const r = await sigma(["convert", "-t", "loki", "--json", "broken"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l["path"])).toEqual(["broken/bad_yaml.yml", "broken/good.yml", "broken/no_logsource.yml"]);
    expect(lines[1]).toEqual({ path: "broken/good.yml", queries: [E1], errors: [], warnings: [] });
    expect(lines[0]).toEqual({
      path: "broken/bad_yaml.yml",
      queries: [],
      errors: [{ type: "SigmaYAMLError", message: expect.any(String), line: expect.any(Number), column: expect.any(Number) }],
      warnings: [],
    });
    expect(lines[2]!["errors"]).toEqual([expect.objectContaining({ type: "SigmaLogSourceError" })]);
  });

  it("encodes with -e: utf-16 writes a BOM, the final newline stays one byte (§3.7)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-e", "utf-16", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect([...r.raw.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(r.raw.subarray(2, r.raw.length - 1).toString("utf16le")).toBe(E1);
    expect(r.raw[r.raw.length - 1]).toBe(0x0a);
    const bad = await sigma(["convert", "-t", "loki", "-e", "bogus", "rules/proc_httpd_cmd.yml"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Error: unknown encoding: bogus");
  });

  it("prints nothing and exits 0 when there are no queries (§12 Q2)", async () => {
    const dir = await tmp();
    const r = await sigma(["convert", "-t", "loki", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("exits quietly when stdout is closed early", async () => {
    const dir = await tmp();
    await mkdir(join(dir, "many"));
    const rule = await readFile(join(FIX, "rules/proc_httpd_cmd.yml"), "utf8");
    for (let i = 0; i < 1000; i++) await writeFile(join(dir, "many", `r${String(i).padStart(3, "0")}.yml`), rule);
    const { spawnSync } = await import("node:child_process");
    const { BIN } = await import("./helpers.js");
    const r = spawnSync("sh", ["-c", `node '${BIN}' convert -t loki many | head -c 10 > /dev/null; echo "rc=\${PIPESTATUS:-done}"`], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("escapes control characters from rule text in error messages (no raw escape sequence or forged line)", async () => {
    const dir = await tmp();
    const key = "Image|\x1b[31mevil\x1b[0m\nforged.yml:1:1: fake\u202e";
    await writeFile(join(dir, "ctl.yml"), `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    ${JSON.stringify(key)}: x\n  condition: sel\n`);
    const r = await sigma(["convert", "-t", "loki", "ctl.yml"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "Parsing Sigma rules\n" +
        "ctl.yml:5:5: Unknown modifier '\\x1b[31mevil\\x1b[0m\\nforged.yml:1:1: fake\\u202e'\n" +
        "Error: 1 error found (see above); the queries of all other rules were written.\n",
    );
  });

  it("names the error class of each reported error with --verbose", async () => {
    const r = await sigma(["convert", "-t", "loki", "--verbose", "mixed"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unsupported_week\.yml:\d+:\d+: .* \(\w+Error\)\n/);
  });

  it("accepts the template-variable options but checks that the paths exist", async () => {
    const ok = await sigma(["convert", "-t", "loki", "--enable-template-vars", "--template-vars-path", "rules", "rules/proc_httpd_cmd.yml"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(E1 + "\n");
    const bad = await sigma(["convert", "-t", "loki", "--template-vars-path", "nope", "rules/proc_httpd_cmd.yml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Error: Invalid value for '--template-vars-path': Path 'nope' does not exist.");
  });

  it("lets the last of --pipeline-check / --disable-pipeline-check win", async () => {
    const r = await sigma(["convert", "-t", "loki", "--disable-pipeline-check", "--pipeline-check", "-p", "loki_grafana_logfmt", "rules"]);
    expect(r.code).toBe(0);
  });
});
