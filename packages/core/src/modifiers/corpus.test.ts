/**
 * Checks modifier results against the fixtures: every `|re` value of the corpus must be
 * accepted, and the modifier conformance cases must produce the values the reference's queries show.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { SigmaValue } from "../model/values.js";
import { pythonReEscape } from "../values/string.js";
import { buildDetectionItem } from "./index.js";

const fixtures = fileURLToPath(new URL("../../../../fixtures/", import.meta.url));

function* yamlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (name.endsWith(".yml")) yield p;
  }
}

function* detectionEntries(node: unknown): Generator<[string, unknown]> {
  if (Array.isArray(node)) for (const n of node) yield* detectionEntries(n);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      yield [k, v];
      yield* detectionEntries(v);
    }
  }
}

describe("corpus regular expressions", () => {
  it("every |re value of the corpus is accepted", () => {
    const checked: string[] = [];
    const failures: string[] = [];
    for (const file of yamlFiles(join(fixtures, "corpus/sigma"))) {
      let docs: unknown[];
      try {
        docs = yaml.loadAll(readFileSync(file, "utf8"));
      } catch {
        continue;
      }
      for (const doc of docs) {
        const detection = (doc as { detection?: unknown } | null)?.detection;
        for (const [key, value] of detectionEntries(detection)) {
          const [field, ...mods] = key.split("|");
          if (!mods.includes("re")) continue;
          const vals = (Array.isArray(value) ? value : [value]) as (string | number | boolean | null)[];
          try {
            buildDetectionItem(field ?? null, mods, vals.map((v) => ({ value: v })));
            checked.push(key);
          } catch (e) {
            failures.push(`${file}: ${key}: ${String(e)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked.length).toBeGreaterThan(150);
  });
});

/** The label filter the Loki backend emits for a string value (default mode), to find it in expected queries. */
function lokiFilter(v: SigmaValue): string {
  if (v.type !== "string") throw new Error(`unexpected ${v.type}`);
  let body = "";
  for (const p of v.parts) {
    if (typeof p === "string") body += pythonReEscape(p);
    else if (p.kind === "wildcard") body += p.wildcard === "*" ? ".*" : ".";
  }
  const first = v.parts[0];
  const last = v.parts[v.parts.length - 1];
  const start = typeof first === "object" && first.kind === "wildcard" && first.wildcard === "*" ? "" : "^";
  const end = typeof last === "object" && last.kind === "wildcard" && last.wildcard === "*" ? "" : "$";
  return `fieldA=~\`(?i)${start}${body}${end}\``;
}

const flatten = (v: SigmaValue): SigmaValue[] => (v.type === "expansion" ? v.values.flatMap(flatten) : [v]);

describe("modifier conformance cases", () => {
  const expected = new Map<string, { queries?: string[] }>();
  for (const line of readFileSync(join(fixtures, "conformance/expected/default.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { path: string; queries?: string[] };
    expected.set(o.path, o);
  }
  it.each([
    "base64",
    "base64offset",
    "contains",
    "startswith",
    "endswith",
    "wide",
    "utf16",
    "utf16be",
    "windash",
    "chain_base64offset_contains",
    "chain_utf16_base64offset_contains",
    "chain_utf16be_base64_contains",
    "chain_wide_base64offset_contains",
    "chain_windash_contains",
  ])("%s", (name) => {
    const path = `conformance/cases/features/modifiers/${name}.yml`;
    const rule = yaml.load(readFileSync(join(fixtures, path), "utf8")) as { detection: { selection: Record<string, unknown> } };
    const [[key, value]] = Object.entries(rule.detection.selection) as [[string, unknown]];
    const [field, ...mods] = key.split("|");
    const vals = (Array.isArray(value) ? value : [value]) as string[];
    const item = buildDetectionItem(field ?? null, mods, vals.map((v) => ({ value: v })));
    const filters = item.values.flatMap(flatten).map(lokiFilter);
    const query = expected.get(path)?.queries?.[0] ?? "";
    // The positive selection comes first: its filters joined with " or ", in order.
    expect(query).toContain(`| logfmt | ${filters.join(" or ")}`);
  });
});
