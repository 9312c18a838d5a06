/**
 * `pnpm bench`: the corpus (every rule folder of fixtures/corpus/sigma, 3,780 files) converted
 * in-process and through the built CLI, for the default, ruler and sysmon configurations.
 *
 * Prints one JSON line per measurement, then readable tables: per stage (read, YAML, rule model,
 * pipelines, conversion, output) the median over the runs, rules/s, per-rule median and p99 and
 * peak RSS; the CLI's wall time and peak RSS (including a one-rule run and Node's own start-up);
 * and the time and memory of converting the corpus repeated 10 times against once. Each
 * in-process measurement runs in its own child process so that its peak RSS is its own.
 *
 * Options: --quick (one run, in-process scaling with K=3 only: the CI mode), --runs N, --config
 * NAME (repeatable), --scale K (default 10), --no-cli, --no-scaling, --save FILE (write the JSON lines),
 * --baseline FILE (ratios against a saved run: the machine is shared, compare ratios).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCollection, SigmaError } from "@sigma/loki-backend";
import { FLOOR_SCRIPT, spawnNode, spawnSigma } from "./bench/cli.js";
import { CORPUS_DIR, corpusFiles, corpusRoots } from "./bench/corpus.js";
import { STAGES, runPass, selected, type PassResult, type StageTimes } from "./bench/inprocess.js";
import { headline, measurementKey, parseMeasurements, ratioText, round, table, type Measurement } from "./bench/report.js";
import { loadConfigs, type ConformanceConfig } from "./conformance/configs.js";
import { median, quantile } from "./stats.js";

/** A small rule for the one-rule CLI case (one selection, one condition). */
const ONE_RULE = join(CORPUS_DIR, "rules/windows/process_creation/proc_creation_win_hktl_sharpldapwhoami.yml");
const MB = 1_000_000 / (1024 * 1024);

/**
 * Where the CLI runs write their output: a scratch file, never a device. Writing is part of the job
 * being measured, and `-o` replaces its target atomically (as root, `-o /dev/null` once turned the
 * machine's /dev/null into a regular file).
 */
const SCRATCH_DIR = mkdtempSync(join(tmpdir(), "sigma-bench-"));
const SCRATCH_OUTPUT = join(SCRATCH_DIR, "out.logql");
process.on("exit", () => rmSync(SCRATCH_DIR, { recursive: true, force: true }));

interface Options {
  quick: boolean;
  runs: number;
  configs: string[];
  scale: number;
  cli: boolean;
  scaling: boolean;
  save?: string;
  baseline?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { quick: false, runs: 5, configs: [], scale: 0, cli: true, scaling: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--quick") o.quick = true;
    else if (arg === "--runs") o.runs = Number(value());
    else if (arg === "--config") o.configs.push(value());
    else if (arg === "--scale") o.scale = Number(value());
    else if (arg === "--no-cli") o.cli = false;
    else if (arg === "--no-scaling") o.scaling = false;
    else if (arg === "--save") o.save = value();
    else if (arg === "--baseline") o.baseline = value();
    else if (arg !== "--") throw new Error(`unknown argument ${arg}; see the comment at the top of tooling/src/bench.ts`);
  }
  if (o.quick) o.runs = 1;
  // The quick (CI) mode repeats the corpus 3 times, not 10, to stay within about a minute.
  if (o.scale === 0) o.scale = o.quick ? 3 : 10;
  if (!(o.runs >= 1) || !(o.scale >= 2)) throw new Error("--runs must be >= 1 and --scale >= 2");
  if (o.configs.length === 0) o.configs = ["default", "ruler", "sysmon"];
  return o;
}

/** What a child process reports for one configuration. */
interface ChildReport {
  readonly passes: PassResult[];
  readonly passMs: number[];
  readonly peakRssMiB: number;
}

/** Child mode: `--child CONFIG RUNS REPEAT` runs the passes and prints a ChildReport. */
function child(argv: readonly string[]): number {
  const [name, runs, repeat] = argv;
  const config = loadConfigs().find((c) => c.name === name);
  if (!config) throw new Error(`unknown configuration ${name}`);
  const files = corpusFiles();
  const passes: PassResult[] = [];
  const passMs: number[] = [];
  for (let i = 0; i < Number(runs); i++) {
    const t = performance.now();
    passes.push(runPass(config, files, Number(repeat)));
    passMs.push(performance.now() - t);
  }
  const report: ChildReport = { passes, passMs, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(report) + "\n");
  return 0;
}

