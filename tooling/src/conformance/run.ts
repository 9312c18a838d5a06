/**
 * `pnpm conformance`: converts every selected file of each reference configuration, compares with
 * the reference's outputs and prints one line per configuration:
 * `config total equivalent differ error-mismatch accepted`.
 *
 * Options: `--config NAME` (repeatable), `--only PATH-SUBSTRING`, `--quick` (a fixed sample:
 * every test-case file and every 10th corpus file), `--update-ratchet`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareOutcome, queryTexts, type Verdict } from "./compare.js";
import { loadConfigs, type ConformanceConfig } from "./configs.js";
import { convertParsed, fileProducts, loadPlugins, parseFile, validateQuery } from "./convert-adapter.js";
import { loadExpected, type FileOutcome } from "./expected.js";
import { RATCHET_FILE, REPORT_DIR, FIXTURES_DIR } from "./paths.js";
import { raiseRatchet, ratchetFailures, readRatchet, writeRatchet } from "./ratchet.js";
import { renderReport, renderSummary, summarize, type ConfigSummary, type FileResult } from "./report.js";
import { isSelected, listRuleFiles } from "./select.js";

/** Command-line options of the runner. */
export interface RunOptions {
  readonly configs: readonly string[];
  readonly only: string | undefined;
  readonly quick: boolean;
  readonly updateRatchet: boolean;
}

/** Parses the runner's arguments. */
export function parseArgs(argv: readonly string[]): RunOptions {
  const configs: string[] = [];
  let only: string | undefined;
  let quick = false;
  let updateRatchet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--config") configs.push(argv[++i] ?? "");
    else if (arg === "--only") only = argv[++i];
    else if (arg === "--quick") quick = true;
    else if (arg === "--update-ratchet") updateRatchet = true;
    else if (arg === "--") continue;
    else throw new Error(`unknown argument ${arg}; use --config NAME, --only PATH-SUBSTRING, --quick, --update-ratchet`);
  }
  return { configs, only, quick, updateRatchet };
}

/** The quick sample: every test case and every 10th corpus file (stable across runs). */
export function quickSample(files: readonly string[]): string[] {
  let corpusIndex = 0;
  return files.filter((f) => !f.startsWith("corpus/") || corpusIndex++ % 10 === 0);
}

/** The comparison's verdict; the accepted differences are Loki's, so another target's count as differences. */
function verdictFor(config: ConformanceConfig, reference: FileOutcome, actual: FileOutcome): Verdict {
  const verdict = compareOutcome(config.format, reference, actual);
  if (config.target === undefined || verdict.kind !== "accepted") return verdict;
  return { kind: "differ", detail: `accepted differences (${verdict.classes.join(", ")}) do not apply to target ${config.target}` };
}

/** Runs one configuration over `files`. */
export function runConfig(config: ConformanceConfig, files: readonly string[]): FileResult[] {
  const expected = new Map(loadExpected(config.name).map((e) => [e.path, e]));
  const results: FileResult[] = [];
  for (const path of files) {
    const text = readFileSync(join(FIXTURES_DIR, path), "utf8");
    const parsed = parseFile(path, text);
    const selected = isSelected(config.select, fileProducts(parsed), text);
    const reference = expected.get(path);
    if (!selected) {
      if (reference !== undefined) results.push({ path, verdict: { kind: "not-selected" }, expected: reference, invalid: [] });
      continue;
    }
    const actual = convertParsed(parsed, config);
    const invalid = (queryTexts(config.format, actual.queries) ?? []).flatMap((q) =>
      validateQuery(q, config).map((p) => `${p.message} (at ${p.from}-${p.to}: …${q.slice(Math.max(0, p.from - 80), p.to + 80)}…)`),
    );
    if (reference === undefined) {
      results.push({ path, verdict: { kind: "extra" }, actual, invalid });
      continue;
    }
    results.push({ path, verdict: verdictFor(config, reference, actual), expected: reference, actual, invalid });
  }
  return results;
}

function formatRow(cells: readonly (string | number)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(" ").trimEnd();
}

/** Entry point; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const all = loadConfigs();
  const unknown = options.configs.filter((c) => !all.some((config) => config.name === c));
  if (unknown.length > 0) throw new Error(`unknown configuration(s): ${unknown.join(", ")}`);
  const configs = options.configs.length > 0 ? all.filter((c) => options.configs.includes(c.name)) : all;
  await loadPlugins(configs);
  let files = listRuleFiles();
  if (options.quick) files = quickSample(files);
  if (options.only !== undefined) files = files.filter((f) => f.includes(options.only ?? ""));

  mkdirSync(REPORT_DIR, { recursive: true });
  const widths = [32, 6, 10, 6, 14, 8];
  console.log(formatRow(["config", "total", "equivalent", "differ", "error-mismatch", "accepted"], widths));
  const summaries: ConfigSummary[] = [];
  for (const config of configs) {
    const results = runConfig(config, files);
    const summary = summarize(config.name, results);
    summaries.push(summary);
    writeFileSync(join(REPORT_DIR, `${config.name}.md`), renderReport(summary, results));
    console.log(
      formatRow(
        [config.name, summary.total, summary.equivalent, summary.differ, summary.errorMismatch, summary.accepted],
        widths,
      ),
    );
  }

  writeFileSync(join(REPORT_DIR, "summary.md"), renderSummary(summaries));

  let exitCode = 0;
  const invalid = summaries.filter((s) => s.invalid > 0);
  console.log(`LogQL-invalid queries: ${invalid.length === 0 ? 0 : invalid.map((s) => `${s.config} ${s.invalid}`).join(", ")}`);
  if (invalid.length > 0) exitCode = 1;

  // The ratchet applies to full file sets only (`--only` selects an arbitrary subset).
  if (options.only === undefined) {
    const mode = options.quick ? "quick" : "full";
    const file = readRatchet(RATCHET_FILE);
    const good = Object.fromEntries(summaries.map((s) => [s.config, s.equivalent + s.accepted]));
    const failures = ratchetFailures(file[mode] ?? {}, good);
    for (const failure of failures) console.error(`below ratchet (${mode}): ${failure}`);
    if (failures.length > 0) exitCode = 1;
    if (options.updateRatchet) {
      writeRatchet(RATCHET_FILE, { ...file, [mode]: raiseRatchet(file[mode] ?? {}, good) });
      console.log(`ratchet (${mode}) updated in ${RATCHET_FILE}`);
    }
  }
  console.log(`reports: ${REPORT_DIR}`);
  return exitCode;
}
