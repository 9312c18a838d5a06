/**
 * Every condition of the SigmaHQ corpus parses, prints back to the same tree and resolves against
 * its rule's detections (the reference converts all of them; none fails on its condition).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import type { ConditionAst } from "../model/condition.js";
import type { Detection, DetectionItem } from "../model/detection.js";
import { buildDetectionItem } from "../modifiers/index.js";
import { parseCondition } from "./parser.js";
import { printCondition } from "./print.js";
import { resolveCondition } from "./resolve.js";

const corpus = fileURLToPath(new URL("../../../../fixtures/corpus/sigma/", import.meta.url));

function* yamlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (name.endsWith(".yml")) yield p;
  }
}

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v !== "object";

/** A minimal detection builder (the real one lives in src/rule and reads YAML 1.1). */
function toDetection(v: unknown): Detection {
  if (Array.isArray(v)) {
    if (v.every(isScalar)) {
      return { kind: "detection", linking: "and", items: [buildDetectionItem(null, [], v.map((value) => ({ value })))] };
    }
    return { kind: "detection", linking: "or", items: v.map(toDetection) };
  }
  if (v && typeof v === "object") {
    return {
      kind: "detection",
      linking: "and",
      items: Object.entries(v).map(([key, x]): DetectionItem => {
        const [field, ...mods] = key.split("|");
        const vals = (Array.isArray(x) ? x : [x]) as Scalar[];
        return buildDetectionItem(field || null, mods, vals.map((value) => ({ value })));
      }),
    };
  }
  return { kind: "detection", linking: "and", items: [buildDetectionItem(null, [], [{ value: v as Scalar }])] };
}

const strip = (ast: ConditionAst): unknown =>
  ast.type === "identifier" || ast.type === "selector"
    ? { ...ast, start: 0, end: 0 }
    : ast.type === "not"
      ? { not: strip(ast.arg) }
      : { [ast.type]: ast.args.map(strip) };

describe("corpus conditions", () => {
  it("parse, round-trip through printCondition and resolve", () => {
    const failures: string[] = [];
    let count = 0;
    for (const file of yamlFiles(corpus)) {
      let docs: unknown[];
      try {
        docs = yaml.loadAll(readFileSync(file, "utf8"));
      } catch {
        continue;
      }
      for (const doc of docs) {
        const detection = (doc as { detection?: Record<string, unknown> } | null)?.detection;
        if (!detection) continue;
        try {
          const definitions = new Map<string, Detection>();
          for (const [k, v] of Object.entries(detection)) if (k !== "condition" && k !== "timeframe") definitions.set(k, toDetection(v));
          const conditions = (Array.isArray(detection.condition) ? detection.condition : [detection.condition]) as string[];
          for (const c of conditions) {
            const ast = parseCondition(c);
            expect(strip(parseCondition(printCondition(ast)))).toEqual(strip(ast));
            resolveCondition(ast, { definitions, conditions: [] });
            count++;
          }
        } catch (e) {
          failures.push(`${file}: ${String(e)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(3700);
  });
});