function inChild(config: string, runs: number, repeat: number): ChildReport {
  const script = process.argv[1] ?? "";
  const result = spawnSync(process.execPath, [...process.execArgv, script, "--child", config, String(runs), String(repeat)], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status !== 0) throw new Error(`benchmark child for ${config} failed (exit ${result.status})`);
  return JSON.parse(result.stdout.trim().split("\n").pop() ?? "") as ChildReport;
}

function inProcess(config: ConformanceConfig, runs: number): Measurement {
  const report = inChild(config.name, runs, 1);
  const passes = report.passes;
  const total = (p: PassResult): number => STAGES.reduce((sum, s) => sum + p.stages[s], 0);
  const stageMedian = Object.fromEntries(STAGES.map((s) => [s, round(median(passes.map((p) => p.stages[s])))])) as StageTimes;
  const totalMs = median(passes.map(total));
  const perRule = passes.flatMap((p) => p.perRule).sort((a, b) => a - b);
  const afterYaml = passes.flatMap((p) => p.perRuleAfterYaml).sort((a, b) => a - b);
  const last = passes[passes.length - 1];
  const rules = last?.rules ?? 0;
  return {
    kind: "inprocess",
    name: config.name,
    runs,
    files: last?.files ?? 0,
    rules,
    failures: last?.failures ?? 0,
    stageMsMedian: stageMedian,
    totalMsMedian: round(totalMs),
    rulesPerSecond: round(totalMs > 0 ? (rules / totalMs) * 1000 : 0),
    perRuleUs: { median: round(quantile(perRule, 0.5) * 1000), p99: round(quantile(perRule, 0.99) * 1000) },
    perRuleAfterYamlUs: { median: round(quantile(afterYaml, 0.5) * 1000), p99: round(quantile(afterYaml, 0.99) * 1000) },
    peakRssMiB: round(report.peakRssMiB),
  };
}

/** The `sigma convert` arguments of a configuration (its files when it selects a product). */
function cliArgs(config: ConformanceConfig, inputs: readonly string[]): string[] {
  const args = ["convert", "-t", "loki", "-f", config.format];
  for (const p of config.pipelines) args.push("-p", p);
  for (const [key, value] of Object.entries(config.options)) args.push("-O", `${key}=${String(value)}`);
  return [...args, ...inputs, "-o", SCRATCH_OUTPUT];
}

/**
 * The floor under the CLI corpus run: Node start-up, walking and reading the corpus, and (unless
 * `readOnly`) js-yaml parsing it, with nothing else. What a run costs above this is ours.
 */
function floorMeasurement(roots: readonly string[], runs: number, readOnly: boolean): Measurement {
  const results = Array.from({ length: runs }, () => spawnNode([FLOOR_SCRIPT, ...(readOnly ? ["--no-yaml"] : []), ...roots], true));
  const inScript = results.map((r) => JSON.parse(r.stdout?.trim() || "{}") as Record<string, number>);
  const stage = (key: string): number => round(median(inScript.map((m) => m[key] ?? 0)));
  return {
    kind: "floor",
    name: readOnly ? "node+read" : "node+read+js-yaml",
    runs,
    files: inScript[0]?.["files"] ?? 0,
    wallMsMedian: round(median(results.map((r) => r.wallMs))),
    wallMsMin: round(Math.min(...results.map((r) => r.wallMs))),
    inScriptMsMedian: { walk: stage("walkMs"), read: stage("readMs"), yaml: stage("yamlMs") },
    peakRssMiB: results[0]?.peakRssMiB !== undefined ? round(Math.max(...results.map((r) => r.peakRssMiB ?? 0))) : null,
  };
}

function cliMeasurement(name: string, args: readonly string[], runs: number, rules: number): Measurement {
  const results = Array.from({ length: runs }, () => spawnSigma(args));
  const wall = median(results.map((r) => r.wallMs));
  const rss = results.map((r) => r.peakRssMiB).filter((v): v is number => v !== undefined);
  return {
    kind: "cli",
    name,
    runs,
    rules,
    wallMsMedian: round(wall),
    wallMsMin: round(Math.min(...results.map((r) => r.wallMs))),
    rulesPerSecond: round(rules > 0 ? (rules / wall) * 1000 : 0),
    peakRssMiB: rss.length > 0 ? round(Math.max(...rss)) : null,
    exitCode: results[0]?.exitCode ?? null,
  };
}

/** Files of a configuration that selects a product (parsed once, as the in-process run does). */
function selectedFiles(config: ConformanceConfig, files: readonly string[]): string[] {
  return files.filter((path) => {
    try {
      return selected(config, parseCollection(readFileSync(path), { path, collectErrors: true }));
    } catch (error) {
      if (error instanceof SigmaError) return false;
      throw error;
    }
  });
}

