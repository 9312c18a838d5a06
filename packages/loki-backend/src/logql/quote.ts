/**
 * LogQL string literals and label names: the rules live in `@sigma/pipeline-loki` (stream
 * selectors need them too); these are the names the printer uses.
 */
export {
  doubleQuoteString as doubleQuote,
  quoteLabelValue as quoteValue,
  sanitizeLabelKey as sanitizeLabelName,
} from "@sigma/pipeline-loki";
