/**
 * Backend options are typed per backend (issue 16): a misspelt option name or a value of the wrong
 * type does not compile. Checked by `tsc -p tsconfig.test.json` (`pnpm typecheck`): an unused
 * `@ts-expect-error` is itself an error. The run-time halves check the same calls' behaviour.
 */
import { convert } from "@sigma/backend";
import { describe, expect, expectTypeOf, it } from "vitest";
import { LokiBackend, SigmaBackendError, convertRules, type LokiBackendOptionInput } from "../src/index.js";

const RULE = "title: t\nlogsource: {product: p}\ndetection: {sel: {a: x}, condition: sel}\n";

describe("option objects are typed per backend", () => {
  it("convert() with the Loki backend", () => {
    // @ts-expect-error `casesensitive` is not an option of the Loki backend (`case_sensitive` is)
    expect(() => convert(new LokiBackend(), [], { options: { casesensitive: true } })).toThrow(SigmaBackendError);
    // @ts-expect-error a mapping is neither a boolean nor a string
    expect(() => convert(new LokiBackend(), [], { options: { case_sensitive: { on: true } } })).toThrow(SigmaBackendError);
    expect(() => convert(new LokiBackend(), [], { options: { case_sensitive: true, max_regex_length: "100" } })).not.toThrow();
  });

  it("convertRules()", () => {
    // @ts-expect-error `casesensitive` is not an option of the Loki backend
    expect(() => convertRules(RULE, { options: { casesensitive: true } })).toThrow(/not supported by backend 'loki'/);
    // @ts-expect-error grafana_org_id is a number (or its text), not a boolean
    expect(() => convertRules(RULE, { options: { grafana_org_id: true } })).toThrow(/expects a number/);
    expect(convertRules(RULE, { options: { case_sensitive: true } }).output).toEqual(['{job=~".+"} | logfmt | a=`x`']);
  });

  it("each option is its type or a string", () => {
    expectTypeOf<LokiBackendOptionInput["case_sensitive"]>().toEqualTypeOf<boolean | string | undefined>();
    expectTypeOf<LokiBackendOptionInput["grafana_org_id"]>().toEqualTypeOf<number | string | undefined>();
  });
});

describe("strings are read as the CLI reads -O values (one implementation)", () => {
  it.each([
    ["yes", '{job=~".+"} | logfmt | a=`x`'],
    ["on", '{job=~".+"} | logfmt | a=`x`'],
    ["1", '{job=~".+"} | logfmt | a=`x`'],
    ["TRUE", '{job=~".+"} | logfmt | a=`x`'],
    ["no", '{job=~".+"} | logfmt | a=~`(?i)^x$`'],
    ["off", '{job=~".+"} | logfmt | a=~`(?i)^x$`'],
  ])("case_sensitive: %s", (text, query) => {
    expect(convertRules(RULE, { options: { case_sensitive: text } }).output).toEqual([query]);
  });

  it("a word that is neither is refused", () => {
    expect(() => convertRules(RULE, { options: { case_sensitive: "maybe" } })).toThrow(
      "Option 'case_sensitive' of backend 'loki' expects true or false, got 'maybe'.",
    );
  });
});
