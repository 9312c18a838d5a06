/**
 * The fixtures made from the reference's pipeline spec (`fixtures/`, written by
 * `pnpm fixtures:refresh DROP`; see fixtures/README.md): the sysmon and windows pipelines as the
 * spec gives them, their data tables and the worked examples.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
// The files' format is defined where they are written.
import type { SpecPipelineName, WorkedExample } from "../../../tooling/src/fixtures/spec-pipelines.js";

export type { SpecPipelineName, WorkedExample };

/** A pipeline definition as the spec's YAML holds it. */
export interface SpecPipeline {
  name: string;
  priority: number;
  transformations: Array<{ id: string }>;
}

/** The text of a file of `fixtures/`. */
export function fixtureText(file: string): string {
  return readFileSync(new URL(`../fixtures/${file}`, import.meta.url), "utf8");
}

const fixture = <T>(file: string): T => load(fixtureText(file)) as T;

/** A pipeline's YAML (§2.3, §3.2.3, §3.3.3), for a YAML loader. */
export function specPipelineYaml(name: SpecPipelineName): string {
  return fixtureText(`${name}.yml`);
}

/** A pipeline's definition (§2.3, §3.2.3, §3.3.3), as data. */
export function specPipeline(name: SpecPipelineName): SpecPipeline {
  return fixture<SpecPipeline>(`${name}.yml`);
}

/** A pipeline's header (§2.1, §3.2.1, §3.3.1): name and priority. */
export function specPipelineHeader(name: SpecPipelineName): { name: string; priority: number } {
  return fixture<Record<SpecPipelineName, { name: string; priority: number }>>("pipeline-headers.yml")[name];
}

/** Table §2.2: each category and the Sysmon EventID (a number or a list) added for it, in item order. */
export function sysmonCategoryTable(): Array<{ category: string; eventId: number | number[] }> {
  return fixture("sysmon-categories.yml");
}

/** Table §3.2.2 (b): each Windows service and its Channel (a list when several are OR-ed), in item order. */
export function windowsServiceTable(): Array<{ service: string; channel: string | string[] }> {
  return fixture("windows-services.yml");
}

/** Every worked example (§2.5, §3.4), in the spec's order. */
export function workedExamples(): WorkedExample[] {
  return fixture("worked-examples.yml");
}
