/**
 * The CLI over the whole corpus, as issue 5 asks: `sigma convert -t loki -s` converts all 3,780
 * rules and exits 0 listing what it skipped with locations; `--fail-unsupported` exits 1; and
 * `--json` gives, file by file, the same outcome as the conformance adapter (`pnpm conformance`):
 * the same queries, or the adapter's error first among the file's errors.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfigs } from "./conformance/configs.js";
import { convertFile } from "./conformance/convert-adapter.js";
import { FIXTURES_DIR } from "./conformance/paths.js";

const BIN = fileURLToPath(new URL("../../packages/cli/dist/bin.js", import.meta.url));
const CORPUS = join(FIXTURES_DIR, "corpus", "sigma");
const RULE_DIRS = ["rules", "rules-compliance", "rules-dfir", "rules-emerging-threats", "rules-placeholder", "rules-threat-hunting"];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sigma(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: CORPUS,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line of `--json`: a file's queries, and every error and warning of its rules. */
interface JsonRecord {
  path: string;
  queries: string[];
  errors: { type: string; message: string; line?: number; column?: number }[];
  warnings: { message: string; line?: number; column?: number }[];
}

describe("sigma convert over the whole corpus", () => {
  let skipped: Run;
  let records: JsonRecord[];

  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error(`build the CLI first (pnpm build): ${BIN} is missing`);
    skipped = sigma(["convert", "-t", "loki", "-s", ...RULE_DIRS]);
    const json = sigma(["convert", "-t", "loki", "-s", "--json", ...RULE_DIRS]);
    expect(json.code, json.stderr).toBe(0);
    records = json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as JsonRecord);
  }, 300_000);

  it("converts every rule with -s, exits 0 and lists each skipped rule with path:line:column", () => {
    expect(skipped.code, skipped.stderr.slice(-2000)).toBe(0);
    expect(records).toHaveLength(3780);
    const failed = records.filter((r) => r.errors.length > 0);
    const ignoredSection = skipped.stderr.split("\nIgnored errors:\n")[1] ?? "";
    const listed = ignoredSection.split("\n").filter((line) => line !== "");
    expect(listed.length).toBeGreaterThanOrEqual(failed.length);
    for (const record of failed) {
      expect(ignoredSection, record.path).toMatch(new RegExp(`^${escapeRegex(record.path)}:\\d+:\\d+: `, "m"));
    }
    // the text output holds every converted query, separated by blank lines as sigma-cli does
    const queries = records.flatMap((r) => r.queries);
    expect(skipped.stdout).toBe(queries.join("\n\n") + "\n");
  });

  it("exits 1 with --fail-unsupported", () => {
    const r = sigma(["convert", "-t", "loki", "--fail-unsupported", ...RULE_DIRS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rules\/\S+\.yml:\d+:\d+: /m);
  }, 300_000);

  it("gives, with --json, the conformance adapter's outcome for every file", () => {
    const config = loadConfigs().find((c) => c.name === "default");
    if (config === undefined) throw new Error("no default configuration in configs.json");
    const mismatches: string[] = [];
    for (const record of records) {
      const expected = convertFile(record.path, readFileSync(join(CORPUS, record.path), "utf8"), config);
      // The adapter gives a file's first error (or its queries); --json gives every error next to
      // the queries of the rules that did convert.
      if (expected.error !== undefined) {
        if (record.errors[0]?.type !== expected.error.type) mismatches.push(`${record.path}: error ${expected.error.type} expected`);
      } else if (record.errors.length > 0 || JSON.stringify(record.queries) !== JSON.stringify(expected.queries)) {
        mismatches.push(`${record.path}: queries differ`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
