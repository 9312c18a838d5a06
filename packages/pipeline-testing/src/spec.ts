/** Reads the pipeline spec (shared, read-only) and pulls code blocks out of it. */
import { readFileSync } from "node:fs";

const specUrl = new URL("../../../../shared/spec/pipelines-sysmon-windows.md", import.meta.url);

/** The whole spec text. */
export const specText: string = readFileSync(specUrl, "utf8");

/** The first fenced block of the given language after the heading that starts with `heading`. */
export function blockAfter(heading: string, lang = "yaml", text = specText): string {
  const start = text.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`heading not found: ${heading}`);
  const open = text.indexOf("```" + lang + "\n", start);
  if (open < 0) throw new Error(`no ${lang} block after ${heading}`);
  const body = open + lang.length + 4;
  return text.slice(body, text.indexOf("\n```", body));
}

/** One worked example (S1, W3, …): its input rule, expected processed parts and applied item ids. */
export interface WorkedExample {
  readonly id: string;
  readonly pipelines: string[];
  readonly input: string;
  readonly after: string;
  readonly applied: string[];
  readonly logql: string;
}

/** Every `#### <id> — …` worked example of the spec. */
export function workedExamples(): WorkedExample[] {
  const out: WorkedExample[] = [];
  const re = /\n#### ([SW]\d+) — /g;
  for (let m = re.exec(specText); m; m = re.exec(specText)) {
    const id = m[1]!;
    const from = m.index + 1;
    const next = specText.indexOf("\n#### ", from + 5);
    const section = specText.slice(from, next < 0 ? undefined : next);
    const pipelinesLine = /Pipelines: (.*)/.exec(section)?.[1] ?? "";
    const pipelines = [...pipelinesLine.matchAll(/`([^`]+)`/g)].map((p) => p[1]!);
    const appliedLine = /Items applied(?:, in order)?: (.*)/.exec(section)?.[1] ?? "";
    const applied = [...appliedLine.matchAll(/`([^`]+)`/g)].map((p) => p[1]!);
    out.push({
      id,
      pipelines,
      input: blockAfter("Input rule:", "yaml", "\n" + section),
      after: blockAfter("After processing", "yaml", "\n" + section),
      applied,
      logql: blockAfter("LogQL", "", "\n" + section),
    });
  }
  return out;
}
