import { describe, expect, test } from "vitest";
import { highlightLogQL } from "./logql-highlight.js";

const query = 'sum by (host) (count_over_time({job=~"eventlog|winlog"} |~ `(?i)whoami` | json | Image=~`(?i).*\\.exe` and EventID=1 [5m])) > 0';

function classOf(segments: ReturnType<typeof highlightLogQL>, text: string): string | undefined {
  return segments.find((s) => s.text === text)?.cls;
}

describe("LogQL highlighting", () => {
  test("covers every character exactly once, in order", () => {
    for (const q of [query, "", "{a=", "not logql at all ]]", '{job="x"} | json'])
      expect(highlightLogQL(q).map((s) => s.text).join("")).toBe(q);
  });

  test("classifies keywords, strings, label names, numbers and operators by the LogQL grammar", () => {
    const s = highlightLogQL(query);
    for (const kw of ["sum", "by", "count_over_time", "json", "and"]) expect(classOf(s, kw), kw).toBe("tok-keyword");
    expect(classOf(s, '"eventlog|winlog"')).toBe("tok-string");
    expect(classOf(s, "`(?i)whoami`")).toBe("tok-string");
    for (const label of ["job", "Image", "EventID", "host"]) expect(classOf(s, label), label).toBe("tok-labelName");
    expect(classOf(s, "1")).toBe("tok-number");
    expect(classOf(s, "5m")).toBe("tok-number");
    for (const op of ["=~", "|~", "|", ">"]) expect(classOf(s, op), op).toBe("tok-operator");
  });
});
