import { describe, expect, it } from "vitest";
import { renderTable, wrap } from "./table.js";

// Expected tables: spec/sigma-cli.md E7 and E8 (prettytable's default style, 60-column wrapping).
describe("tables", () => {
  it("draws the prettytable style", () => {
    expect(renderTable(["Count", "Rule Error"], [["1", "SigmaIdentifierError"], ["1", "SigmaLevelError"]])).toBe(
      [
        "+-------+----------------------+",
        "| Count | Rule Error           |",
        "+-------+----------------------+",
        "| 1     | SigmaIdentifierError |",
        "| 1     | SigmaLevelError      |",
        "+-------+----------------------+",
      ].join("\n"),
    );
  });

  it("wraps long cells at 60 columns onto continuation lines", () => {
    const message =
      "The pipe syntax in Sigma conditions has been deprecated and replaced by Sigma correlations. pySigma doesn't supports this syntax.";
    expect(renderTable(["Count", "Condition Error"], [["1", wrap(message)]])).toBe(
      [
        "+-------+-------------------------------------------------------------+",
        "| Count | Condition Error                                             |",
        "+-------+-------------------------------------------------------------+",
        "| 1     | The pipe syntax in Sigma conditions has been deprecated and |",
        "|       | replaced by Sigma correlations. pySigma doesn't supports    |",
        "|       | this syntax.                                                |",
        "+-------+-------------------------------------------------------------+",
      ].join("\n"),
    );
  });
});
