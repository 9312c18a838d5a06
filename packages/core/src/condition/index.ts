/**
 * Conditions: parsing, printing and resolution against detections.
 */
export { parseCondition, PIPE_SYNTAX_MESSAGE, MAX_CONDITION_DEPTH } from "./parser.js";
export { conditionShape, printCondition } from "./print.js";
export { resolveCondition, ruleConditionTrees, detectionTree, detectionItemTree, selectorMatches } from "./resolve.js";
