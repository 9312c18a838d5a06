/**
 * LogQL validity checks: Grafana's LogQL grammar plus the checks Loki makes after parsing.
 * @packageDocumentation
 */
export { validateLogQL, isIpPattern } from "./logql.js";
export type { LogQLProblem } from "./logql.js";
export { unquoteGoString } from "./go-string.js";
export type { GoStringResult } from "./go-string.js";
export { checkGoTemplate } from "./go-template.js";
export type { TemplateProblem } from "./go-template.js";
