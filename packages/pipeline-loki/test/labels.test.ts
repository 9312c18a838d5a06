import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { quoteLabelValue, sanitizeLabelKey } from "../src/index.js";
import { example } from "./fixtures.js";

/** Label names on the left of `=~` in a query's label filter part, in order. */
const labelNames = (query: string) =>
  [...query.slice(query.indexOf("| logfmt |") + 10).matchAll(/(?:^|and) ?([^ =]*)=~/g)].map((m) => m[1]);

describe("sanitizeLabelKey", () => {
  it("E37: replaces characters outside [A-Za-z0-9_] and prefixes a leading digit", () => {
    const e37 = example("E37");
    const keys = Object.keys((load(e37.detection) as { sel: object }).sel);
    expect(keys.map(sanitizeLabelKey)).toEqual(labelNames(referenceQuery("E37")));
    expect(sanitizeLabelKey("field.name@A-Z")).toBe("field_name_A_Z");
    expect(sanitizeLabelKey("0field")).toBe("_0field");
    expect(sanitizeLabelKey("_Image_1")).toBe("_Image_1");
  });

  it("E38: a blank name becomes empty; surrounding whitespace is removed", () => {
    expect(referenceQuery("E38").endsWith("| logfmt | =~`(?i)^valueC$`")).toBe(true);
    expect(sanitizeLabelKey("   ")).toBe("");
    expect(sanitizeLabelKey("")).toBe("");
    expect(sanitizeLabelKey("  a b ")).toBe("a_b");
  });

  it("replaces a character outside the BMP by one _ and strips what Python's strip() strips", () => {
    expect(sanitizeLabelKey("a\u{1F600}b")).toBe("a_b");
    expect(sanitizeLabelKey("\u0085\u001cname\u3000")).toBe("name");
  });
});

describe("quoteLabelValue", () => {
  it("uses backticks, or double quotes when the text has a backtick (E03, E57)", () => {
    expect(referenceQuery("E03")).toContain(quoteLabelValue("(?i)^value`A$"));
    expect(referenceQuery("E57")).toContain(quoteLabelValue('(?i)value`A|value"B'));
    expect(quoteLabelValue("(?i)^valueA$")).toBe("`(?i)^valueA$`");
    // a Go interpreted string cannot hold a raw newline
    expect(quoteLabelValue("a`b\nc")).toBe('"a`b\\nc"');
  });
});

/** The (first) query of a §5.13 `Enn` example. */
function referenceQuery(id: string): string {
  return example(id).query;
}