function main(argv: readonly string[]): number {
  if (argv[0] === "--child") return child(argv.slice(1));
  const o = parseArgs(argv);
  const configs = loadConfigs().filter((c) => o.configs.includes(c.name));
  const missing = o.configs.filter((n) => !configs.some((c) => c.name === n));
  if (missing.length > 0) throw new Error(`unknown configuration(s): ${missing.join(", ")}`);
  const files = corpusFiles();
  const roots = corpusRoots();
  const out: Measurement[] = [];
  const emit = (m: Measurement): void => {
    out.push(m);
    console.log(JSON.stringify(m));
  };

  for (const config of configs) emit(inProcess(config, o.runs));

  if (o.cli) {
    const node = Array.from({ length: Math.max(3, o.runs) }, () => spawnNode(["-e", "0"]));
    emit({ kind: "node", name: "start-up", runs: node.length, wallMsMedian: round(median(node.map((r) => r.wallMs))) });
    emit(floorMeasurement(roots, Math.max(3, o.runs), true));
    emit(floorMeasurement(roots, Math.max(3, o.runs), false));
    const rulesOf = (name: string): number => (out.find((m) => m.kind === "inprocess" && m.name === name)?.["rules"] as number) ?? 0;
    for (const config of configs) {
      const inputs = config.select === null ? roots : selectedFiles(config, files);
      emit(cliMeasurement(config.name, cliArgs(config, inputs), o.runs, rulesOf(config.name)));
    }
    const rulesFolder = join(CORPUS_DIR, "rules");
    emit(cliMeasurement("rules-folder", ["convert", "-t", "loki", rulesFolder, "-o", SCRATCH_OUTPUT], o.runs, corpusFiles([rulesFolder]).length));
    emit(cliMeasurement("one-rule", ["convert", "-t", "loki", ONE_RULE, "-o", SCRATCH_OUTPUT], Math.max(3, o.runs), 1));
  }

  if (o.scaling) {
    const once = inChild("default", 1, 1);
    const many = inChild("default", 1, o.scale);
    const t1 = once.passMs[0] ?? 0;
    const tk = many.passMs[0] ?? 0;
    emit({
      kind: "scaling",
      name: `inprocess-x${o.scale}`,
      factor: o.scale,
      timeMs: [round(t1), round(tk)],
      timeRatio: round(tk / t1, 2),
      peakRssMiB: [round(once.peakRssMiB), round(many.peakRssMiB)],
      rssRatio: round(many.peakRssMiB / once.peakRssMiB, 2),
    });
    if (o.cli && !o.quick) {
      const one = spawnSigma(["convert", "-t", "loki", ...roots, "-o", SCRATCH_OUTPUT]);
      const k = spawnSigma(["convert", "-t", "loki", ...Array.from({ length: o.scale }, () => roots).flat(), "-o", SCRATCH_OUTPUT]);
      emit({
        kind: "scaling",
        name: `cli-x${o.scale}`,
        factor: o.scale,
        timeMs: [round(one.wallMs), round(k.wallMs)],
        timeRatio: round(k.wallMs / one.wallMs, 2),
        peakRssMiB: [round(one.peakRssMiB ?? 0), round(k.peakRssMiB ?? 0)],
        rssRatio: one.peakRssMiB && k.peakRssMiB ? round(k.peakRssMiB / one.peakRssMiB, 2) : null,
      });
    }
  }

  for (const t of targets(out, o.scale)) emit(t);
  if (o.save) writeFileSync(o.save, out.map((m) => JSON.stringify(m)).join("\n") + "\n");
  const before = o.baseline ? parseMeasurements(readFileSync(o.baseline, "utf8")) : [];
  console.log("\n" + readable(out, before));
  return 0;
}

/** The targets, where the measurements allow checking them (informational: never fails). */
function targets(out: readonly Measurement[], scale: number): Measurement[] {
  const find = (kind: string, name: string): Measurement | undefined => out.find((m) => m.kind === kind && m.name === name);
  const result: Measurement[] = [];
  const add = (name: string, value: number | undefined, limit: number, unit: string, floor?: number): void => {
    if (value === undefined) return;
    const m: Measurement = { kind: "target", name, value: round(value, 2), limit: round(limit, 2), unit, met: value <= limit };
    // The floor: what the same machine needs for the part of the job that is not ours.
    result.push(floor === undefined ? m : { ...m, floor: round(floor, 2) });
  };
  const cli = find("cli", "default");
  const floor = find("floor", "node+read+js-yaml")?.["wallMsMedian"] as number | undefined;
  add("cli-corpus-wall", cli?.["wallMsMedian"] as number | undefined, 1000, "ms", floor);
  const rss = cli?.["peakRssMiB"];
  add("cli-corpus-peak-rss", typeof rss === "number" ? rss / MB : undefined, 250, "MB");
  const inproc = find("inprocess", "default")?.["perRuleAfterYamlUs"] as { median: number } | undefined;
  add("inprocess-rule-after-yaml-median", inproc?.median, 50, "us");
  const nodeAlone = find("node", "start-up")?.["wallMsMedian"] as number | undefined;
  add("cli-one-rule-wall", find("cli", "one-rule")?.["wallMsMedian"] as number | undefined, 150, "ms", nodeAlone);
  add(`inprocess-x${scale}-time-ratio`, find("scaling", `inprocess-x${scale}`)?.["timeRatio"] as number | undefined, scale * 1.05, "x");
  add(`cli-x${scale}-time-ratio`, find("scaling", `cli-x${scale}`)?.["timeRatio"] as number | undefined, scale * 1.05, "x");
  return result;
}

