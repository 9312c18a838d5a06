/**
 * Issue 15: which parser tells keywords how lines are encoded, and the keyword forms that follow.
 */
import { describe, expect, it } from "vitest";
import { lineEncoding } from "../src/convert/query.js";
import { queries } from "./helpers/convert.js";

describe("the encoding a parser stage says lines have", () => {
  it.each([
    [{ kind: "parser", parser: "json" }, "json"],
    [{ kind: "parser", parser: "logfmt" }, "logfmt"],
    [{ kind: "raw_stage", text: "json | line_format `{{.message}}` | logfmt" }, "json"],
    [{ kind: "raw_stage", text: '| json message="msg"' }, "json"],
    [{ kind: "raw_stage", text: "logfmt --strict" }, "logfmt"],
    [{ kind: "raw_stage", text: 'regexp "(?P<a>.*)"' }, undefined],
    [{ kind: "raw_stage", text: "jsonx" }, undefined],
    [{ kind: "raw_stage", text: "pattern `<_> json <a>`" }, undefined],
  ] as const)("%j → %s", (parser, want) => {
    expect(lineEncoding(parser)).toBe(want);
  });
});

describe("keywords follow the rule's parser", () => {
  const keyword = "{kw: ['C:\\Temp\\x'], condition: kw}";
  it("json (Windows): the JSON form only", () => {
    expect(queries(keyword, undefined, "{product: windows}")).toEqual([`{job=~"eventlog|winlog|windows|fluentbit.*"} |~ \`(?i)C:\\\\\\\\Temp\\\\\\\\x\``]);
  });
  it("logfmt (the default): as it is or quoted", () => {
    expect(queries(keyword)).toEqual([`{job=~".+"} |~ \`(?i)(?:C:\\\\Temp\\\\x|C:\\\\\\\\Temp\\\\\\\\x)\``]);
  });
  it("a custom parser that reads no known encoding: the text as it is", () => {
    expect(queries(keyword, undefined, undefined, 'loki_parser: regexp "(?P<msg>.*)"')).toEqual([`{job=~".+"} |~ \`(?i)C:\\\\Temp\\\\x\``]);
  });
  it("case-sensitive keywords stay plain line filters where the encoding leaves one form", () => {
    expect(queries(keyword, { case_sensitive: true }, "{product: windows}")).toEqual([
      `{job=~"eventlog|winlog|windows|fluentbit.*"} |= \`C:\\\\Temp\\\\x\``,
    ]);
    expect(queries("{kw: ['a<b'], condition: kw}", { case_sensitive: true }, "{product: windows}")).toEqual([
      `{job=~"eventlog|winlog|windows|fluentbit.*"} |~ \`a(?:<|\\\\u003c)b\``,
    ]);
  });
});
