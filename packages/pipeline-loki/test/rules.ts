/** Test helpers: Sigma rules from the spec's compact notation (YAML flow) or from fixture files. */
import { parseCollection } from "@sigma/core";
import type { SigmaCorrelationRule, SigmaRule } from "@sigma/core";
import { load } from "js-yaml";
import { readFixture } from "./fixtures.js";

/** A detection rule with the given detection (YAML flow text or data) and log source. */
export function ruleWith(detection: string | object, logsource: string | object = { category: "test" }): SigmaRule {
  const doc = {
    title: "Test",
    status: "test",
    logsource: typeof logsource === "string" ? load(logsource) : logsource,
    detection: typeof detection === "string" ? load(detection) : detection,
  };
  const rule = parseCollection(JSON.stringify(doc)).rules[0];
  if (rule?.kind !== "rule") throw new Error("not a rule");
  return rule;
}

/** The rules of a YAML file under fixtures/ (correlations resolved). */
export function fixtureRules(path: string): Array<SigmaRule | SigmaCorrelationRule> {
  return parseCollection(readFixture(path), { path }).rules;
}
