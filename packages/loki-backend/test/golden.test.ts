/**
 * The conversion examples of the spec (reference-behaviour.md §5.13), exact outputs in the
 * default format. Where the reference is wrong (brief point 3), the expected value is the
 * corrected query and the test says what was adjusted.
 */
import { describe, expect, it } from "vitest";
import { queries } from "./helpers/convert.js";

const ANY = '{job=~".+"}';
const WIN = '{job=~"eventlog|winlog|windows|fluentbit.*"}';
const WIN_LS = "{product: windows, category: test_category}";
const LF = { add_line_filters: true };
const CS = { case_sensitive: true };
const LFCS = { add_line_filters: true, case_sensitive: true };

interface Example {
  readonly id: string;
  readonly detection: string;
  readonly expected: readonly string[];
  readonly options?: Record<string, unknown>;
  readonly logsource?: string;
  readonly extra?: string;
  /** Why the expected value differs from the reference's output. */
  readonly adjusted?: string;
}

const sel = (s: string): string => `{sel: ${s}, condition: sel}`;
const ML = "issue 15: wildcards match newlines, `(?s:.*)` / `(?s:.)` (reference: `.*` / `.`, which stop at a newline in Loki)";

const examples: Example[] = [
  { id: "E01", detection: sel("{fieldA: valueA}"), expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\``] },
  { id: "E02", detection: sel("{fieldA: valueA}"), options: CS, expected: [`${ANY} | logfmt | fieldA=\`valueA\``] },
  { id: "E03", detection: sel("{fieldA: value`A}"), expected: [`${ANY} | logfmt | fieldA=~"(?i)^value\`A$"`] },
  { id: "E06", detection: sel("{fieldA: 100}"), expected: [`${ANY} | logfmt | fieldA=100`] },
  {
    id: "E07",
    detection: sel("{fieldA: valueA, fieldB: valueB}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` and fieldB=~\`(?i)^valueB$\``],
  },
  {
    id: "E08",
    detection: "{sel1: {fieldA: valueA}, sel2: {fieldB: valueB}, condition: 1 of sel*}",
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` or fieldB=~\`(?i)^valueB$\``],
  },
  {
    id: "E09",
    detection: sel("{fieldA: [valueA1, valueA2], fieldB: [valueB1, valueB2]}"),
    expected: [
      `${ANY} | logfmt | (fieldA=~\`(?i)^valueA1$\` or fieldA=~\`(?i)^valueA2$\`) and (fieldB=~\`(?i)^valueB1$\` or fieldB=~\`(?i)^valueB2$\`)`,
    ],
  },
  {
    id: "E10",
    detection: sel("{fieldA: [valueA, valueB, valueC]}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` or fieldA=~\`(?i)^valueB$\` or fieldA=~\`(?i)^valueC$\``],
  },
  {
    id: "E11",
    detection: sel("{fieldA|all: [valueA, valueB]}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` and fieldA=~\`(?i)^valueB$\``],
  },
  {
    id: "E12",
    detection: sel("{fieldA|all|contains: [valueA, valueB]}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i).*valueA.*\` and fieldA=~\`(?i).*valueB.*\``],
  },
  { id: "E13", detection: sel("{fieldA: null}"), expected: [`${ANY} | logfmt | fieldA=\`\``] },
  { id: "E15", detection: sel("{fieldA: 'va?ue'}"), expected: [`${ANY} | logfmt | fieldA=~\`(?i)^va(?s:.)ue$\``], adjusted: ML },
  { id: "E16", detection: sel("{fieldA: value*}"), expected: [`${ANY} | logfmt | fieldA=~\`(?i)^value(?s:.*)\``], adjusted: ML },
  {
    id: "E17",
    detection: sel("{fieldA: '^v)+[al]u(e*$'}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^\\^v\\)\\+\\[al\\]u\\(e(?s:.*)\\$$\``],
    adjusted: ML,
  },
  { id: "E18", detection: sel("{fieldA|contains: ooba}"), expected: [`${ANY} | logfmt | fieldA=~\`(?i).*ooba.*\``] },
  {
    id: "E20",
    detection: sel("{Image|endswith: \\cmd.exe}"),
    expected: [`${ANY} | logfmt | Image=~\`(?i)(?s:.*)\\\\cmd\\.exe$\``],
    adjusted: ML,
  },
  {
    id: "E21",
    detection: sel("{fieldA|cased: fooBAR, fieldB: fooBAR}"),
    expected: [`${ANY} | logfmt | fieldA=\`fooBAR\` and fieldB=~\`(?i)^fooBAR$\``],
  },
  { id: "E22", detection: sel("{fieldA|cased|startswith: foo}"), expected: [`${ANY} | logfmt | fieldA=~\`^foo(?s:.*)\``], adjusted: ML },
  {
    id: "E23",
    detection: sel("{fieldA|re: foo.*bar, fieldB: foo}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?s:.*)foo.*bar(?s:.*)\` and fieldB=~\`(?i)^foo$\``],
    adjusted:
      "issue 9: a label regex searches (reference: fieldA=~`foo.*bar`, which Loki anchors); issue 15: its wrappers match newlines, its own `.*` keeps Sigma's meaning",
  },
  {
    id: "E25",
    detection: sel("{fieldA|re|i: foo}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i).*foo.*\``],
    adjusted: "issue 9: a label regex searches (reference: `(?i)foo`)",
  },
  { id: "E28", detection: sel("{fieldA|base64: value}"), expected: [`${ANY} | logfmt | fieldA=~\`(?i)^dmFsdWU=$\``] },
  {
    id: "E29",
    detection: sel("{fieldA|base64offset|contains: value}"),
    expected: [
      `${ANY} | logfmt | fieldA=~\`(?i).*dmFsdW.*\` or fieldA=~\`(?i).*ZhbHVl.*\` or fieldA=~\`(?i).*2YWx1Z.*\``,
    ],
  },
  {
    id: "E30",
    detection: sel("{fieldA|windash: -foo}"),
    expected: [
      `${ANY} | logfmt | fieldA=~\`(?i)^\\-foo$\` or fieldA=~\`(?i)^/foo$\` or fieldA=~\`(?i)^–foo$\` or fieldA=~\`(?i)^—foo$\` or fieldA=~\`(?i)^―foo$\``,
    ],
  },
  { id: "E31", detection: sel("{fieldA|gt: 1, fieldB|lte: 2.5}"), expected: [`${ANY} | logfmt | fieldA>1 and fieldB<=2.5`] },
  {
    id: "E32",
    detection: "{sel: {fieldA|exists: true}, sel2: {fieldB|exists: false}, condition: sel and sel2}",
    expected: [`${ANY} | logfmt | fieldA!="" and fieldB=""`],
  },
  {
    id: "E33",
    detection: sel("{fieldA|hour: 3}"),
    expected: [`${ANY} | logfmt | label_format date_0=\`{{ date "15" (unixToTime .fieldA) }}\` | date_0=3`],
    adjusted: "the rendered hour is zero-padded (\"03\"): compared as a number (reference: date_0=`3`, never equal)",
  },
  {
    id: "E34",
    detection: sel("{field|fieldref: fieldA}"),
    expected: [
      `${ANY} | logfmt | label_format match_0=\`{{ if eq .fieldA .field }}true{{ else }}false{{ end }}\` | match_0=\`true\``,
    ],
  },
  {
    id: "E35",
    logsource: WIN_LS,
    detection:
      "{sel: {field1|fieldref|contains: fieldA}, sel2: {field2|fieldref|endswith: fieldB}, sel3: {field3|fieldref|startswith: fieldC}, condition: sel and not sel2 or sel3}",
    expected: [
      `${WIN} | json | label_format match_0=\`{{ if contains .fieldA .field1 }}true{{ else }}false{{ end }}\`,match_1=\`{{ if hasSuffix .fieldB .field2 }}true{{ else }}false{{ end }}\`,match_2=\`{{ if hasPrefix .fieldC .field3 }}true{{ else }}false{{ end }}\` | match_0=\`true\` and match_1!=\`true\` or match_2=\`true\``,
    ],
    adjusted: "the OR is kept (reference AND-joins all match_N filters)",
  },
  {
    id: "E36",
    logsource: WIN_LS,
    detection: sel("{field1|fieldref: fieldA, field2: Something}"),
    expected: [
      `${WIN} | json | label_format match_0=\`{{ if eq .fieldA .field1 }}true{{ else }}false{{ end }}\` | match_0=\`true\` and field2=~\`(?i)^Something$\``,
    ],
    adjusted: "label_format first, then one label filter with match_0 in its place",
  },
  {
    id: "E37",
    detection: sel("{field.name@A-Z: value, 0field: v2, field name: v3}"),
    expected: [`${ANY} | logfmt | field_name_A_Z=~\`(?i)^value$\` and _0field=~\`(?i)^v2$\` and field_name=~\`(?i)^v3$\``],
  },
  {
    id: "E41",
    detection: "{sel: {fieldA: valueA, fieldB: valueB}, condition: not sel}",
    expected: [`${ANY} | logfmt | fieldA!~\`(?i)^valueA$\` or fieldB!~\`(?i)^valueB$\``],
  },
  {
    id: "E42",
    detection:
      "{sel1: {fieldA: valueA1, fieldB: valueB1}, sel2: {fieldA: valueA2, fieldB: valueB2}, condition: not 1 of sel*}",
    expected: [
      `${ANY} | logfmt | (fieldA!~\`(?i)^valueA1$\` or fieldB!~\`(?i)^valueB1$\`) and (fieldA!~\`(?i)^valueA2$\` or fieldB!~\`(?i)^valueB2$\`)`,
    ],
  },
  {
    id: "E43",
    detection: "{sel: {fieldA: [valueA, valueB]}, filter: {fieldB|all: [valueC, valueD]}, condition: sel and not filter}",
    expected: [
      `${ANY} | logfmt | (fieldA=~\`(?i)^valueA$\` or fieldA=~\`(?i)^valueB$\`) and (fieldB!~\`(?i)^valueC$\` or fieldB!~\`(?i)^valueD$\`)`,
    ],
  },
  { id: "E48", detection: "{keywords: value, condition: keywords}", expected: [`${ANY} |~ \`(?i)value\``] },
  {
    id: "E50",
    detection: "{keywords: 100, condition: keywords}",
    expected: [`${ANY} |= \`100\``],
    adjusted: "numeric keyword line filters are quoted (reference: `|= 100`, not valid LogQL)",
  },
  { id: "E51", detection: "{keywords: 'va?ue*', condition: keywords}", expected: [`${ANY} |~ \`(?i)va(?s:.)ue\``], adjusted: ML },
  {
    id: "E52",
    detection:
      "{keywordA: ['*valueA*'], keywordB: ['*valueB'], keywordC: [valueC*], keywordD: ['**'], condition: all of keyword*}",
    expected: [`${ANY} |~ \`(?i)valueA\` |~ \`(?i)valueB\` |~ \`(?i)valueC\``],
  },
  { id: "E54", detection: "{keywords: [valueA, valueB], condition: keywords}", expected: [`${ANY} |~ \`(?i)valueA|valueB\``] },
  {
    id: "E57",
    detection: "{keywords: [value`A, value\"B], condition: keywords}",
    // The parser (logfmt) may quote a value holding `"`, escaping it: both forms are searched.
    expected: [`${ANY} |~ "(?i)value\`A|(?:value\\"B|value\\\\\\\\\\"B)"`],
    adjusted: "issue 15: keywords search the forms their text takes in the parser's lines (reference: `value\"B` only)",
  },
  { id: "E58", detection: "{keywords: [a.b(c), x*y], condition: keywords}", expected: [`${ANY} |~ \`(?i)a\\.b\\(c\\)|x(?s:.*)y\``], adjusted: ML },
  { id: "E61", detection: "{kw: {'|cased': [Foo, Bar]}, condition: kw}", expected: [`${ANY} |~ \`Foo|Bar\``] },
  {
    id: "E62",
    detection: "{keywords: valueA, sel: {fieldA: valueB}, condition: keywords and sel}",
    expected: [`${ANY} |~ \`(?i)valueA\` | logfmt | fieldA=~\`(?i)^valueB$\``],
  },
  {
    id: "E64",
    detection: "{keywords: [valueA, valueB], condition: not keywords}",
    expected: [`${ANY} !~ \`(?i)valueA\` !~ \`(?i)valueB\``],
  },
  {
    id: "E66",
    detection: "{keywords: valueA, sel: {fieldA: valueB}, condition: not (keywords or sel)}",
    expected: [`${ANY} !~ \`(?i)valueA\` | logfmt | fieldA!~\`(?i)^valueB$\``],
  },
  {
    id: "E68",
    logsource: "{category: application}",
    detection: "{sel1: [Word1], sel2: [Word2, Word3], condition: [sel1, sel2]}",
    expected: [`${ANY} |~ \`(?i)Word1\``, `${ANY} |~ \`(?i)Word2|Word3\``],
  },
  {
    id: "E69",
    logsource: "{category: test_category, product: windows}",
    detection: sel("{key1.key2: value}"),
    expected: [`${WIN} | json | key1_key2=~\`(?i)^value$\``],
  },
  {
    id: "E72",
    extra: "fields: [fieldA, fieldB]",
    detection: sel("{fieldA: valueA, fieldB: valueB}"),
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` and fieldB=~\`(?i)^valueB$\` | line_format "{{.fieldA}} {{.fieldB}}"`],
  },
  {
    id: "E73",
    extra: "logsource_loki_selection: '{job=~`(?i)test`}'\nloki_parser: pattern `<ip> <ts> <msg>`",
    detection: sel("{fieldA: valueA}"),
    expected: ["{job=~`(?i)test`} | pattern `<ip> <ts> <msg>` | fieldA=~`(?i)^valueA$`"],
  },
  { id: "E74", options: LFCS, detection: sel("{fieldA: valueA}"), expected: [`${ANY} |= \`fieldA=valueA\` | logfmt | fieldA=\`valueA\``] },
  {
    id: "E75",
    options: LFCS,
    detection: "{sel: {fieldA: valueA}, condition: not sel}",
    expected: [`${ANY} != \`fieldA=valueA\` | logfmt | fieldA!=\`valueA\``],
  },
  {
    id: "E76",
    options: LFCS,
    detection: "{sel1: {fieldA: valueA}, sel2: {fieldB: valueB}, condition: 1 of sel*}",
    expected: [`${ANY} |= \`=value\` | logfmt | fieldA=\`valueA\` or fieldB=\`valueB\``],
  },
  {
    id: "E77",
    options: LFCS,
    detection: sel("{fieldA: [valueA, valueB, valueC]}"),
    expected: [`${ANY} |= \`fieldA=value\` | logfmt | fieldA=\`valueA\` or fieldA=\`valueB\` or fieldA=\`valueC\``],
  },
  {
    id: "E79",
    options: LFCS,
    detection: sel("{fieldA|re: foo.*bar, fieldB: foo}"),
    expected: [`${ANY} |= \`fieldB=foo\` | logfmt | fieldA=~\`(?s:.*)foo.*bar(?s:.*)\` and fieldB=\`foo\``],
    adjusted: "issue 9: a label regex searches (reference: fieldA=~`foo.*bar`); issue 15: its wrappers match newlines",
  },
  { id: "E82", options: LF, detection: sel("{fieldA: valueA}"), expected: [`${ANY} |~ \`(?i)valueA\` | logfmt | fieldA=~\`(?i)^valueA$\``] },
  {
    id: "E84",
    options: LF,
    detection: "{sel1: {fieldA: valueA}, sel2: {fieldB: valueB}, condition: 1 of sel*}",
    expected: [`${ANY} | logfmt | fieldA=~\`(?i)^valueA$\` or fieldB=~\`(?i)^valueB$\``],
  },
  {
    id: "E85",
    options: LF,
    detection: "{sel1: {fieldA: valueA}, sel2: {fieldB: valueB}, condition: not 1 of sel*}",
    expected: [`${ANY} !~ \`(?i)valueA\` | logfmt | fieldA!~\`(?i)^valueA$\` and fieldB!~\`(?i)^valueB$\``],
  },
  {
    id: "E86",
    options: LFCS,
    detection: "{keywords: value, sel: {fieldA: valueA}, condition: keywords and sel}",
    expected: [`${ANY} |= \`value\` | logfmt | fieldA=\`valueA\``],
  },
];

describe("§5.13 conversion examples", () => {
  for (const ex of examples) {
    const name = ex.adjusted ? `${ex.id} (adjusted: ${ex.adjusted})` : ex.id;
    it(name, () => {
      expect(queries(ex.detection, ex.options, ex.logsource, ex.extra)).toEqual(ex.expected);
    });
  }
});

describe("§5.13 errors", () => {
  it("X01 keyword OR field (adjusted, issue 15: converts through the line label; the reference refuses)", () => {
    expect(queries("{keywords: valueA, sel: {fieldA: valueB}, condition: keywords or sel}")).toEqual([
      `${ANY} | logfmt | label_format sigma_line=\`{{ __line__ }}\` | sigma_line=~\`(?i).*valueA.*\` or fieldA=~\`(?i)^valueB$\``,
    ]);
  });
  it("X02 not (keyword list and keyword list) (adjusted, issue 15: converts through the line label)", () => {
    expect(queries("{keywordA: [valueA, valueB], keywordB: [valueC, valueD], condition: not (keywordA and keywordB)}")).toEqual([
      `${ANY} | logfmt | label_format sigma_line=\`{{ __line__ }}\` | sigma_line!~\`(?i).*valueA.*\` and sigma_line!~\`(?i).*valueB.*\` or sigma_line!~\`(?i).*valueC.*\` and sigma_line!~\`(?i).*valueD.*\``,
    ]);
  });
  it("X03 week", () => {
    expect(() => queries(sel("{fieldA|week: 1}"))).toThrow(
      "Field equals week value expressions are not supported by the backend",
    );
  });
  it("E38 (adjusted: a blank field name is an error, not `=~…`)", () => {
    expect(() => queries(sel("{'': valueA, ~: valueB, '   ': valueC}"))).toThrow("Field name '   ' is empty");
  });
  it("E65 (adjusted: not (kw1 and kw2) converts through the line label, issue 15; the reference emits `!~ kw1|kw2`, which means not kw1 and not kw2)", () => {
    expect(queries("{keyword1: valueA, keyword2: valueB, condition: not (keyword1 and keyword2)}")).toEqual([
      `${ANY} | logfmt | label_format sigma_line=\`{{ __line__ }}\` | sigma_line!~\`(?i).*valueA.*\` or sigma_line!~\`(?i).*valueB.*\``,
    ]);
  });
});
