import { describe, expect, it } from "vitest";
import {
  acceptOutcomeDifference,
  anchorLabelRegex,
  correctCorrelationExpr,
  isOrInsertion,
  lineLabelOf,
  matchQuery,
  matchesEscapedWildcardPlain,
  matchesEscapedWildcardRegex,
  pyReEscape,
  sanitizeLabel,
  startsWithLineFilter,
  undoDotAll,
  undoLineEncoding,
  wildcardStringRegex,
} from "./accepted.js";

describe("anchorLabelRegex (the documented rewrite)", () => {
  it("adds .* on unanchored sides", () => {
    expect(anchorLabelRegex("foo.*bar")).toBe(".*foo.*bar.*");
    expect(anchorLabelRegex("^foo")).toBe("^foo.*");
    expect(anchorLabelRegex("foo$")).toBe(".*foo$");
    expect(anchorLabelRegex("^foo$")).toBe("^foo$");
  });

  it("keeps flags in front and groups a top-level alternation", () => {
    expect(anchorLabelRegex("(?i)foo")).toBe("(?i).*foo.*");
    expect(anchorLabelRegex("a|b")).toBe(".*(?:a|b).*");
    // An anchor inside a top-level alternation binds one alternative: the group is searched.
    expect(anchorLabelRegex("^a|b")).toBe(".*(?:^a|b).*");
    expect(anchorLabelRegex("a|b$")).toBe(".*(?:a|b$).*");
    expect(anchorLabelRegex("(?i)(a|b)c")).toBe("(?i).*(a|b)c.*");
    expect(anchorLabelRegex("[|]x")).toBe(".*[|]x.*");
  });

  it("treats an escaped $ as a literal", () => {
    expect(anchorLabelRegex("foo\\$")).toBe(".*foo\\$.*");
  });

  it("adds no .* to a side that already is .* (issue 16: `.*.*\\\\AppData`)", () => {
    expect(anchorLabelRegex(".*\\\\AppData")).toBe(".*\\\\AppData.*");
    expect(anchorLabelRegex("(?i)foo.*")).toBe("(?i).*foo.*");
    expect(anchorLabelRegex(".*")).toBe(".*");
    // An escaped dot is a literal: its `*` repeats it.
    expect(anchorLabelRegex("foo\\.*")).toBe(".*foo\\.*.*");
    expect(anchorLabelRegex("foo\\\\.*")).toBe(".*foo\\\\.*");
    // Inside a top-level alternation the .* belongs to one alternative.
    expect(anchorLabelRegex(".*a|b")).toBe(".*(?:.*a|b).*");
  });
});

describe("nul-escaped", () => {
  const base = '{job=~".+"} | logfmt | ';
  it("accepts a raw NUL written as \\x00 in a double-quoted string, exactly", () => {
    expect(matchQuery(`${base}a=~\`(?i)^v\0a\0$\``, `${base}a=~"(?i)^v\\x00a\\x00$"`)).toEqual({ kind: "accepted", classes: ["nul-escaped"] });
    expect(matchQuery(`${base}a=~\`x\0\``, `${base}a=~".*x\\x00.*"`)).toEqual({
      kind: "accepted",
      classes: ["nul-escaped", "anchored-label-regex"],
    });
    expect(matchQuery(`${base}a=~\`(?i)^v\0a$\``, `${base}a=~"(?i)^v\\x00b$"`)).toEqual({ kind: "differ" });
  });
});

