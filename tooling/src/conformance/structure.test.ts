import { describe, expect, it } from "vitest";
import { normalizeQuery } from "./normalize.js";
import { referenceLabelFormatLayout, withoutExpansionParens } from "./structure.js";

const LF = "| label_format match_0=`{{ if eq .b .a }}true{{ else }}false{{ end }}`,match_1=`{{ if eq .d .c }}true{{ else }}false{{ end }}`";
const ANY = '{job=~".+"} | logfmt';

describe("referenceLabelFormatLayout (fieldref / timestamp-part filters AND-joined after label_format)", () => {
  it("pulls the generated filters out of an OR and AND-joins them", () => {
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | match_0=\`true\` or match_1!=\`true\``)?.query).toBe(
      `${ANY} ${LF} | match_0=\`true\` and match_1!=\`true\``,
    );
  });

  it("prints the other filters before label_format, removing the joiner the pulled filter belonged to", () => {
    // `x or match_0 and y` is `x or (match_0 and y)`: the `and` goes with match_0.
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | x=\`1\` or match_0=\`true\` and y=\`2\``)?.query).toBe(
      `${ANY} | x=\`1\` or y=\`2\` ${LF} | match_0=\`true\``,
    );
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | match_0=\`true\` and x=\`1\` or y=\`2\``)?.query).toBe(
      `${ANY} | x=\`1\` or y=\`2\` ${LF} | match_0=\`true\``,
    );
  });

  it("keeps the parentheses of an emptied group, as the reference's joins do", () => {
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | x=\`1\` and (match_0=\`true\` or match_1=\`true\`)`)?.query).toBe(
      `${ANY} | x=\`1\` and () ${LF} | match_0=\`true\` and match_1=\`true\``,
    );
  });

  it("compares date_N as strings and names both classes", () => {
    const lf = '| label_format date_0=`{{ date "15" (unixToTime .a) }}`';
    expect(referenceLabelFormatLayout(`${ANY} ${lf} | date_0=3 or x=\`1\``)).toEqual({
      query: `${ANY} | x=\`1\` ${lf} | date_0=\`3\``,
      classes: ["fieldref-and-joined", "timestamp-part-comparisons"],
    });
  });

  it("keeps what follows the expression (YAML-format wrappers)", () => {
    expect(referenceLabelFormatLayout(`sum(count_over_time(${ANY} ${LF} | match_0=\`true\` or x=\`1\` [1m])) or vector(0) > 0`)?.query).toBe(
      `sum(count_over_time(${ANY} | x=\`1\` ${LF} | match_0=\`true\` [1m])) or vector(0) > 0`,
    );
  });

  it("does nothing without generated filters or when nothing moves", () => {
    expect(referenceLabelFormatLayout(`${ANY} | x=\`1\` or y=\`2\``)).toBeUndefined();
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | match_0=\`true\` and match_1=\`true\``)).toBeUndefined();
    // A user label called match_5 is not one of ours.
    expect(referenceLabelFormatLayout(`${ANY} ${LF} | x=\`1\` or match_5=\`true\``)?.query).toBeUndefined();
  });
});

describe("withoutExpansionParens (expansion grouping)", () => {
  const n = normalizeQuery;
  const ours = n(`${ANY} | a=\`1\` and (f=~\`x1\` or f=~\`x2\` or f=~\`x3\`)`);

  it("removes the parentheses of a one-field OR-run operand of an AND that the reference lacks", () => {
    expect(withoutExpansionParens(n(`${ANY} | a=\`1\` and f=~\`x1\` or f=~\`x2\` or f=~\`x3\``), ours)).toEqual({
      query: n(`${ANY} | a=\`1\` and f=~\`x1\` or f=~\`x2\` or f=~\`x3\``),
      classes: ["expansion-grouping"],
    });
  });

  it("keeps groups the reference has (value lists) and removes only the bare ones", () => {
    const both = n(`${ANY} | (g=\`1\` or g=\`2\`) and (f=~\`x1\` or f=~\`x2\`)`);
    expect(withoutExpansionParens(n(`${ANY} | (g=\`1\` or g=\`2\`) and f=~\`x1\` or f=~\`x2\``), both)?.query).toBe(
      n(`${ANY} | (g=\`1\` or g=\`2\`) and f=~\`x1\` or f=~\`x2\``),
    );
  });

  it("rejects anything broader", () => {
    // Nothing to remove: the reference has the parentheses.
    expect(withoutExpansionParens(ours, ours)).toBeUndefined();
    // Two fields in the group: not one expansion.
    expect(
      withoutExpansionParens(n(`${ANY} | a=\`1\` and f=~\`x1\` or g=~\`x2\``), n(`${ANY} | a=\`1\` and (f=~\`x1\` or g=~\`x2\`)`)),
    ).toBeUndefined();
    // Mixed operators.
    expect(
      withoutExpansionParens(n(`${ANY} | a=\`1\` and f=~\`x1\` or f!~\`x2\``), n(`${ANY} | a=\`1\` and (f=~\`x1\` or f!~\`x2\`)`)),
    ).toBeUndefined();
    // An operand of an OR, not of an AND.
    expect(
      withoutExpansionParens(n(`${ANY} | a=\`1\` or f=~\`x1\` or f=~\`x2\``), n(`${ANY} | a=\`1\` or (f=~\`x1\` or f=~\`x2\`)`)),
    ).toBeUndefined();
    // A different operator next to the group.
    expect(withoutExpansionParens(n(`${ANY} | a=\`1\` or f=~\`x1\` or f=~\`x2\` or f=~\`x3\``), ours)).toBeUndefined();
    // Only one parenthesis missing.
    expect(withoutExpansionParens(n(`${ANY} | a=\`1\` and f=~\`x1\` or f=~\`x2\` or f=~\`x3\`)`), ours)).toBeUndefined();
  });
});
