/** Readable per-configuration diff report (markdown) of a conformance run. */
import type { BugClass } from "./accepted.js";
import type { Verdict } from "./compare.js";
import type { FileOutcome } from "./expected.js";

/** The result for one file of one configuration. */
export interface FileResult {
  readonly path: string;
  readonly verdict: Verdict | { readonly kind: "not-selected" } | { readonly kind: "extra" };
  readonly expected?: FileOutcome;
  readonly actual?: FileOutcome;
  /** LogQL problems of our queries (query index → messages). */
  readonly invalid: readonly string[];
}

/** Counts of one configuration, as printed by the runner. */
export interface ConfigSummary {
  readonly config: string;
  readonly total: number;
  readonly equivalent: number;
  readonly differ: number;
  readonly errorMismatch: number;
  readonly accepted: number;
  readonly invalid: number;
  readonly byClass: Readonly<Partial<Record<BugClass, number>>>;
}

/** Summarises file results; `total` counts the reference's entries. */
export function summarize(config: string, results: readonly FileResult[]): ConfigSummary {
  const byClass: Partial<Record<BugClass, number>> = {};
  let equivalent = 0;
  let differ = 0;
  let errorMismatch = 0;
  let accepted = 0;
  let total = 0;
  let invalid = 0;
  for (const r of results) {
    invalid += r.invalid.length;
    if (r.verdict.kind === "extra") continue;
    total++;
    switch (r.verdict.kind) {
      case "equivalent":
        equivalent++;
        break;
      case "accepted":
        accepted++;
        for (const c of r.verdict.classes) byClass[c] = (byClass[c] ?? 0) + 1;
        break;
      case "error-mismatch":
        errorMismatch++;
        break;
      default:
        differ++;
    }
  }
  return { config, total, equivalent, differ, errorMismatch, accepted, invalid, byClass };
}

function fence(text: string): string {
  const clipped = text.length > 3000 ? `${text.slice(0, 3000)}\n… (${text.length - 3000} more characters)` : text;
  return `\`\`\`\`text\n${clipped}\n\`\`\`\``;
}

function outcomeText(outcome: FileOutcome | undefined): string {
  if (outcome === undefined) return "(none)";
  if (outcome.error !== undefined) return `error ${outcome.error.type}: ${outcome.error.message}`;
  return outcome.queries.map((q, i) => `[${i}] ${q}`).join("\n");
}

/** The markdown report of one configuration. */
export function renderReport(summary: ConfigSummary, results: readonly FileResult[]): string {
  const lines = [
    `# Conformance: ${summary.config}`,
    "",
    "| total | equivalent | differ | error-mismatch | accepted | LogQL-invalid |",
    "|---|---|---|---|---|---|",
    `| ${summary.total} | ${summary.equivalent} | ${summary.differ} | ${summary.errorMismatch} | ${summary.accepted} | ${summary.invalid} |`,
    "",
  ];
  const classes = Object.entries(summary.byClass);
  if (classes.length > 0) {
    lines.push("Accepted differences by class: " + classes.map(([c, n]) => `${c} ${n}`).join(", "), "");
  }
  const sections: [string, (r: FileResult) => boolean][] = [
    ["Differences", (r) => r.verdict.kind === "differ" || r.verdict.kind === "not-selected"],
    ["Error mismatches", (r) => r.verdict.kind === "error-mismatch"],
    ["LogQL-invalid queries", (r) => r.invalid.length > 0],
    ["Accepted differences", (r) => r.verdict.kind === "accepted"],
    ["Selected but not in the reference run", (r) => r.verdict.kind === "extra"],
    // Informational: both sides report an error (equivalent), but the messages differ.
    [
      "Error messages that differ (counted as equivalent)",
      (r) =>
        r.expected?.error !== undefined &&
        r.actual?.error !== undefined &&
        r.expected.error.message.replace(/ \(while converting rule .*\)$/, "") !== r.actual.error.message,
    ],
  ];
  for (const [title, predicate] of sections) {
    const matching = results.filter(predicate);
    if (matching.length === 0) continue;
    lines.push(`## ${title} (${matching.length})`, "");
    for (const r of matching) {
      const v = r.verdict;
      const detail =
        "detail" in v ? v.detail : v.kind === "accepted" ? `classes: ${v.classes.join(", ")}` : v.kind;
      lines.push(`### ${r.path}`, "", `- ${detail}`);
      for (const problem of r.invalid.slice(0, 10)) lines.push(`- LogQL: ${problem}`);
      if (r.invalid.length > 10) lines.push(`- … ${r.invalid.length - 10} more LogQL problems`);
      lines.push("", "reference:", fence(outcomeText(r.expected)), "", "ours:", fence(outcomeText(r.actual)), "");
    }
  }
  return lines.join("\n");
}

/** The markdown summary of a run: one row per configuration, accepted differences by class. */
export function renderSummary(summaries: readonly ConfigSummary[]): string {
  const lines = [
    "# Conformance summary",
    "",
    "| config | total | equivalent | differ | error-mismatch | accepted | LogQL-invalid |",
    "|---|---|---|---|---|---|---|",
    ...summaries.map(
      (s) =>
        `| [${s.config}](${s.config}.md) | ${s.total} | ${s.equivalent} | ${s.differ} | ${s.errorMismatch} | ${s.accepted} | ${s.invalid} |`,
    ),
    "",
    "## Accepted differences by class",
    "",
  ];
  const classes = new Set(summaries.flatMap((s) => Object.keys(s.byClass)));
  lines.push(`| class | ${summaries.map((s) => s.config).join(" | ")} |`, `|---|${summaries.map(() => "---").join("|")}|`);
  for (const c of [...classes].sort()) {
    lines.push(`| ${c} | ${summaries.map((s) => s.byClass[c as BugClass] ?? 0).join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