describe("matchQuery", () => {
  const base = '{job=~".+"} | logfmt | ';

  it("is equivalent for the same query modulo whitespace", () => {
    expect(matchQuery(`${base}a=~\`foo\``, `${base} a=~\`foo\``)).toEqual({ kind: "equivalent" });
  });

  it("accepts the anchored rewrite of a label-filter regex", () => {
    expect(matchQuery(`${base}a=~\`foo.*bar\` and b=~\`(?i)^x$\``, `${base}a=~\`.*foo.*bar.*\` and b=~\`(?i)^x$\``)).toEqual({
      kind: "accepted",
      classes: ["anchored-label-regex"],
    });
    expect(matchQuery(`${base}a!~\`(?i)x|y\``, `${base}a!~\`(?i).*(?:x|y).*\``)).toMatchObject({ kind: "accepted" });
  });

  it("rejects anything broader than the rewrite", () => {
    // .* only on one side.
    expect(matchQuery(`${base}a=~\`foo\``, `${base}a=~\`.*foo\``)).toEqual({ kind: "differ" });
    // Alternation not grouped.
    expect(matchQuery(`${base}a=~\`x|y\``, `${base}a=~\`.*x|y.*\``)).toEqual({ kind: "differ" });
    // Line filters are substring searches: no rewrite there.
    expect(matchQuery('{job=~".+"} |~ `foo`', '{job=~".+"} |~ `.*foo.*`')).toEqual({ kind: "differ" });
    // Stream selector matchers are not label filters.
    expect(matchQuery("{job=~`foo`} | logfmt | a=`1`", "{job=~`.*foo.*`} | logfmt | a=`1`")).toEqual({ kind: "differ" });
    // Something else changed as well.
    expect(matchQuery(`${base}a=~\`foo\` and b=\`1\``, `${base}a=~\`.*foo.*\` and b=\`2\``)).toEqual({ kind: "differ" });
    // Flags moved behind the wildcard.
    expect(matchQuery(`${base}a=~\`(?i)foo\``, `${base}a=~\`.*(?i)foo.*\``)).toEqual({ kind: "differ" });
  });

  it("accepts sanitised labels in ip() filters, exactly", () => {
    const expected = '{job=~".+"} | json | id.orig_h!=ip("10.0.0.0/8") and id.orig_h!=ip("::1/128")';
    expect(matchQuery(expected, '{job=~".+"} | json | id_orig_h!=ip("10.0.0.0/8") and id_orig_h!=ip("::1/128")')).toEqual({
      kind: "accepted",
      classes: ["ip-filter-labels"],
    });
    expect(matchQuery(expected, '{job=~".+"} | json | idorig_h!=ip("10.0.0.0/8") and idorig_h!=ip("::1/128")')).toEqual({
      kind: "differ",
    });
  });

  it("accepts quoted numeric line filters, exactly", () => {
    expect(matchQuery('{job=~".+"} |= 100', '{job=~".+"} |= `100`')).toEqual({ kind: "accepted", classes: ["numeric-line-filters"] });
    expect(matchQuery('{job=~".+"} != 100', '{job=~".+"} != `100`')).toMatchObject({ kind: "accepted" });
    expect(matchQuery('sum(count_over_time({job=~".+"} |= 100[1m])) > 0', 'sum(count_over_time({job=~".+"} |= `100`[1m])) > 0')).toMatchObject({
      kind: "accepted",
    });
    expect(matchQuery('{job=~".+"} |= 100', '{job=~".+"} |= `1000`')).toEqual({ kind: "differ" });
    expect(matchQuery('{job=~".+"} | logfmt | a!=100', '{job=~".+"} | logfmt | a!=`100`')).toEqual({ kind: "differ" });
  });
});

describe("sanitizeLabel", () => {
  it("follows Loki's label rule", () => {
    expect(sanitizeLabel("id.orig_h")).toBe("id_orig_h");
    expect(sanitizeLabel("0field")).toBe("_0field");
    expect(sanitizeLabel("  ")).toBe("");
  });
});

describe("correctCorrelationExpr", () => {
  it("replaces the embedded ruler dict by the referenced query and drops the second wrapping", () => {
    const expr =
      "sum(count_over_time(sum by (TargetUserName, TargetDomainName) (count_over_time({'alert': 'Failed_logon', 'annotations': {'description': None, 'summary': 'Failed logon'}, 'expr': 'sum(count_over_time({job=~\"eventlog|winlog|windows|fluentbit.*\"} | json | EventID=4625 [1m])) or vector(0) > 0', 'labels': {}} [5m])) >= 10 [1m])) or vector(0) > 0";
    expect(correctCorrelationExpr(expr, "ruler")).toBe(
      'sum by (TargetUserName, TargetDomainName) (count_over_time({job=~"eventlog|winlog|windows|fluentbit.*"} | json | EventID=4625 [5m])) >= 10',
    );
  });

  it("replaces the embedded grafana dict", () => {
    const expr =
      "sum(count_over_time({'uid': 'b7f59fd9e5b217', 'title': 'Failed_logon', 'data': [{'refId': 'A', 'model': {'expr': 'sum(count_over_time({job=~\".+\"} | json | EventID=4625[1m])) > 0', 'instant': True}}], 'labels': {}} [5m])) >= 10";
    expect(correctCorrelationExpr(expr, "grafana_alerting")).toBe('sum(count_over_time({job=~".+"} | json | EventID=4625 [5m])) >= 10');
  });

  it("leaves expressions without the bug alone", () => {
    expect(correctCorrelationExpr('sum(count_over_time({job=~".+"} [5m])) >= 10', "grafana_alerting")).toBeUndefined();
  });
});

