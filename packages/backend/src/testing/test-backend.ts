/**
 * A small backend for this package's own tests: a Splunk-like `field="value"` language on the
 * text base, with options that switch to a language without NOT and to deferred keywords. Not a
 * real query language and not exported (pySigma's own test backend is `@sigma/backend-test`).
 */
import { createTextQueryBackend } from "../text/backend.js";
import type { TextQuerySettings } from "../text/settings.js";
import type { Backend } from "../types.js";

/** Options of the test backend. */
export type TestBackendOptions = {
  /** Use the settings without a NOT token (negation pushed down to the leaves). */
  no_not: boolean;
  /** Emit keywords as deferred `| search` parts after the main expression. */
  deferred_keywords: boolean;
  /** Text put before every query (exercises string options). */
  prefix: string;
  /** A number option (exercises coercion). */
  limit: number;
};

const base: TextQuerySettings = {
  tokens: { and: "AND", or: "OR", not: "NOT", eq: "=", notEq: "!=" },
  group: "({expr})",
  fieldName: { quote: "'", quotePattern: /^[A-Za-z0-9_.]+$/ },
  string: { quote: '"', wildcardMulti: "*", wildcardSingle: "?" },
  casedMatch: { match: { template: "{field}==={value}", negated: "{field}!=={value}" } },
  bool: { true: "true", false: "false" },
  null: { template: "{field}=null", negated: "{field}!=null" },
  regex: { expression: { template: '{field}=~"{regex}"', negated: '{field}!~"{regex}"' }, escaped: ['"'] },
  cidr: { template: 'cidrmatch("{value}", {field})', negated: '!cidrmatch("{value}", {field})' },
  compare: { expression: "{field}{operator}{value}", operators: { lt: "<", lte: "<=", gt: ">", gte: ">=" } },
  exists: { exists: "{field}=*", notExists: "isnull({field})" },
  fieldReference: { equals: { template: "{field1}==field({field2})", negated: "{field1}!=field({field2})" } },
  unbound: {
    string: { template: "{value}", negated: "NOT {value}" },
    number: { template: "{value}", negated: "NOT {value}" },
    regex: { template: 'regex "{value}"', negated: 'NOT regex "{value}"' },
  },
  inList: { expression: "{field} {op} ({list})", orOperator: "IN", notOrOperator: "NOT IN", separator: ", " },
  deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
  correlation: {
    search: { singleRule: "{query}", multiRule: "{queries}", multiRuleQuery: "({query})", multiRuleJoiner: " OR " },
    methods: {
      stats: {
        query: {
          event_count: "{search} | bin _time span={timespan} | stats count as event_count{groupby} | search {condition}",
          value_count: "{search} | bin _time span={timespan} | stats {aggregate}{groupby} | search {condition}",
        },
        aggregation: { value_count: "dc({field}) as value_count" },
        condition: { event_count: "event_count{op}{count}", value_count: "value_count{op}{count}" },
        groupBy: { expression: " by {fields}", item: "{field}", joiner: " " },
      },
    },
    timespanUnits: { m: "min" },
  },
};

const noNot: TextQuerySettings = { ...base, tokens: { and: "AND", or: "OR", eq: "=", notEq: "!=" } };

/** Settings per options object: a conversion passes the same options object with every rule. */
const variants = new WeakMap<Readonly<TestBackendOptions>, TextQuerySettings>();

/** The text settings of the test backend for given options (one object per conversion). */
export function testBackendSettings(options: Readonly<TestBackendOptions>): TextQuerySettings {
  let settings = variants.get(options);
  if (settings === undefined) {
    settings = options.no_not ? noNot : base;
    if (options.prefix) settings = { ...settings, query: `${options.prefix}{query}` };
    variants.set(options, settings);
  }
  return settings;
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
    (ctx) => testBackendSettings(ctx.options),
    {
      keyword: {
        // Deferred keywords: `| search value` after the main expression (pySigma: a converter returning a DeferredQueryExpression).
        string: (c, tools) =>
          tools.ctx.options["deferred_keywords"]
            ? tools.defer({ text: `search ${tools.string(c.value)}`, negatedText: `search NOT ${tools.string(c.value)}` })
            : tools.standard(),
      },
    },
  );
}
