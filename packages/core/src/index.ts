/**
 * @sigma/core — the Sigma rule model and parser.
 * @packageDocumentation
 */
export * from "./errors.js";
export * from "./limits.js";
export { ValueBudget } from "./value-budget.js";
export type * from "./model/values.js";
export type * from "./model/detection.js";
export type * from "./model/condition.js";
export type * from "./model/rule.js";
export * from "./values/string.js";
export * from "./values/values.js";
export * from "./values/cidr.js";
export * from "./values/encoding.js";
export * from "./modifiers/index.js";
export * from "./condition/index.js";
export * from "./yaml/index.js";
export * from "./rule/index.js";
export * from "./collection/index.js";
export * from "./clone.js";
