/**
 * @sigma/core — the Sigma rule model and parser.
 * @packageDocumentation
 */
export * from "./errors.js";
export type * from "./model/values.js";
export type * from "./model/detection.js";
export type * from "./model/condition.js";
export type * from "./model/rule.js";
