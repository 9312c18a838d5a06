/**
 * The campaigns: what each generates and which oracle checks it. Shared by the worker that runs
 * the cases and the supervisor that regenerates a case that hung.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { FIXTURES_DIR } from "../conformance/paths.js";
import { conditionTree, mutatedPipeline, mutatedRule, printTree, randomCondition, toYaml, validPipeline, validRule, type FuzzInput } from "./arbitraries.js";
import { REGEX_PROBE, expansionCase, regexPipelineCase } from "./expansions.js";
import { RULE_PIPELINES, checkConditionInput, checkExpansionInput, checkPipelineInput, checkRuleInput, checkValidRule } from "./oracles.js";

export const CAMPAIGNS = ["rules", "valid-rules", "pipelines", "conditions", "expansions", "pipeline-regexes"] as const;
export type CampaignName = (typeof CAMPAIGNS)[number];

/** One case ready to run: its input (as stored in the regression corpus) and its check. */
export interface Case extends FuzzInput {
  run(): string[];
}

/** File extension of a campaign's regression files. */
export function extensionOf(name: CampaignName): string {
  return name === "conditions" ? ".txt" : ".yml";
}

let corpusTexts: string[] | undefined;

/** The text of every corpus rule file (empty when the corpus is not there). */
export function corpus(): string[] {
  if (corpusTexts) return corpusTexts;
  const root = join(FIXTURES_DIR, "corpus", "sigma");
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".yml")) out.push(full);
    }
  };
  try {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name.startsWith("rules")) walk(join(root, entry.name));
    }
  } catch {
    // no corpus: generated seeds only
  }
  corpusTexts = out.sort().map((f) => readFileSync(f, "utf8"));
  return corpusTexts;
}

/** The arbitrary of a campaign, producing runnable cases. `index` picks the conversion pipelines. */
export function caseArbitrary(name: CampaignName): fc.Arbitrary<(index: number) => Case> {
  switch (name) {
    case "rules":
      return mutatedRule(corpus()).map((c) => (index: number) => ({ ...c, run: () => checkRuleInput(c.input, RULE_PIPELINES[index % RULE_PIPELINES.length]) }));
    case "valid-rules":
      return validRule.map((data) => () => {
        const text = toYaml(data);
        return { input: text, note: "valid", run: () => checkValidRule(data, text) };
      });
    case "pipelines":
      return fc
        .oneof({ weight: 4, arbitrary: mutatedPipeline }, validPipeline.map((p): FuzzInput => ({ input: toYaml(p), note: "valid" })))
        .map((c) => () => ({ ...c, run: () => checkPipelineInput(c.input) }));
    case "conditions":
      return fc
        .oneof(conditionTree().map((t): FuzzInput => ({ input: printTree(t), note: "generated" })), randomCondition.map((s): FuzzInput => ({ input: s, note: "random" })))
        .map((c) => () => ({ ...c, run: () => checkConditionInput(String(c.input)) }));
    case "expansions":
      return expansionCase.map((c) => () => ({ ...c, run: () => checkExpansionInput(String(c.input)) }));
    case "pipeline-regexes":
      return regexPipelineCase.map((c) => () => ({ ...c, run: () => checkPipelineInput(c.input, REGEX_PROBE) }));
  }
}

/** Re-runs a stored regression input with its campaign's check. */
export function replay(name: CampaignName, input: Uint8Array): string[] {
  switch (name) {
    case "rules":
      return RULE_PIPELINES.flatMap((pipelines) => checkRuleInput(input, pipelines));
    case "valid-rules":
      return checkRuleInput(input);
    case "pipelines":
      return checkPipelineInput(input);
    case "conditions":
      return checkConditionInput(new TextDecoder().decode(input));
    case "expansions":
      return checkExpansionInput(new TextDecoder().decode(input));
    case "pipeline-regexes":
      return checkPipelineInput(input, REGEX_PROBE);
  }
}
