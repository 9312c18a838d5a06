import { describe, expect, it } from "vitest";
import { headline, parseMeasurements, ratioText, table } from "./report.js";

describe("bench report", () => {
  it("reads back the JSON lines of a saved run, skipping other lines", () => {
    const text = ['{"kind":"cli","name":"default","wallMsMedian":900}', "", "config rules", '{"no":"kind"}'].join("\n");
    const read = parseMeasurements(text);
    expect(read).toHaveLength(1);
    expect(headline(read[0]!)).toBe(900);
  });

  it("compares runs as ratios, '-' without a comparable value", () => {
    expect(ratioText(450, 900)).toBe("0.50x");
    expect(ratioText(450, undefined)).toBe("-");
    expect(ratioText(450, 0)).toBe("-");
  });

  it("aligns columns: first left, the others right", () => {
    expect(table(["a", "bb"], [["long", "1"]])).toBe("a     bb\nlong   1");
  });
});
