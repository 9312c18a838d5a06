/**
 * `pnpm fuzz [--runs N] [--seed S] [--campaign NAME]...`: long fuzzing campaigns; failing cases go
 * to `tooling/fuzz-regressions/`.
 * `pnpm reliability [--runs N] [--pipelines N] [--seed S]`: every campaign (by default 100,000
 * mutated rules, 20,000 valid rules, 10,000 pipelines, 20,000 conditions, 20,000 expansions and
 * aliases, 10,000 pipeline-regex pipelines) and the report: cases tried, errors by class, crashes,
 * hangs, slowest case. Exit code 1 on any crash or hang.
 */
import { CAMPAIGNS, type CampaignName } from "./cases.js";
import { runCampaign, type CampaignStats } from "./campaign.js";
import { counts, formatReport } from "./report.js";

interface Args {
  mode: "fuzz" | "reliability";
  runs?: number;
  pipelines?: number;
  seed: number;
  campaigns: CampaignName[];
  hangMs?: number;
}

function parseArgs(argv: readonly string[]): Args {
  const [mode, ...rest] = argv;
  if (mode !== "fuzz" && mode !== "reliability") throw new Error("usage: cli.ts fuzz|reliability [options]");
  const args: Args = { mode, seed: 20260101, campaigns: [] };
  const number = (value: string | undefined, flag: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${value}`);
    return n;
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--runs") args.runs = number(rest[++i], arg);
    else if (arg === "--pipelines") args.pipelines = number(rest[++i], arg);
    else if (arg === "--seed") args.seed = number(rest[++i], arg);
    else if (arg === "--hang-ms") args.hangMs = number(rest[++i], arg);
    else if (arg === "--campaign") {
      const name = rest[++i] as CampaignName;
      if (!CAMPAIGNS.includes(name)) throw new Error(`unknown campaign ${name}; use ${CAMPAIGNS.join(", ")}`);
      args.campaigns.push(name);
    } else if (arg !== "--") throw new Error(`unknown argument ${arg}; use --runs N, --pipelines N, --seed S, --campaign NAME, --hang-ms MS`);
  }
  return args;
}

/** Cases per campaign. */
function plan(args: Args): [CampaignName, number][] {
  const selected = args.campaigns.length > 0 ? args.campaigns : [...CAMPAIGNS];
  const size = (name: CampaignName): number => {
    if (args.mode === "fuzz") return args.runs ?? 10_000;
    if (name === "pipelines" || name === "pipeline-regexes") return args.pipelines ?? 10_000;
    if (name === "rules") return args.runs ?? 100_000;
    return Math.ceil((args.runs ?? 100_000) / 5);
  };
  return selected.map((name) => [name, size(name)]);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const all: CampaignStats[] = [];
  for (const [campaign, runs] of plan(args)) {
    process.stderr.write(`${campaign}: ${runs} cases, seed ${args.seed}\n`);
    const stats = await runCampaign({
      campaign,
      runs,
      seed: args.seed,
      ...(args.hangMs !== undefined ? { hangMs: args.hangMs, slowMs: Math.min(10_000, args.hangMs) } : {}),
      onProgress: (done) => {
        if (done % 10_000 === 0) process.stderr.write(`  ${campaign}: ${done}/${runs}\n`);
      },
    });
    all.push(stats);
  }
  process.stdout.write(formatReport(all) + "\n");
  return all.some((s) => counts(s).crashes + counts(s).hangs > 0) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
