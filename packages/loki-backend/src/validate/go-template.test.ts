import { describe, expect, it } from "vitest";
import { checkGoTemplate } from "./go-template.js";

describe("checkGoTemplate", () => {
  it("accepts the templates the backend writes", () => {
    expect(checkGoTemplate("{{ if eq .fieldA .field }}true{{ else }}false{{ end }}")).toEqual([]);
    expect(checkGoTemplate('{{ date "15" (unixToTime .fieldA) }}')).toEqual([]);
    expect(checkGoTemplate("{{.fieldA}} {{.fieldB}}")).toEqual([]);
    expect(checkGoTemplate('{{ .message | replace "\\\\" "\\\\\\\\" | replace "\\"" "\\\\\\"" }}')).toEqual([]);
    expect(checkGoTemplate("{{- .a -}} text }} stays text")).toEqual([]);
  });

  it("reports structural errors with their offset", () => {
    expect(checkGoTemplate("x {{ .a")).toEqual([{ message: "unclosed action ({{ without }})", offset: 2 }]);
    expect(checkGoTemplate("{{ if .a }}yes")).toMatchObject([{ offset: 0 }]);
    expect(checkGoTemplate("{{ end }}")).toMatchObject([{ message: "unexpected {{end}}" }]);
    expect(checkGoTemplate("{{ (eq .a .b }}")).toMatchObject([{ message: "unclosed left paren in action" }]);
    expect(checkGoTemplate("{{}}")).toHaveLength(1);
  });
});
