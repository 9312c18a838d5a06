/**
 * Where the reference is wrong, we are right (brief point 3, spec §5.11 BUGs): one test per class,
 * each saying what the reference emits and why that is wrong.
 */
import { describe, expect, it } from "vitest";
import { parser } from "@grafana/lezer-logql";
import { queries } from "./helpers/convert.js";

const ANY = '{job=~".+"}';
const sel = (s: string): string => `{sel: ${s}, condition: sel}`;

describe("partitioning keeps every OR value (reference drops the remainder)", () => {
  const values = Array.from({ length: 101 }, (_, i) => `value-${String(i).padStart(3, "0")}-${"x".repeat(60)}`);
  const detection = sel(`{fieldA|contains: [${values.join(", ")}]}`);
  const out = queries(detection);

  it("splits into ceil(length / 4096) queries", () => {
    // 101 filters of ~95 characters: about 9,600 characters, so 3 queries.
    expect(out).toHaveLength(3);
  });
  it("every value is in exactly one query", () => {
    for (const v of values) {
      const escaped = v.replace(/-/g, "\\-");
      expect(out.filter((q) => q.includes(`.*${escaped}.*`))).toHaveLength(1);
    }
  });
  it("the first parts hold int(n / parts) values, the last one the rest", () => {
    const counts = out.map((q) => q.split(" or ").length);
    expect(counts).toEqual([33, 33, 35]);
  });
});

describe("escaped wildcards stay literal (reference: `foo\\*bar` → `foo\\\\.*bar`)", () => {
  it("label regex", () => {
    expect(queries(sel("{fieldA: 'foo\\*bar*'}"))).toEqual([`${ANY} | logfmt | fieldA=~\`(?i)^foo\\*bar(?s:.*)\``]);
  });
  it("plain value", () => {
    expect(queries(sel("{fieldA: 'foo\\*bar'}"))).toEqual([`${ANY} | logfmt | fieldA=~\`(?i)^foo\\*bar$\``]);
  });
  it("case-sensitive plain value is the literal text", () => {
    expect(queries(sel("{fieldA: 'foo\\?bar'}"), { case_sensitive: true })).toEqual([`${ANY} | logfmt | fieldA=\`foo?bar\``]);
  });
  it("keyword", () => {
    expect(queries("{keywords: ['select \\*'], condition: keywords}")).toEqual([`${ANY} |~ \`(?i)select\\ \\*\``]);
  });
});

describe("label names are sanitised everywhere (reference: `id.resp_h!=ip(…)`)", () => {
  it("inside ip() filters", () => {
    expect(queries(sel("{id.resp_h|cidr: 10.0.0.0/8}"))).toEqual([`${ANY} | logfmt | id_resp_h=ip("10.0.0.0/8")`]);
  });
  it("in fieldref templates", () => {
    expect(queries(sel("{a.b|fieldref: c-d}"))).toEqual([
      `${ANY} | logfmt | label_format match_0=\`{{ if eq .c_d .a_b }}true{{ else }}false{{ end }}\` | match_0=\`true\``,
    ]);
  });
});

describe("booleans are the words true/false (reference aborts)", () => {
  it("default", () => {
    expect(queries(sel("{fieldA: true}"))).toEqual([`${ANY} | logfmt | fieldA=~\`(?i)^true$\``]);
  });
  it("case-sensitive", () => {
    expect(queries(sel("{fieldA: false}"), { case_sensitive: true })).toEqual([`${ANY} | logfmt | fieldA=\`false\``]);
  });
});

describe("errors instead of broken queries", () => {
  it("an unresolved placeholder (reference emits `%name%` literally)", () => {
    expect(() => queries(sel("{fieldA|expand: '%servers%'}"))).toThrow("unhandled placeholder 'servers'");
  });
  it("a blank field name (reference emits `=~…`)", () => {
    expect(() => queries(sel("{' ': valueA}"))).toThrow("is empty after turning it into a Loki label name");
  });
  it("a regex RE2 cannot compile: lookahead", () => {
    expect(() => queries(sel("{fieldA|re: 'foo(?=bar)'}"))).toThrow("not supported by Loki");
  });
  it("a regex RE2 cannot compile: backreference, also as a keyword", () => {
    expect(() => queries("{kw: {'|re': '(a)\\1'}, condition: kw}")).toThrow("not supported by Loki");
  });
});

describe("timestamp parts compare the part, numerically (reference ignores the part for gt…)", () => {
  it("hour|gt", () => {
    expect(queries(sel("{fieldA|hour|gt: 3}"))).toEqual([
      `${ANY} | logfmt | label_format date_0=\`{{ date "15" (unixToTime .fieldA) }}\` | date_0>3`,
    ]);
  });
  it("negated month|lte", () => {
    expect(queries("{sel: {fieldA|month|lte: 6}, condition: not sel}")).toEqual([
      `${ANY} | logfmt | label_format date_0=\`{{ date "01" (unixToTime .fieldA) }}\` | date_0>6`,
    ]);
  });
});

