/**
 * The text settings of pySigma 1.5.0's `TextQueryTestBackend` (sigma/backends/test/backend.py):
 * each entry is one of its class attributes, written as this project's typed settings.
 */
import type { CorrelationSettings, TextQuerySettings } from "@sigma/backend";

/** Python's `^\w+$` with `re.match` on a str: Unicode letters, digits and `_`; `$` also before a final newline. */
const PYTHON_WORD = /^[\p{L}\p{N}_]+\n?$/u;

const window = "window={timespan}";

const correlation: CorrelationSettings = {
  search: {
    singleRule: "{query}",
    multiRule: "{queries}",
    multiRuleQuery: 'subsearch {{ {query} | set event_type="{ruleid}"{normalization} }}',
    multiRuleJoiner: "\n",
    normalization: " | set {alias}={field}",
    normalizationJoiner: "",
  },
  methods: {
    test: {
      query: {
        default: "{search}\n{aggregate}\n{condition}",
        temporal: "{search}\n\n{aggregate}\n\n{condition}",
        temporal_extended: "{search}\n\n{aggregate}\n\n{condition}",
        temporal_ordered_extended: "{search}\n\n{aggregate}\n\n{condition}",
      },
      aggregation: {
        event_count: `| aggregate ${window} count() as event_count{groupby}`,
        value_count: `| aggregate ${window} value_count({field}) as value_count{groupby}`,
        temporal: `| temporal ${window} eventtypes={referenced_rules}{groupby}`,
        temporal_ordered: `| temporal ordered=true ${window} eventtypes={referenced_rules}{groupby}`,
        value_sum: `| aggregate ${window} sum({field}) as value_sum{groupby}`,
        value_avg: `| aggregate ${window} avg({field}) as value_avg{groupby}`,
        value_percentile: `| aggregate ${window} percentile({field}, {percentile}) as value_percentile{groupby}`,
        value_median: `| aggregate ${window} median({field}) as value_median{groupby}`,
        temporal_extended: `| temporal extended=true ${window}{groupby}`,
        temporal_ordered_extended: `| temporal ordered=true extended=true ${window}{groupby}`,
      },
      condition: {
        event_count: "| where event_count {op} {count}",
        value_count: "| where value_count {op} {count}",
        temporal: "| where eventtype_count {op} {count}",
        temporal_ordered: "| where eventtype_count {op} {count} and eventtype_order={referenced_rules}",
        value_sum: "| where value_sum {op} {count}",
        value_avg: "| where value_avg {op} {count}",
        value_percentile: "| where value_percentile {op} {count}",
        value_median: "| where value_median {op} {count}",
        temporal_extended: "| where {expression}",
        temporal_ordered_extended: "| where {expression}",
      },
      ruleCondition: { template: 'matched_rules="{ruleid}"' },
      groupBy: { expression: " by {fields}", item: "{field}", joiner: ", " },
      referencedRules: { item: "{ruleid}", joiner: "," },
    },
  },
  timespanUnits: { m: "min" },
};

/** `TextQueryTestBackend`'s settings. */
export const textQueryTestSettings: TextQuerySettings = {
  group: "({expr})",
  tokens: { or: "or", and: "and", not: "not", eq: "=" },
  fieldName: { quote: "'", quotePattern: PYTHON_WORD },
  string: { quote: '"', escape: "\\", wildcardMulti: "*", wildcardSingle: "?", addEscaped: ":", filterChars: "&" },
  bool: { true: "1", false: "0" },
  stringMatch: {
    startsWith: { template: "{field} startswith {value}" },
    endsWith: { template: "{field} endswith {value}" },
    contains: { template: "{field} contains {value}" },
    wildcard: { template: "{field} match {value}" },
  },
  exists: { exists: "exists({field})", notExists: "notexists({field})" },
  regex: { expression: { template: "{field}=/{regex}/" }, escapeChar: "\\", escaped: ["/", "bar"] },
  casedMatch: {
    match: { template: "{field} casematch {value}" },
    startsWith: { template: "{field} startswith_cased {value}" },
    endsWith: { template: "{field} endswith_cased {value}" },
    contains: { template: "{field} contains_cased {value}" },
  },
  cidr: { template: "cidrmatch('{field}', \"{value}\")" },
  compare: { expression: "{field}{operator}{value}", operators: { lt: "<", lte: "<=", gt: ">", gte: ">=" } },
  fieldReference: {
    equals: { template: "{field1}=fieldref({field2})" },
    startsWith: { template: "{field1}=fieldref_startswith({field2})" },
    endsWith: { template: "{field1}=fieldref_endswith({field2})" },
    contains: { template: "{field1}=fieldref_contains({field2})" },
  },
  null: { template: "{field} is null" },
  inList: {
    expression: "{field} {op} ({list})",
    orOperator: "in",
    andOperator: "contains-all",
    separator: ", ",
    allowWildcards: true,
  },
  unbound: { string: { template: "_={value}" }, number: { template: "_={value}" }, regex: { template: "_=/{value}/" } },
  deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
  correlation,
  // The reference's text for negated expansions, so that outputs compare equal.
  quirks: { ungroupedNegatedExpansions: true },
};