describe("escaped wildcards (spec §2.1 BUG)", () => {
  it("accepts a literal * / ? where the reference wrote escaped backslash + wildcard", () => {
    // spec: literal `foo\*bar` becomes (?i)^foo\\.*bar$ in the reference.
    expect(matchesEscapedWildcardRegex("(?i)^foo\\\\.*bar$", "(?i)^foo\\*bar$")).toBe(true);
    expect(matchesEscapedWildcardRegex("(?i).*get\\-process\\ \\|\\ \\\\..*", "(?i).*get\\-process\\ \\|\\ \\?.*")).toBe(true);
    // corpus zeek_smb_converted_win_atsvc_task: path '\\\*\IPC$' (backslash, literal star).
    expect(matchesEscapedWildcardRegex("(?i)^\\\\\\\\.*\\\\IPC\\$$", "(?i)^\\\\\\*\\\\IPC\\$$")).toBe(true);
    expect(matchesEscapedWildcardPlain("foo\\*bar", "foo*bar")).toBe(true);
    // corpus db_anomalous_query, case_sensitive keyword 'select \*': reference `select\ \\\*`.
    expect(matchesEscapedWildcardRegex("drop|truncate|dump|select\\ \\\\\\*", "drop|truncate|dump|select\\ \\*")).toBe(true);
  });

  it("rejects other changes", () => {
    expect(matchesEscapedWildcardRegex("(?i)^foo\\\\.*bar$", "(?i)^foo.*bar$")).toBe(false);
    expect(matchesEscapedWildcardRegex("(?i)^foo\\\\.*bar$", "(?i)^foo\\*baz$")).toBe(false);
    expect(matchesEscapedWildcardRegex("(?i)^foo.*bar$", "(?i)^foo\\*bar$")).toBe(false);
    expect(matchesEscapedWildcardPlain("foo\\*bar", "foo\\bar")).toBe(false);
  });

  it("is applied to quoted values of a query", () => {
    expect(matchQuery("{job=`a`} | json | f=~`(?i)^foo\\\\.*bar$`", "{job=`a`} | json | f=~`(?i)^foo\\*bar$`")).toEqual({
      kind: "accepted",
      classes: ["escaped-wildcards"],
    });
  });
});

describe("acceptOutcomeDifference", () => {
  it("accepts booleans rendered as string filters where the reference raised", () => {
    expect(
      acceptOutcomeDifference({
        expectedError: "Boolean value True not supported by the backend. (while converting rule None)",
        expectedQueries: undefined,
        actualQueries: ['{job=~".+"} | json | Initiated=~`(?i)^true$` and DestinationPort=9389'],
        actualError: undefined,
      }),
    ).toBe("booleans");
    expect(
      acceptOutcomeDifference({
        expectedError: "Boolean value True not supported by the backend. (while converting rule None)",
        expectedQueries: undefined,
        actualQueries: ['{job=~".+"} | json | HasFullTrust=`true`'],
        actualError: undefined,
      }),
    ).toBe("booleans");
    expect(
      acceptOutcomeDifference({
        expectedError: "Boolean value True not supported by the backend. (while converting rule None)",
        expectedQueries: undefined,
        actualQueries: ['{job=~".+"} | json | HasFullTrust=1'],
        actualError: undefined,
      }),
    ).toBeUndefined();
  });

  it("accepts errors for empty field names, placeholders and not (kw and kw) only with the reference's symptom", () => {
    const emptyName = "Field name '   ' is empty after turning it into a Loki label name; map it";
    expect(
      acceptOutcomeDifference({
        expectedQueries: ['{job=~".+"} |~ `(?i)valueA` | logfmt | =~`(?i)^valueC$`'],
        expectedError: undefined,
        actualQueries: undefined,
        actualError: emptyName,
      }),
    ).toBe("empty-field-names");
    expect(
      acceptOutcomeDifference({
        expectedQueries: ['{job=~".+"} | logfmt | a=~`(?i)^valueC$`'],
        expectedError: undefined,
        actualQueries: undefined,
        actualError: emptyName,
      }),
    ).toBeUndefined();
    expect(
      acceptOutcomeDifference({
        expectedQueries: ['{job=~".+"} | logfmt | fieldA=~`(?i)^%test%$`'],
        expectedError: undefined,
        actualQueries: undefined,
        actualError: "Attempt to convert unhandled placeholder 'test' into query.",
      }),
    ).toBe("unresolved-placeholders");
  });
});