describe("match_N / date_N are numbered per query from 0 (reference: one counter per backend)", () => {
  it("each query of a condition list starts at 0", () => {
    expect(queries("{a: {f1|fieldref: f2}, b: {f3|fieldref: f4}, condition: [a, b]}")).toEqual([
      `${ANY} | logfmt | label_format match_0=\`{{ if eq .f2 .f1 }}true{{ else }}false{{ end }}\` | match_0=\`true\``,
      `${ANY} | logfmt | label_format match_0=\`{{ if eq .f4 .f3 }}true{{ else }}false{{ end }}\` | match_0=\`true\``,
    ]);
  });
});

describe("issue 9: label-filter regexes keep Sigma's search semantics (issue 15: their wrappers match newlines)", () => {
  const cases: [string, string][] = [
    // A literal: Loki tests `.*foo.*` as a substring, across newlines.
    ["foo", ".*foo.*"],
    ["foo\\$", ".*foo\\$.*"],
    ["(?i)foo", "(?i).*foo.*"],
    // A regex for Loki, whose `.` stops at a newline: the wrappers are `(?s:.*)`.
    ["^foo", "^foo(?s:.*)"],
    ["foo$", "(?s:.*)foo$"],
    ["foo\\\\$", "(?s:.*)foo\\\\$"],
    ["a|b", "(?s:.*)(?:a|b)(?s:.*)"],
    ["(a|b)c", "(?s:.*)(a|b)c(?s:.*)"],
    ["[|]x", "(?s:.*)[|]x(?s:.*)"],
    // Issue 16: a side that already is `.*` gets no second one.
    [".*\\\\AppData", ".*\\\\AppData.*"],
    ["(?i)foo.*", "(?i).*foo.*"],
    [".*", ".*"],
  ];
  for (const [re, expected] of cases) {
    it(`${re} → ${expected}`, () => {
      expect(queries(sel(`{fieldA|re: '${re}'}`))).toEqual([`${ANY} | logfmt | fieldA=~\`${expected}\``]);
    });
  }
  it("flags from modifiers stay in front", () => {
    // With `s` the wrappers' `.*` already match newlines.
    expect(queries(sel("{fieldA|re|i|s: 'a|b'}"))).toEqual([`${ANY} | logfmt | fieldA=~\`(?is).*(?:a|b).*\``]);
  });
  it("line filters stay unanchored", () => {
    expect(queries("{kw: {'|re': 'foo.*bar'}, condition: kw}")).toEqual([`${ANY} |~ \`foo.*bar\``]);
  });
});

describe("expansions keep their grouping (reference: `a and b1 or b2` — Loki binds and tighter)", () => {
  it("windash inside an AND is parenthesised", () => {
    expect(queries(sel("{fieldA: x, fieldB|windash|contains: -y}"))).toEqual([
      `${ANY} | logfmt | fieldA=~\`(?i)^x$\` and (fieldB=~\`(?i).*\\-y.*\` or fieldB=~\`(?i).*/y.*\` or fieldB=~\`(?i).*–y.*\` or fieldB=~\`(?i).*—y.*\` or fieldB=~\`(?i).*―y.*\`)`,
    ]);
  });
  it("case_sensitive: wildcard expansion values stay wildcards (reference: fieldA=`*…*`)", () => {
    expect(queries(sel("{fieldA|base64offset|contains: value}"), { case_sensitive: true })).toEqual([
      `${ANY} | logfmt | fieldA=~\`(?i).*dmFsdW.*\` or fieldA=~\`(?i).*ZhbHVl.*\` or fieldA=~\`(?i).*2YWx1Z.*\``,
    ]);
  });
});

describe("keywords combined with OR (issue 15: through the line label; the reference drops the OR or refuses)", () => {
  const LINE = "| label_format sigma_line=`{{ __line__ }}` |";
  it("mixed with a field (reference silently drops the OR)", () => {
    expect(
      queries("{sel1: {State: Stopped}, sel2: ['config changed'], filter: {State: Started}, condition: 1 of sel* and not filter}"),
    ).toEqual([
      `${ANY} | logfmt ${LINE} (State=~\`(?i)^Stopped$\` or sigma_line=~\`(?i).*config\\ changed.*\`) and State!~\`(?i)^Started$\``,
    ]);
  });
  it("a keyword AND under an OR (reference: every keyword a line filter, the OR lost)", () => {
    // win_wmi_persistence: `(id1 and keywords) or id2` became `|~ keywords | json | (id1 or id2)`.
    expect(queries("{a: {EventID: 1}, kw: [x, y], b: {EventID: 2}, condition: (a and kw) or b}")).toEqual([
      `${ANY} | logfmt ${LINE} EventID=1 and (sigma_line=~\`(?i).*x.*\` or sigma_line=~\`(?i).*y.*\`) or EventID=2`,
    ]);
    // lnx_auditd_system_shutdown_reboot: `|= 0 |= 6 | logfmt | type=… and (())` (invalid LogQL).
    expect(queries("{t: {type: EXECVE}, s: [shutdown], i: [init], n: [0, 6], condition: t and (s or (i and n))}")).toEqual([
      `${ANY} | logfmt ${LINE} type=~\`(?i)^EXECVE$\` and (sigma_line=~\`(?i).*shutdown.*\` or sigma_line=~\`(?i).*init.*\` and (sigma_line=~\`.*0.*\` or sigma_line=~\`.*6.*\`))`,
    ]);
  });
  it("keywords outside the OR stay line filters", () => {
    expect(queries("{k: [top], a: {f: 1}, kw: [x], condition: k and (a or kw)}")).toEqual([
      `${ANY} |~ \`(?i)top\` | logfmt ${LINE} (f=1 or sigma_line=~\`(?i).*x.*\`)`,
    ]);
  });
});

