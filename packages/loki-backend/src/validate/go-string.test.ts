import { describe, expect, it } from "vitest";
import { unquoteGoString } from "./go-string.js";

describe("unquoteGoString", () => {
  it("keeps raw strings raw", () => {
    expect(unquoteGoString("`C:\\Windows`")).toEqual({ ok: true, value: "C:\\Windows" });
  });

  it("decodes Go escapes in double-quoted strings", () => {
    expect(unquoteGoString('"a\\\\b\\"c\\t\\x41\\u00e9\\101"')).toEqual({ ok: true, value: 'a\\b"c\tAéA' });
  });

  it("rejects escapes Go does not know", () => {
    expect(unquoteGoString('"C:\\Windows"')).toMatchObject({ ok: false, offset: 3 });
    expect(unquoteGoString('"\\.exe"')).toMatchObject({ ok: false });
    expect(unquoteGoString('"\\x4"')).toMatchObject({ ok: false });
    expect(unquoteGoString('"\\400"')).toMatchObject({ ok: false });
  });
});