describe("reference-refuses-correlation", () => {
  const temporal = 'count by (user) (sum by (user) (count_over_time({job="a"} | json | __error__="" [5m]))) >= 1';
  const refused = {
    expectedQueries: undefined,
    expectedError: "Correlation rule type 'temporal' is not supported by backend.",
    expectedErrorType: "NotImplementedError",
    actualError: undefined,
  };

  it("accepts a converted correlation where the reference raised its NotImplementedError", () => {
    expect(acceptOutcomeDifference({ ...refused, actualQueries: [temporal] })).toBe("reference-refuses-correlation");
    expect(acceptOutcomeDifference({ ...refused, actualQueries: ['{job="a"} | json', temporal] })).toBe("reference-refuses-correlation");
    expect(
      acceptOutcomeDifference({
        ...refused,
        expectedError: "Multi-rule correlation search expressions are not supported by the backend.",
        actualQueries: [temporal],
      }),
    ).toBe("reference-refuses-correlation");
  });

  it("needs that exact error, valid LogQL and a metric query", () => {
    expect(acceptOutcomeDifference({ ...refused, expectedErrorType: "SigmaConversionError", actualQueries: [temporal] })).toBeUndefined();
    expect(acceptOutcomeDifference({ ...refused, expectedError: "Boolean value True not supported by the backend.", actualQueries: [temporal] })).toBeUndefined();
    expect(acceptOutcomeDifference({ ...refused, actualQueries: ['sum_over_time({job="a"} | json | unwrap x [5m]) by (u) > 1'] })).toBeUndefined();
    expect(acceptOutcomeDifference({ ...refused, actualQueries: ['{job="a"} | json'] })).toBeUndefined();
    expect(acceptOutcomeDifference({ ...refused, actualQueries: [] })).toBeUndefined();
  });
});

describe("isOrInsertion (partitioning that drops values)", () => {
  const e = "{a=`b`}|json|(f=`1`orf=`2`)andg=`x`";
  it("accepts OR arguments added after an argument of the split OR", () => {
    expect(isOrInsertion(e, "{a=`b`}|json|(f=`1`orf=`2`orf=`3`)andg=`x`")).toBe(true);
    expect(isOrInsertion("{a=`b`}|json|f=`1`orf=`2`", "{a=`b`}|json|f=`1`orf=`2`orf=`3`orf=`4`")).toBe(true);
  });

  it("rejects anything else", () => {
    expect(isOrInsertion(e, "{a=`b`}|json|(f=`1`orf=`2`)andg=`x`andh=`y`")).toBe(false);
    expect(isOrInsertion(e, "{a=`b`}|json|(f=`1`orf=`2`orf=`3`)andg=`z`")).toBe(false);
    expect(isOrInsertion(e, "{a=`b`}|json|(f=`1`orf=`2`or(f=`3`)andg=`x`")).toBe(false);
    expect(isOrInsertion(e, e)).toBe(false);
  });
});