describe("why expansions need parentheses: LogQL binds `and` tighter than `or`", () => {
  // Parsed with Grafana's own LogQL grammar (@grafana/lezer-logql).
  function topLevelOperator(query: string): string | undefined {
    const tree = parser.parse(query);
    let found: string | undefined;
    tree.iterate({
      enter(node) {
        if (found !== undefined) return false;
        if (node.name === "LabelFilter" && node.node.parent?.name === "PipelineStage") {
          const ops = node.node.getChildren("Or").length > 0 ? "or" : node.node.getChildren("And").length > 0 ? "and" : "none";
          found = ops;
          return false;
        }
        return undefined;
      },
    });
    return found;
  }
  it("the reference's `a and b1 or b2` is an OR at the top (matches b2 without a)", () => {
    expect(topLevelOperator('{job="x"} | json | a="1" and b="1" or b="2"')).toBe("or");
  });
  it("our `a and (b1 or b2)` is an AND at the top", () => {
    expect(topLevelOperator('{job="x"} | json | a="1" and (b="1" or b="2")')).toBe("and");
  });
});

describe("add_line_filters infers only filters the query implies", () => {
  const LF = { add_line_filters: true };
  it("an `re|i` regex keeps its flag (reference: case-sensitive line filter that drops matches)", () => {
    expect(queries(sel("{fieldA|re|i: 'foo[0-9]'}"), LF)).toEqual([
      `${ANY} |~ \`(?i)foo[0-9]\` | logfmt | fieldA=~\`(?i)(?s:.*)foo[0-9](?s:.*)\``,
    ]);
  });
  it("each query of a condition list gets its own filter (reference: the first condition's for all)", () => {
    expect(queries("{a: {fieldA: valueA}, b: {fieldB: otherB}, condition: [a, b]}", LF)).toEqual([
      `${ANY} |~ \`(?i)valueA\` | logfmt | fieldA=~\`(?i)^valueA$\``,
      `${ANY} |~ \`(?i)otherB\` | logfmt | fieldB=~\`(?i)^otherB$\``,
    ]);
  });
  it("a CIDR value gives an ip() line filter", () => {
    expect(queries(sel("{fieldA|cidr: 10.0.0.0/8}"), LF)).toEqual([`${ANY} |= ip("10.0.0.0/8") | logfmt | fieldA=ip("10.0.0.0/8")`]);
  });
  describe("the parts of a partitioned query (as the reference)", () => {
    const CSLF = { add_line_filters: true, case_sensitive: true };
    const hash = (i: number): string => ((i * 2654435761) % 2 ** 32).toString(16).padStart(8, "0");
    const values = (prefix: (i: number) => string): string =>
      Array.from({ length: 200 }, (_, i) => `'${prefix(i)}-shared-${hash(i)}'`).join(", ");
    it("share the whole condition's filter, which every part implies", () => {
      // Parts: values 0-99 ("one-shared-…") and 100-199 ("two-shared-…"); each part alone would
      // give `fieldA=one-shared-` / `fieldA=two-shared-`, the whole condition `-shared-`.
      const out = queries(sel(`{fieldA: [${values((i) => (i < 100 ? "one" : "two"))}]}`), CSLF);
      expect(out).toHaveLength(2);
      for (const q of out) expect(q.startsWith(`${ANY} |= \`-shared-\` | logfmt | `)).toBe(true);
    });
    it("get none when neither the whole condition nor the first part implies one", () => {
      // Wildcard values are regexes: no common substring filter for the first part or the whole.
      const out = queries(sel(`{fieldA: [${values((i) => (i < 100 ? "*one" : "two"))}]}`), CSLF);
      expect(out).toHaveLength(2);
      for (const q of out) expect(q.startsWith(`${ANY} | logfmt | `)).toBe(true);
    });
  });
  it("expansion values give none (as the reference)", () => {
    expect(queries(sel("{fieldA|base64offset|contains: value}"), { add_line_filters: true, case_sensitive: true })).toEqual([
      `${ANY} | logfmt | fieldA=~\`(?i).*dmFsdW.*\` or fieldA=~\`(?i).*ZhbHVl.*\` or fieldA=~\`(?i).*2YWx1Z.*\``,
    ]);
  });
});
