/**
 * Every `sigma convert` option by its long name (spec/sigma-cli.md §3.1), run through the built
 * binary: the long form must be accepted and give what the short form gives; options without a
 * short form are checked against the spec's meaning. The short forms have their own tests in
 * convert.test.ts; this file makes sure no long name is missing or wired differently.
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sigma } from "./helpers.js";

// spec/sigma-cli.md §11: E1 (one rule, default format) and E9 (event_count correlation).
const E1 = "{job=~\"eventlog|winlog|windows|fluentbit.*\"} | json | ParentImage=~`(?i)(?s:.*)\\\\httpd\\.exe$` and Image=~`(?i)(?s:.*)\\\\cmd\\.exe$`";
const E9 = "sum by (fieldC, fieldD) (count_over_time({job=~\".+\"} | logfmt | fieldA=~`(?i)^value1$` and fieldB=~`(?i)^value2$` [15m])) >= 10";
const RULE = "rules/proc_httpd_cmd.yml";

/** Runs both argument lists; both must succeed with the same stdout, which is returned. */
async function same(short: string[], long: string[]): Promise<string> {
  const [a, b] = [await sigma(short), await sigma(long)];
  expect({ code: a.code, stderr: a.stderr }).toEqual({ code: 0, stderr: a.stderr });
  expect(b.code).toBe(0);
  expect(b.stdout).toBe(a.stdout);
  expect(b.raw.equals(a.raw)).toBe(true);
  return b.stdout;
}

describe("sigma convert: long option names", () => {
  it("--target", async () => {
    expect(await same(["convert", "-t", "loki", RULE], ["convert", "--target", "loki", RULE])).toBe(`${E1}\n`);
  });

  it("--pipeline (a registered name and a file)", async () => {
    await same(["convert", "-t", "loki", "-p", "loki_grafana_logfmt", RULE], ["convert", "-t", "loki", "--pipeline", "loki_grafana_logfmt", RULE]);
    const out = await same(["convert", "-t", "loki", "-p", "pipelines/map_a.yml", RULE], ["convert", "-t", "loki", "--pipeline", "pipelines/map_a.yml", RULE]);
    expect(out).not.toBe(`${E1}\n`); // the file pipeline renames a field
  });

  it("--format", async () => {
    const out = await same(["convert", "-t", "loki", "-f", "ruler", RULE], ["convert", "-t", "loki", "--format", "ruler", RULE]);
    expect(out).toMatch(/^groups:\n/);
  });

  it("--correlation-method (default is the backend's only method, same as no option)", async () => {
    const out = await same(["convert", "-t", "loki", "-c", "default", "corr"], ["convert", "-t", "loki", "--correlation-method", "default", "corr"]);
    expect(out).toBe(`${E9}\n`);
    expect((await sigma(["convert", "-t", "loki", "corr"])).stdout).toBe(out);
  });

  it("--file-pattern", async () => {
    const out = await same(["convert", "-t", "loki", "-P", "*.yaml", "tree"], ["convert", "-t", "loki", "--file-pattern", "*.yaml", "tree"]);
    expect(out.trimEnd().split("\n\n")).toHaveLength(1);
  });

  it("--skip-unsupported", async () => {
    const out = await same(["convert", "-t", "loki", "-s", "mixed"], ["convert", "-t", "loki", "--skip-unsupported", "mixed"]);
    expect(out).toBe(`${E1}\n`);
  });

  it("--fail-unsupported (the default): exit 1, the supported rule still converted", async () => {
    const [def, fail] = [await sigma(["convert", "-t", "loki", "mixed"]), await sigma(["convert", "-t", "loki", "--fail-unsupported", "mixed"])];
    expect(fail.code).toBe(1);
    expect(def.code).toBe(1);
    expect(fail.stdout).toBe(def.stdout);
  });

  it("--output", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigma-cli-long-"));
    const [a, b] = [join(dir, "short.txt"), join(dir, "long.txt")];
    const rs = await sigma(["convert", "-t", "loki", "-o", a, RULE]);
    const rl = await sigma(["convert", "-t", "loki", "--output", b, RULE]);
    expect([rs.code, rl.code]).toEqual([0, 0]);
    expect(rl.stdout).toBe("");
    expect(await readFile(b, "utf8")).toBe(await readFile(a, "utf8"));
    expect(await readFile(b, "utf8")).toBe(`${E1}\n`);
  });

  it("--encoding", async () => {
    const [a, b] = [
      await sigma(["convert", "-t", "loki", "-e", "utf-16", RULE]),
      await sigma(["convert", "-t", "loki", "--encoding", "utf-16", RULE]),
    ];
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.raw.equals(a.raw)).toBe(true);
    expect([...b.raw.subarray(0, 2)]).toEqual([0xff, 0xfe]); // UTF-16 with a BOM (§3.7)
  });

  it("--backend-option (add_line_filters adds a line filter before the parser, E6)", async () => {
    const out = await same(
      ["convert", "-t", "loki", "-O", "add_line_filters=true", RULE],
      ["convert", "-t", "loki", "--backend-option", "add_line_filters=true", RULE],
    );
    expect(out).toMatch(/^\{job=~"eventlog\|winlog\|windows\|fluentbit\.\*"\} \|~ `.*` \| json \| /);
  });

  it("--json-indent is accepted by name and checked as an integer", async () => {
    await same(["convert", "-t", "loki", "-j", "2", RULE], ["convert", "-t", "loki", "--json-indent", "2", RULE]);
    const bad = await sigma(["convert", "-t", "loki", "--json-indent", "two", RULE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Invalid value for '--json-indent' / '-j': 'two' is not a valid integer.");
  });

  it("--without-pipeline: Loki needs no pipeline, so the output is unchanged; -p still applies", async () => {
    expect(await same(["convert", "-t", "loki", RULE], ["convert", "-t", "loki", "--without-pipeline", RULE])).toBe(`${E1}\n`);
    await same(
      ["convert", "-t", "loki", "-p", "loki_grafana_logfmt", RULE],
      ["convert", "-t", "loki", "--without-pipeline", "-p", "loki_grafana_logfmt", RULE],
    );
  });

  it("--pipeline-check / --disable-pipeline-check: a registered Loki pipeline passes either way", async () => {
    await same(
      ["convert", "-t", "loki", "--pipeline-check", "-p", "loki_grafana_logfmt", RULE],
      ["convert", "-t", "loki", "--disable-pipeline-check", "-p", "loki_grafana_logfmt", RULE],
    );
  });

  it("options given as --name=value", async () => {
    await same(["convert", "-t", "loki", "-f", "ruler", RULE], ["convert", "--target=loki", "--format=ruler", RULE]);
  });
});
