/**
 * `pnpm bench [--quick] [--runs N] [--config NAME]`: converts the whole corpus in-process for the
 * default, ruler and sysmon configurations and reports, per stage (read files, YAML + rule model,
 * pipelines + conversion, output), the median over N runs, rules/s, per-rule median and p99 and
 * the peak RSS: one JSON line per measurement, then a readable table.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfigs, type ConformanceConfig } from "./conformance/configs.js";
import { AdapterError, fileProducts, parseFile, stagedConversion, type ParsedFile } from "./conformance/convert-adapter.js";
import { SHARED_DIR } from "./conformance/paths.js";
import { isSelected, listRuleFiles } from "./conformance/select.js";
import { median, quantile } from "./stats.js";

const STAGES = ["read", "parse", "convert", "output"] as const;
type Stage = (typeof STAGES)[number];

interface RunResult {
  readonly stages: Record<Stage, number>;
  readonly rules: number;
  /** Milliseconds per rule of each file (file total / rules in the file). */
  readonly perRule: number[];
  readonly failures: number;
}

function runOnce(config: ConformanceConfig, files: readonly string[]): RunResult {
  const stages: Record<Stage, number> = { read: 0, parse: 0, convert: 0, output: 0 };
  const perRule: number[] = [];
  let rules = 0;
  let failures = 0;
  for (const path of files) {
    let t = performance.now();
    const text = readFileSync(join(SHARED_DIR, path), "utf8");
    const read = performance.now() - t;
    t = performance.now();
    const parsed: ParsedFile = parseFile(path, text);
    const parse = performance.now() - t;
    if (!isSelected(config.select, fileProducts(parsed), text)) continue;
    stages.read += read;
    stages.parse += parse;
    if (parsed.collection === undefined) {
      failures++;
      continue;
    }
    const count = Math.max(1, parsed.collection.rules.length);
    let convert = 0;
    let output = 0;
    try {
      const run = stagedConversion(parsed.collection, config);
      t = performance.now();
      run.convert();
      convert = performance.now() - t;
      t = performance.now();
      run.finalize();
      output = performance.now() - t;
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      failures++;
    }
    stages.convert += convert;
    stages.output += output;
    rules += count;
    perRule.push((read + parse + convert + output) / count);
  }
  return { stages, rules, perRule, failures };
}

function parseArgs(argv: readonly string[]): { quick: boolean; runs: number; configs: string[] } {
  let quick = false;
  let runs = 5;
  const configs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") quick = true;
    else if (arg === "--runs") runs = Number(argv[++i]);
    else if (arg === "--config") configs.push(argv[++i] ?? "");
    else if (arg !== "--") throw new Error(`unknown argument ${arg}; use --quick, --runs N, --config NAME`);
  }
  return { quick, runs: quick ? 1 : runs, configs: configs.length > 0 ? configs : ["default", "ruler", "sysmon"] };
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  const configs = loadConfigs().filter((c) => options.configs.includes(c.name));
  const files = listRuleFiles();
  const rows: string[][] = [];
  for (const config of configs) {
    let results: RunResult[];
    try {
      results = Array.from({ length: options.runs }, () => runOnce(config, files));
    } catch (error) {
      if (!(error instanceof AdapterError)) throw error;
      console.log(JSON.stringify({ config: config.name, skipped: error.message }));
      rows.push([config.name, "skipped", error.message]);
      continue;
    }
    const last = results[results.length - 1];
    const rules = last?.rules ?? 0;
    const stageMedians = Object.fromEntries(STAGES.map((s) => [s, median(results.map((r) => r.stages[s]))])) as Record<Stage, number>;
    const totalMedian = median(results.map((r) => STAGES.reduce((sum, s) => sum + r.stages[s], 0)));
    const perRule = results.flatMap((r) => r.perRule).sort((a, b) => a - b);
    const measurement = {
      config: config.name,
      runs: options.runs,
      files: last?.perRule.length ?? 0,
      rules,
      failures: last?.failures ?? 0,
      stageMsMedian: Object.fromEntries(STAGES.map((s) => [s, round(stageMedians[s])])),
      totalMsMedian: round(totalMedian),
      rulesPerSecond: round(totalMedian > 0 ? (rules / totalMedian) * 1000 : 0),
      perRuleMsMedian: round(quantile(perRule, 0.5), 3),
      perRuleMsP99: round(quantile(perRule, 0.99), 3),
      peakRssMiB: round(process.resourceUsage().maxRSS / 1024),
    };
    console.log(JSON.stringify(measurement));
    rows.push([
      config.name,
      String(rules),
      ...STAGES.map((s) => String(round(stageMedians[s]))),
      String(measurement.rulesPerSecond),
      String(measurement.perRuleMsMedian),
      String(measurement.perRuleMsP99),
      String(measurement.peakRssMiB),
    ]);
  }
  const header = ["config", "rules", "read ms", "parse ms", "convert ms", "output ms", "rules/s", "rule p50 ms", "rule p99 ms", "peak RSS MiB"];
  console.log("");
  for (const row of [header, ...rows]) console.log(row.map((c, i) => c.padStart(i === 0 ? 0 : 12).padEnd(i === 0 ? 18 : 0)).join(" "));
  return 0;
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

process.exitCode = main(process.argv.slice(2));
