/**
 * @sigma/analysis — validators of Sigma rules (what `sigma check` runs) and analyses of rule sets
 * (`sigma analyze attack|logsource|fields`), as typed functions that return data. No Node
 * built-ins: it runs in a browser or a Grafana plugin as well. MITRE ATT&CK data is imported on
 * first use, so bundlers put it in a chunk of its own.
 * @packageDocumentation
 */
export * from "./attack/data.js";
export * from "./validators/index.js";
export type { AnyRule } from "./rules.js";
export { ruleSource } from "./rules.js";
export * from "./analyze/attack.js";
export * from "./analyze/logsource.js";
export * from "./analyze/fields.js";