function readable(out: readonly Measurement[], before: readonly Measurement[]): string {
  const old = new Map(before.map((m) => [measurementKey(m), m]));
  const vs = (m: Measurement): string => {
    const b = old.get(measurementKey(m));
    return ratioText(headline(m), b ? headline(b) : undefined);
  };
  const parts: string[] = [];
  const inproc = out.filter((m) => m.kind === "inprocess");
  if (inproc.length > 0) {
    parts.push(
      "In-process (median ms per stage over the runs; per-rule figures in µs)\n" +
        table(
          ["config", "rules", ...STAGES, "total", "rules/s", "rule p50", "rule p99", "after-YAML p50", "peak RSS MiB", "vs baseline"],
          inproc.map((m) => {
            const s = m["stageMsMedian"] as StageTimes;
            const pr = m["perRuleUs"] as { median: number; p99: number };
            const ay = m["perRuleAfterYamlUs"] as { median: number };
            return [m.name, String(m["rules"]), ...STAGES.map((k) => String(s[k])), String(m["totalMsMedian"]), String(m["rulesPerSecond"]), String(pr.median), String(pr.p99), String(ay.median), String(m["peakRssMiB"]), vs(m)];
          }),
        ),
    );
  }
  const cli = out.filter((m) => m.kind === "cli" || m.kind === "node" || m.kind === "floor");
  if (cli.length > 0) {
    const caseName = (m: Measurement): string => (m.kind === "node" ? "node -e 0" : m.kind === "floor" ? `floor: ${m.name}` : m.name);
    parts.push(
      "CLI (spawned built binary; wall ms; floor rows: Node walking, reading and js-yaml-parsing the corpus, nothing else)\n" +
        table(
          ["case", "rules", "wall p50", "wall min", "rules/s", "peak RSS MiB", "exit", "vs baseline"],
          cli.map((m) => [caseName(m), String(m["rules"] ?? m["files"] ?? "-"), String(m["wallMsMedian"]), String(m["wallMsMin"] ?? "-"), String(m["rulesPerSecond"] ?? "-"), String(m["peakRssMiB"] ?? "-"), String(m["exitCode"] ?? "-"), vs(m)]),
        ),
    );
  }
  const scaling = out.filter((m) => m.kind === "scaling");
  if (scaling.length > 0) {
    parts.push(
      "Scaling (corpus once vs repeated)\n" +
        table(
          ["case", "ms x1", "ms xK", "time ratio", "RSS MiB x1", "RSS MiB xK", "RSS ratio"],
          scaling.map((m) => {
            const t = m["timeMs"] as number[];
            const r = m["peakRssMiB"] as number[];
            return [m.name, String(t[0]), String(t[1]), String(m["timeRatio"]), String(r[0]), String(r[1]), String(m["rssRatio"])];
          }),
        ),
    );
  }
  const tg = out.filter((m) => m.kind === "target");
  if (tg.length > 0) {
    parts.push(
      "Targets (issue 6)\n" +
        table(
          ["target", "value", "limit", "floor", "value / floor", "met"],
          tg.map((m) => {
            const unit = String(m["unit"]);
            const floor = m["floor"];
            // The machine's speed varies (Node alone starts in 80–150 ms here): the ratio to the
            // floor, measured in the same run, is the steadier figure.
            const ratio = typeof floor === "number" && floor > 0 ? `${round((m["value"] as number) / floor, 2)}x` : "-";
            const floorText = floor === undefined ? "-" : `${String(floor)} ${unit}`;
            return [m.name, `${String(m["value"])} ${unit}`, `${String(m["limit"])} ${unit}`, floorText, ratio, m["met"] ? "yes" : "NO"];
          }),
        ),
    );
  }
  return parts.join("\n\n");
}

process.exitCode = main(process.argv.slice(2));
