import { describe, expect, it } from "vitest";
import { normalizeQuery, queriesEquivalent, splitQuoted } from "./normalize.js";

describe("splitQuoted", () => {
  it("keeps backtick and double-quoted strings (with escapes) whole", () => {
    expect(splitQuoted('a=~`x y` |~ "p\\"q r" b')).toEqual([
      { quoted: false, text: "a=~" },
      { quoted: true, text: "`x y`" },
      { quoted: false, text: " |~ " },
      { quoted: true, text: '"p\\"q r"' },
      { quoted: false, text: " b" },
    ]);
  });

  it("treats a backslash in a raw string as literal", () => {
    expect(splitQuoted("a=`\\` b=`c`").filter((s) => s.quoted).map((s) => s.text)).toEqual(["`\\`", "`c`"]);
  });
});

describe("normalizeQuery", () => {
  it("removes whitespace outside quotes only", () => {
    expect(normalizeQuery('{job=~".+"}  | json | a=~`x y` | line_format "{{.a}} {{.b}}"')).toBe(
      '{job=~".+"}|json|a=~`x y`|line_format"{{.a}} {{.b}}"',
    );
  });

  it("renumbers match_N and date_N separately in order of first appearance", () => {
    const query =
      "{a=`b`} | label_format match_7=`{{ if eq .x .y }}true{{ else }}false{{ end }}`,date_3=`{{ date \"15\" (unixToTime .t) }}`,match_9=`x` | match_7=`true` and date_3=`3` and match_9!=`true`";
    expect(normalizeQuery(query)).toBe(
      "{a=`b`}|label_formatmatch_0=`{{ if eq .x .y }}true{{ else }}false{{ end }}`,date_0=`{{ date \"15\" (unixToTime .t) }}`,match_1=`x`|match_0=`true`anddate_0=`3`andmatch_1!=`true`",
    );
  });

  it("does not renumber inside quotes or inside longer names", () => {
    expect(normalizeQuery("{a=`b`} | x=`match_5` and my_match_5=`1`")).toBe("{a=`b`}|x=`match_5`andmy_match_5=`1`");
  });
});

describe("queriesEquivalent", () => {
  it("ignores spacing differences like the reference's double space before `| json`", () => {
    expect(queriesEquivalent('{job=~".+"}  | json | a=`1`| label_format match_0=`x`', '{job=~".+"} | json | a=`1` | label_format match_3=`x`')).toBe(true);
  });

  it("sees differences inside quoted strings", () => {
    expect(queriesEquivalent("{a=`b`} | x=`a b`", "{a=`b`} | x=`ab`")).toBe(false);
  });
});
