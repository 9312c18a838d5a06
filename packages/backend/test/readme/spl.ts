// README example (test/readme.test.ts checks that README.md shows exactly the lines below the marker).
// --- example ---
import { convert, createTextQueryBackend, type TextQuerySettings } from "@sigma/backend";
import { parseCollection } from "@sigma/core";

const settings: TextQuerySettings = {
  precedence: ["not", "or", "and"], // SPL binds OR tighter than AND: `a OR b AND c` is `(a OR b) AND c`
  group: "({expr})",
  tokens: { and: "AND", or: "OR", not: "NOT", eq: "=" },
  fieldName: { quote: '"', quotePattern: /^\w+$/ }, // quote names that are not plain words
  string: { quote: '"', wildcardMulti: "*" }, // SPL has no one-character wildcard: `?` in a rule fails
  inList: { expression: "{field} IN ({list})", orOperator: "IN", separator: ", " },
  regex: { escaped: ['"'] }, // `"` and `\` get a backslash inside regexes
  deferred: { start: " | ", separator: " | ", onlyQuery: "*" },
};

export const spl = createTextQueryBackend(
  { name: "SPL (example)", identifier: "spl", formats: { default: "Queries" }, defaultFormat: "default", options: {}, correlationMethods: {} },
  settings,
  {
    field: {
      // A search cannot match a regex: a `| regex` command after it (a deferred part; NOT gives `!=`).
      regex: (c, tools) =>
        tools.defer({
          text: `regex ${tools.field(c.field)}="${tools.regex(c.value)}"`,
          negatedText: `regex ${tools.field(c.field)}!="${tools.regex(c.value)}"`,
        }),
    },
  },
);

const rules = parseCollection(`title: Whoami
logsource: { product: windows, category: process_creation }
detection:
  img:
    - Image|endswith: '\\whoami.exe'
    - OriginalFileName: whoami.exe
  cli:
    CommandLine|re: '/(all|priv)\\s'
  user:
    User: [SYSTEM, LOCAL SERVICE]
  condition:
    - img and cli
    - img and not cli and not user`);

export const queries = convert(spl, rules).output;
// [ 'Image="*\\whoami.exe" OR OriginalFileName="whoami.exe" | regex CommandLine="/(all|priv)\\\\s"',
//   'Image="*\\whoami.exe" OR OriginalFileName="whoami.exe" AND NOT (User IN ("SYSTEM", "LOCAL SERVICE")) | regex CommandLine!="/(all|priv)\\\\s"' ]
