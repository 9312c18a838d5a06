import { parseCollection } from "@sigma/core";
import { selectAllBut, startValidation } from "../src/index.js";
import type { AnyRule, ValidationIssue } from "../src/index.js";

/** Parses YAML documents (`---` separated) into rules, references resolved; fails on any error. */
export function rules(yaml: string, path = "rules/test_rule_file.yml"): AnyRule[] {
  const collection = parseCollection(yaml, { path });
  const all: AnyRule[] = collection.rules;
  for (const r of all) if (r.errors.length) throw r.errors[0];
  return all;
}

/** A detection rule around a detection and extra top-level YAML. */
export function rule(detection: string, extra = "", path?: string): AnyRule {
  const yaml = `title: Test
id: 0e0b5f1c-8f3a-4d3e-9a77-3c1b8f0f9a11
status: test
logsource:
    category: process_creation
    product: windows
detection:
${detection.replace(/^/gm, "    ")}
level: medium
${extra}`;
  return rules(yaml, path)[0]!;
}

/** The issues one validator finds in the rules, as `type field=value …` lines. */
export async function issuesOf(validator: string, input: AnyRule[], config?: Record<string, unknown>): Promise<string[]> {
  const selection = { names: [validator], exclusions: new Map(), config: new Map(config ? [[validator, config]] : []) };
  const run = await startValidation(selection);
  const issues: ValidationIssue[] = [...input.flatMap((r) => run.validate(r)), ...run.finalize()];
  return issues.map((i) => [i.type, ...i.fields.map(([k, v]) => `${k}=${v}`)].join(" "));
}

export { selectAllBut };
