/** Reads the shared reference spec and conformance data (read-only). */
import { readFileSync } from "node:fs";

const shared = new URL("../../../../shared/", import.meta.url);
/** The repository's reference data (fixtures/). */
const fixtures = new URL("../../../fixtures/", import.meta.url);

/** The text of `spec/reference-behaviour.md`. */
export const referenceSpec: string = readFileSync(new URL("spec/reference-behaviour.md", shared), "utf8");

/** The `- \`name\`…` bullet of §5.6 that starts with the given text. */
export function pipelineBullet(start: string): string {
  const line = referenceSpec.split("\n").find((l) => l.startsWith(`- ${start}`));
  if (!line) throw new Error(`no bullet ${start}`);
  return line;
}

/** `A→b, C→d` pairs of a spec sentence, as a mapping. */
export function arrowPairs(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/([\w-]+)→([\w-]+)/g)].map((m) => [m[1]!, m[2]!]));
}

/** A §5.13 example (`P04` …): its `in :` and `out:` lines. */
export function example(id: string): { head: string; input: string; out: string } {
  const lines = referenceSpec.split("\n");
  const at = lines.findIndex((l) => l.startsWith(`${id} `));
  if (at < 0) throw new Error(`no example ${id}`);
  const input = lines[at + 1]?.replace(/^\s*in : /, "") ?? "";
  const out = lines.slice(at + 1, at + 3).find((l) => l.trim().startsWith("out:"))?.replace(/^\s*out: /, "") ?? "";
  return { head: lines[at]!, input, out };
}

/** The stream selector at the start of a query (up to the first `} `). */
export function streamSelector(query: string): string {
  return query.slice(0, query.indexOf("} ") + 1);
}

/** Expected outputs of one conformance configuration, by path. */
export function conformance(config: string): Map<string, { queries?: string[]; error?: { message: string } }> {
  const text = readFileSync(new URL(`conformance/expected/${config}.jsonl`, fixtures), "utf8");
  return new Map(
    text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => {
        const entry = JSON.parse(l) as { path: string; queries?: string[]; error?: { message: string } };
        return [entry.path, entry];
      }),
  );
}

/** A file of the fixtures folder, by its path relative to it. */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, fixtures), "utf8");
}
