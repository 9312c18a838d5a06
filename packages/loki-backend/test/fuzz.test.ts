/**
 * Fixed-seed property tests (the quick mode of `pnpm fuzz`; generators and checks in
 * tooling/src/reliability): every rule that loads converts to queries `@grafana/lezer-logql`
 * accepts, or gives located SigmaErrors — never another exception.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mutatedRule, toYaml, validRule } from "../../../tooling/src/reliability/arbitraries.js";
import { RULE_PIPELINES, checkRuleInput } from "../../../tooling/src/reliability/oracles.js";
import { MAX_REGEX_LENGTH, SigmaRegularExpressionError, convertRules } from "../src/index.js";

const SEED = 424242;

describe("conversion of generated rules", () => {
  it("valid rules convert to valid LogQL or give located errors", () => {
    fc.assert(
      fc.property(validRule, fc.nat(RULE_PIPELINES.length - 1), (data, p) => {
        checkRuleInput(toYaml(data), RULE_PIPELINES[p]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("mutated rules convert to valid LogQL or give located errors", () => {
    fc.assert(
      fc.property(mutatedRule(), fc.nat(RULE_PIPELINES.length - 1), ({ input }, p) => {
        checkRuleInput(input, RULE_PIPELINES[p]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("regex length limit", () => {
  const rule = (value: string): string =>
    `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    a|re: '${value}'\n  condition: sel\n`;

  it("a regex longer than max_regex_length (default MAX_REGEX_LENGTH) is a located rule error", () => {
    const { errors } = convertRules(rule("a".repeat(MAX_REGEX_LENGTH + 1)), { path: "r.yml" });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SigmaRegularExpressionError);
    expect(errors[0]?.message).toContain("max_regex_length");
    expect(errors[0]?.location).toMatchObject({ path: "r.yml", line: 1 });
  });

  it("max_regex_length can be raised or lowered", () => {
    const long = rule("a".repeat(MAX_REGEX_LENGTH + 1));
    expect(convertRules(long, { path: "r.yml", options: { max_regex_length: 2 * MAX_REGEX_LENGTH } }).errors).toEqual([]);
    const short = convertRules(rule("a".repeat(100)), { path: "r.yml", options: { max_regex_length: 50 } });
    expect(short.errors.map((e) => e.message)).toEqual([expect.stringContaining("limit of 50")]);
  });

  it("shorter regexes convert", () => {
    expect(convertRules(rule("a".repeat(1000)), { path: "r.yml" }).errors).toEqual([]);
  });
});

// Found by fuzzing: field names that are LogQL keywords (`on`, `json`, `offset`, …, in any case)
// gave label filters Loki's grammar rejects.
describe("LogQL keywords as field names", () => {
  it.each(["on", "oN", "JSON", "offset", "pattern", "group_left", "vector"])("%s is a located conversion error", (field) => {
    const text = `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    '${field}': x\n  condition: sel\n`;
    const { errors, output } = convertRules(text, { path: "r.yml" });
    expect(output).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("is a LogQL keyword");
    expect(errors[0]?.location).toMatchObject({ path: "r.yml", line: 5 });
  });

  it.each(["by", "and", "Onion", "json_x"])("%s still converts", (field) => {
    const text = `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    '${field}': x\n  condition: sel\n`;
    expect(convertRules(text, { path: "r.yml" }).errors).toEqual([]);
  });
});