describe("structural classes in matchQuery", () => {
  const base = '{job=~".+"} | logfmt | ';
  const lf = "label_format match_0=`{{ if eq .b .a }}true{{ else }}false{{ end }}`";

  it("accepts expansion grouping, alone or with value rewrites", () => {
    expect(matchQuery(`${base}a=\`1\` and f=~\`x\` or f=~\`y\``, `${base}a=\`1\` and (f=~\`x\` or f=~\`y\`)`)).toEqual({
      kind: "accepted",
      classes: ["expansion-grouping"],
    });
    expect(matchQuery(`${base}a=~\`r\` and f=~\`x\` or f=~\`y\``, `${base}a=~\`.*r.*\` and (f=~\`x\` or f=~\`y\`)`)).toEqual({
      kind: "accepted",
      classes: ["expansion-grouping", "anchored-label-regex"],
    });
    expect(matchQuery(`${base}a=\`1\` and f=~\`x\` or f=~\`y\``, `${base}a=\`1\` and (f=~\`x\` or f=~\`z\`)`).kind).toBe("differ");
  });

  it("accepts the label_format layout only when the rest is unchanged", () => {
    const ref = `${base}x=\`1\` | ${lf} | match_0!=\`true\``;
    expect(matchQuery(ref, `${base}${lf} | match_0!=\`true\` or x=\`1\``)).toEqual({ kind: "accepted", classes: ["fieldref-and-joined"] });
    expect(matchQuery(ref, `${base}${lf} | match_0=\`true\` or x=\`1\``).kind).toBe("differ");
    expect(matchQuery(ref, `${base}${lf} | match_0!=\`true\` or x=\`2\``).kind).toBe("differ");
    // The reference's order of the other filters is kept.
    expect(matchQuery(`${base}x=\`1\` and y=\`2\` | ${lf} | match_0=\`true\``, `${base}${lf} | y=\`2\` and x=\`1\` and match_0=\`true\``).kind).toBe(
      "differ",
    );
  });
});

describe("literal-expansion-wildcards (case-sensitive expansions)", () => {
  const base = '{job=~".+"} | logfmt | ';
  it("is the reference's regex for the same wildcard string", () => {
    expect(wildcardStringRegex("* -enc *")).toBe("(?i).*\\ \\-enc\\ .*");
    expect(wildcardStringRegex("a?b*")).toBe("(?i)^a.b.*");
    expect(wildcardStringRegex("*x.y")).toBe("(?i).*x\\.y$");
    expect(pyReEscape("a/b:c\"d–")).toBe("a/b:c\"d–");
  });

  it("accepts ours only as that regex, for label filters", () => {
    expect(matchQuery(`${base}f=\`*-x *\` or f!=\`*/x*\``, `${base}f=~\`(?i).*\\-x\\ .*\` or f!~\`(?i).*/x.*\``)).toEqual({
      kind: "accepted",
      classes: ["literal-expansion-wildcards"],
    });
    // Without (?i), anchored differently, or a value with a backslash (escaped wildcard): differ.
    expect(matchQuery(`${base}f=\`*-x*\``, `${base}f=~\`.*\\-x.*\``).kind).toBe("differ");
    expect(matchQuery(`${base}f=\`*-x*\``, `${base}f=~\`(?i)^.*\\-x.*$\``).kind).toBe("differ");
    expect(matchQuery(`${base}f=\`a\\*\``, `${base}f=~\`(?i)^a\\\\.*\``).kind).toBe("differ");
    // Line filters are not label filters.
    expect(matchQuery('{job=~".+"} |= `a*b`', '{job=~".+"} |~ `(?i)^a.*b$`').kind).toBe("differ");
  });
});

describe("line-filter-regex-flags (add_line_filters with re|i)", () => {
  it("accepts the line filter with the flag of the query's own label regex", () => {
    expect(matchQuery('{job=~".+"} |~ `a.b` | logfmt | f=~`(?i)a.b`', '{job=~".+"} |~ `(?i)a.b` | logfmt | f=~`(?i)a.b`')).toEqual({
      kind: "accepted",
      classes: ["line-filter-regex-flags"],
    });
  });
  it("rejects other flags or a regex not in the query", () => {
    expect(matchQuery('{job=~".+"} |~ `a.b` | logfmt | f=~`(?i)a.b`', '{job=~".+"} |~ `(?s)a.b` | logfmt | f=~`(?i)a.b`').kind).toBe("differ");
    expect(matchQuery('{job=~".+"} |~ `a.b` | logfmt | f=~`(?i)a.c`', '{job=~".+"} |~ `(?i)a.b` | logfmt | f=~`(?i)a.c`').kind).toBe("differ");
  });
});

const LINE = "| label_format sigma_line=`{{ __line__ }}` |";

