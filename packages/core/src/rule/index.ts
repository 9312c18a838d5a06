/** Parsing of Sigma documents: detection rules, correlation rules and filters. */
export { parseRule } from "./rule.js";
export { parseCorrelationRule, referenceLocation, expressionNames } from "./correlation.js";
export { parseFilter } from "./filter.js";
export { parseSigmaDocument, documentKind } from "./document.js";
export { parseDetection, parseDetections } from "./detection.js";
export type { DetectionParseOptions } from "./detection.js";
export type { DocumentParseOptions } from "./context.js";
export { parseTimespan, TIMESPAN_UNIT_SECONDS } from "./timespan.js";
export { RULE_LEVELS, RULE_STATUSES, parseRuleDate, parseUuid } from "./meta.js";
