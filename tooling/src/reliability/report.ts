/** Readable report of campaign statistics. */
import type { CampaignStats } from "./campaign.js";

/** Crashes (every failure that is not a hang) and hangs of a campaign. */
export function counts(stats: CampaignStats): { crashes: number; hangs: number } {
  const hangs = stats.failures.filter((f) => f.kind === "hang").length;
  return { crashes: stats.failures.length - hangs, hangs };
}

export function formatReport(all: readonly CampaignStats[]): string {
  const lines: string[] = [];
  for (const s of all) {
    const { crashes, hangs } = counts(s);
    lines.push(`== ${s.campaign} (seed ${s.seed}) ==`);
    lines.push(`cases tried: ${s.cases} in ${(s.totalMs / 1000).toFixed(1)} s (${Math.round(s.cases / (s.totalMs / 1000))}/s); clean: ${s.clean}`);
    const classes = [...s.errorsByClass].sort((a, b) => b[1] - a[1]);
    lines.push(`errors by class: ${classes.length === 0 ? "none" : ""}`);
    for (const [name, n] of classes) lines.push(`  ${name.padEnd(40)} ${n}`);
    lines.push(`crashes: ${crashes}`);
    lines.push(`hangs: ${hangs}`);
    lines.push(`slowest case: #${s.slowest.index} ${s.slowest.ms.toFixed(1)} ms (${s.slowest.note})`);
    for (const f of s.failures.slice(0, 20)) {
      lines.push(`  FAIL #${f.index} [${f.kind}] ${f.note}: ${f.message.split("\n")[0]?.slice(0, 300)}${f.file ? ` -> fuzz-regressions/${f.file}` : ""}`);
    }
    lines.push("");
  }
  const total = all.reduce((n, s) => n + s.cases, 0);
  const crashes = all.reduce((n, s) => n + counts(s).crashes, 0);
  const hangs = all.reduce((n, s) => n + counts(s).hangs, 0);
  lines.push(`TOTAL: ${total} cases, ${crashes} crashes, ${hangs} hangs`);
  return lines.join("\n");
}