describe("keyword-or-dropped and not-kw-and-kw (issue 15: ours searches the keywords on the line label)", () => {
  it("accepts the keywords, every alternative, on the line label with the reference's other filters", () => {
    expect(startsWithLineFilter('{job=~"a|b"} |~ `(?i)x` | json | s!~`y`')).toBe(true);
    expect(
      matchQuery(
        String.raw`{job=~".+"} |~ ` + "`(?i)Sysmon\\ config`" + " | json | State!~`(?i)^Started$`",
        `{job=~".+"} | json ${LINE} (State=~` + "`(?i)^Stopped$`" + " or sigma_line=~`(?i).*Sysmon\\ config.*`) and State!~`(?i)^Started$`",
      ),
    ).toEqual({ kind: "accepted", classes: ["keyword-or-dropped"] });
    expect(
      matchQuery('{job=~".+"} !~ `(?i)valueA|valueB`', `{job=~".+"} | logfmt ${LINE} sigma_line!~` + "`(?i).*valueA.*` or sigma_line!~`(?i).*valueB.*`"),
    ).toEqual({ kind: "accepted", classes: ["not-kw-and-kw"] });
    // Unquoted numbers (lnx_auditd_system_shutdown_reboot) are keywords too.
    expect(
      matchQuery('{job=~".+"} |= 0 | logfmt | type=~`(?i)^EXECVE$` and (())', `{job=~".+"} | logfmt ${LINE} type=~` + "`(?i)^EXECVE$` and sigma_line=~`.*0.*`"),
    ).toEqual({ kind: "accepted", classes: ["numeric-line-filters", "keyword-or-dropped"] });
  });
  it("rejects a missing alternative, a lost filter, another selector or no line label", () => {
    const reference = '{job=~".+"} |~ `(?i)a|b` | json | State!~`(?i)^Started$`';
    const filters = (expr: string): string => `{job=~".+"} | json ${LINE} ${expr}`;
    expect(matchQuery(reference, filters("sigma_line=~`(?i).*a.*` and State!~`(?i)^Started$`")).kind).toBe("differ");
    expect(matchQuery(reference, filters("sigma_line=~`(?i).*a.*` or sigma_line=~`(?i).*b.*`")).kind).toBe("differ");
    const otherSelector = `{job="x"} | json ${LINE} (sigma_line=~` + "`(?i).*a.*` or sigma_line=~`(?i).*b.*`) and State!~`(?i)^Started$`";
    expect(matchQuery(reference, otherSelector).kind).toBe("differ");
    expect(matchQuery(reference, '{job=~".+"} | json | (x=~`(?i).*a.*` or x=~`(?i).*b.*`) and State!~`(?i)^Started$`').kind).toBe("differ");
  });
});

describe("keyword-line-label (the reference refuses, we convert)", () => {
  const refused = "Operator 'or' not supported by the backend for unbound conditions combined with field conditions";
  it("accepts queries that use the line label where the reference gave its error", () => {
    expect(
      acceptOutcomeDifference({
        expectedQueries: undefined,
        expectedError: refused,
        actualQueries: [`{job=~".+"} | logfmt ${LINE} sigma_line=~\`(?i).*valueA.*\` or fieldA=~\`(?i)^valueB$\``],
        actualError: undefined,
      }),
    ).toBe("keyword-line-label");
    expect(lineLabelOf('{a="b"} | json | label_format sigma_line_2=`{{ __line__ }}` | sigma_line_2=~`.*x.*`')).toBe("sigma_line_2");
  });
  it("rejects queries without the line label, or another error of the reference", () => {
    expect(
      acceptOutcomeDifference({ expectedQueries: undefined, expectedError: refused, actualQueries: ['{job=~".+"} |~ `a`'], actualError: undefined }),
    ).toBeUndefined();
    expect(
      acceptOutcomeDifference({
        expectedQueries: undefined,
        expectedError: "Correlation rule type 'temporal' is not supported by backend.",
        actualQueries: [`{job=~".+"} | logfmt ${LINE} sigma_line=~\`.*x.*\``],
        actualError: undefined,
      }),
    ).toBeUndefined();
  });
});

