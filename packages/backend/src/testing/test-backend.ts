/**
 * A minimal backend for tests of the framework and of tools built on it (the CLI): a Splunk-like
 * `field="value"` language on the text base. Not a real query language.
 */
import { createTextQueryBackend } from "../text.js";
import type { TextQueryConfig } from "../text.js";
import type { Backend } from "../types.js";

/** Options of the test backend. */
export type TestBackendOptions = {
  /** Use the configuration without a NOT token (negation pushed down to the leaves). */
  no_not: boolean;
  /** Emit keywords as deferred `| search` parts after the main expression. */
  deferred_keywords: boolean;
  /** Text put before every query (exercises string options). */
  prefix: string;
  /** A number option (exercises coercion). */
  limit: number;
};

const base: TextQueryConfig = {
  tokens: { and: "AND", or: "OR", not: "NOT" },
  group: "({expr})",
  field: { quote: "'", quotePattern: /[^A-Za-z0-9_.]/ },
  string: { quote: '"', escapeChar: "\\", wildcardMulti: "*", wildcardSingle: "?" },
  eq: { template: "{field}={value}", negated: "{field}!={value}" },
  cased: { template: "{field}==={value}", negated: "{field}!=={value}" },
  bool: { true: "true", false: "false" },
  null: { template: "{field}=null", negated: "{field}!=null" },
  regex: { template: '{field}=~"{regex}"', negated: '{field}!~"{regex}"', escapeChars: '"', flagPrefix: true },
  cidr: { template: 'cidrmatch("{value}", {field})', negated: '!cidrmatch("{value}", {field})' },
  compare: { template: "{field}{op}{value}", operators: { lt: "<", lte: "<=", gt: ">", gte: ">=" } },
  exists: { exists: "{field}=*", notExists: "isnull({field})" },
  fieldRef: { template: "{field1}==field({field2})", negated: "{field1}!=field({field2})" },
  keyword: {
    string: { template: "{value}", negated: "NOT {value}" },
    number: { template: "{value}", negated: "NOT {value}" },
    regex: { template: 'regex "{value}"', negated: 'NOT regex "{value}"' },
  },
  inList: { template: "{field} IN ({list})", negated: "{field} NOT IN ({list})", separator: ", " },
  deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
  correlation: {
    queries: {
      stats: {
        event_count: "{search} | bin _time span={timespan} | stats count as event_count{groupby} | search {condition}",
        value_count: "{search} | bin _time span={timespan} | stats {aggregate}{groupby} | search {condition}",
      },
    },
    searchSingleRule: "{query}",
    searchMultiRule: { query: "({query})", joiner: " OR ", expression: "{queries}" },
    aggregations: { value_count: "dc({field}) as value_count" },
    conditions: { event_count: "event_count{op}{count}", value_count: "value_count{op}{count}" },
    groupBy: { expression: " by {fields}", joiner: " ", none: "" },
    timespan: { unitMapping: { m: "min" } },
  },
};

/** The text configuration of the test backend for given options. */
export function testBackendConfig(options: Readonly<TestBackendOptions>): TextQueryConfig {
  let config = base;
  if (options.no_not) config = { ...config, tokens: { and: "AND", or: "OR" } };
  if (options.deferred_keywords) {
    config = {
      ...config,
      keyword: {
        ...config.keyword,
        string: { template: "search {value}", negated: "search NOT {value}" },
        deferred: true,
      },
    };
  }
  return options.prefix ? { ...config, query: `${options.prefix}{query}` } : config;
}

/**
 * Creates the test backend. Formats: `default` (list of queries), `text` (queries joined by
 * newlines), `dict` (each query as `{ title, query }`). Correlation method: `stats`.
 */
export function createTestBackend(): Backend<TestBackendOptions> {
  return createTextQueryBackend<TestBackendOptions>(
    {
      name: "Test backend",
      identifier: "test",
      formats: { default: "List of queries", text: "Queries, one per line", dict: "Objects with title and query" },
      defaultFormat: "default",
      options: {
        no_not: { type: "boolean", default: false, description: "Language without NOT" },
        deferred_keywords: { type: "boolean", default: false, description: "Keywords as deferred parts" },
        prefix: { type: "string", default: "", description: "Query prefix" },
        limit: { type: "number", default: 0, description: "Unused number option" },
      },
      correlationMethods: { stats: "Correlation with stats" },
      defaultCorrelationMethod: "stats",
      finalizeQuery(rule, query, _index, ctx) {
        return ctx.format === "dict" ? { title: rule.title, query } : query;
      },
      finalizeOutput(queries, ctx) {
        return ctx.format === "text" ? queries.join("\n") : queries;
      },
    },
    (ctx) => testBackendConfig(ctx.options),
  );
}