describe("dotall-wildcards (issue 15: multi-line values)", () => {
  const base = '{job=~".+"} | logfmt | ';
  it("accepts (?s:.*) / (?s:.) where the reference writes .* / ., alone or with other classes", () => {
    expect(undoDotAll("(?i)^va(?s:.)ue(?s:.*)")).toBe("(?i)^va.ue.*");
    expect(matchQuery(`${base}f=~\`(?i)^foo.*\``, `${base}f=~\`(?i)^foo(?s:.*)\``)).toEqual({ kind: "accepted", classes: ["dotall-wildcards"] });
    expect(matchQuery(`${base}f=~\`\\s-H\\s\``, `${base}f=~\`(?s:.*)\\s-H\\s(?s:.*)\``)).toEqual({
      kind: "accepted",
      classes: ["dotall-wildcards", "anchored-label-regex"],
    });
    expect(matchQuery('{job=~".+"} |~ `(?i)a.*b`', '{job=~".+"} |~ `(?i)a(?s:.*)b`')).toEqual({ kind: "accepted", classes: ["dotall-wildcards"] });
  });
  it("rejects any other change", () => {
    expect(matchQuery(`${base}f=~\`(?i)^foo.*\``, `${base}f=~\`(?i)^fo(?s:.*)\``).kind).toBe("differ");
    expect(matchQuery(`${base}f=~\`(?i)^foo.*\``, `${base}f=~\`(?is)^foo.*\``).kind).toBe("differ");
    // A plain (non-regex) value holds no wildcard.
    expect(matchQuery(`${base}f=\`foo.*\``, `${base}f=\`foo(?s:.*)\``).kind).toBe("differ");
  });
});

describe("encoded-keywords (issue 15: keywords in JSON / logfmt lines)", () => {
  const win = '{job=~"eventlog|winlog|windows|fluentbit.*"}';
  const q = (text: string): string => "`" + text + "`";
  it("undoes exactly the JSON and logfmt encodings", () => {
    // The event's `\\localhost\C$` is `\\\\localhost\\C$` in the JSON line; as regexes, each `\` doubled again.
    expect(undoLineEncoding(String.raw`(?i)\\\\\\\\localhost\\\\C\$`, "json", true)).toBe(String.raw`(?i)\\\\localhost\\C\$`);
    expect(undoLineEncoding(String.raw`\\"unsafe\\"\};`, "json", true)).toBe(String.raw`"unsafe"\};`);
    expect(undoLineEncoding(String.raw`http://f/(?:<|\\u003c)script`, "json", true)).toBe("http://f/<script");
    expect(undoLineEncoding(String.raw` -Confirm \"False\"`, "json", false)).toBe(' -Confirm "False"');
    expect(undoLineEncoding(String.raw`(?:near\ "|near\ \\")`, "logfmt", true)).toBe(String.raw`near\ "`);
    // Not an encoding: a lone escaped backslash (a `re` keyword's), or a group whose second
    // alternative is not the first one quoted.
    expect(undoLineEncoding(String.raw`\\d`, "json", true)).toBeUndefined();
    expect(undoLineEncoding("(?:a|b)", "logfmt", true)).toBe("(?:a|b)");
  });
  it("accepts encoded line filters, with or without a parser stage in the query", () => {
    expect(matchQuery(`${win} |~ ${q(String.raw`(?i)\\mimilib`)} | json | EventID!=15`, `${win} |~ ${q(String.raw`(?i)\\\\mimilib`)} | json | EventID!=15`)).toEqual({
      kind: "accepted",
      classes: ["encoded-keywords"],
    });
    expect(matchQuery(`${win} |= ${q(' -Confirm "False"')}`, `${win} |= ${q(String.raw` -Confirm \"False\"`)}`)).toEqual({
      kind: "accepted",
      classes: ["encoded-keywords"],
    });
    expect(matchQuery(`{job=~".+"} |~ ${q(String.raw`(?i)near\ ".*":`)}`, `{job=~".+"} |~ ${q(String.raw`(?i)(?:near\ "|near\ \\")(?s:.*)(?:":|\\":)`)}`)).toEqual({
      kind: "accepted",
      classes: ["dotall-wildcards", "encoded-keywords"],
    });
  });
  it("rejects encodings of label filters and encodings that change the text", () => {
    expect(matchQuery(`${win} | json | f=~${q(String.raw`(?i)^\\x$`)}`, `${win} | json | f=~${q(String.raw`(?i)^\\\\x$`)}`).kind).toBe("differ");
    expect(matchQuery(`${win} |~ ${q(String.raw`(?i)\\x`)} | json | a=1`, `${win} |~ ${q(String.raw`(?i)\\\\y`)} | json | a=1`).kind).toBe("differ");
  });
});
