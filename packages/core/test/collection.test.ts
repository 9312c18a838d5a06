/** Collections (spec §1.6): actions, references, filters, several sources, error collection. */
import { describe, expect, it } from "vitest";
import {
  SigmaCollectionError,
  SigmaError,
  SigmaRuleNotFoundError,
  SigmaYAMLError,
  cloneRule,
  collectionErrors,
  filterPrefix,
  loadCollection,
  mergeCollections,
  parseCollection,
  prefixCondition,
  ruleConditionTrees,
} from "../src/index.js";
import type { SigmaCorrelationRule, SigmaRule } from "../src/index.js";

const rule = (title: string, extra = ""): string => `title: ${title}
${extra}logsource:
    product: windows
    service: security
detection:
    sel:
        EventID: 1
    condition: sel
`;

function rules(text: string): SigmaRule[] {
  return parseCollection(text, { path: "c.yml" }).rules.filter((r): r is SigmaRule => r.kind === "rule");
}

describe("collection actions", () => {
  it("action: global is deep-merged into following rules, global values win", () => {
    const text = `action: global
title: Global title
logsource:
    product: windows
detection:
    filter:
        User: SYSTEM
    condition: sel and not filter
---
title: Own title
status: test
logsource:
    product: linux
    service: sshd
detection:
    sel:
        a: 1
`;
    const [r] = rules(text);
    expect(r?.title).toBe("Global title");
    expect(r?.status).toBe("test");
    expect(r?.logsource).toMatchObject({ product: "windows", service: "sshd" });
    expect([...(r?.detection.definitions.keys() ?? [])]).toEqual(["sel", "filter"]);
    expect(r?.detection.conditions).toEqual(["sel and not filter"]);
    // merged values keep the locations of where they were written
    expect(r?.detection.definitions.get("sel")?.items[0]?.location).toMatchObject({ line: 17 });
    expect(r?.detection.definitions.get("filter")?.items[0]?.location).toMatchObject({ line: 7 });
  });

  it("action: reset drops the global", () => {
    const text = `action: global\nstatus: stable\n---\n${rule("a")}---\naction: reset\n---\n${rule("b")}`;
    expect(rules(text).map((r) => r.status)).toEqual(["stable", undefined]);
  });

  it("action: repeat merges onto the previous rule and emits a new rule", () => {
    const text = `${rule("first")}---\naction: repeat\ntitle: second\nlogsource:\n    service: system\n`;
    const [a, b] = rules(text);
    expect(a).toMatchObject({ title: "first", logsource: { service: "security" } });
    expect(b).toMatchObject({ title: "second", logsource: { product: "windows", service: "system" } });
    expect(b?.detection.conditions).toEqual(["sel"]);
  });

  it("repeat without a previous rule is an error", () => {
    expect(() => parseCollection("action: repeat\ntitle: x\n")).toThrow(SigmaCollectionError);
  });

  it("an unknown action is a located error", () => {
    const text = `${rule("a")}---\naction: explode\n`;
    const e = (() => {
      try {
        parseCollection(text, { path: "c.yml" });
      } catch (error) {
        return error as SigmaError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(SigmaCollectionError);
    expect(e?.message).toMatch(/^Unknown Sigma collection action 'explode' in rule 1/);
    expect(e?.location).toEqual({ path: "c.yml", line: 10, column: 9 });
  });

  it("correlations and filters are not merged with the global", () => {
    const text = `action: global\ntitle: G\nlogsource:\n    product: x\n---\ntitle: corr\ncorrelation:\n    type: event_count\n    rules: r\n    timespan: 1h\n    condition:\n        gte: 2\n---\n${rule("r", "name: r\n")}`;
    const c = parseCollection(text);
    expect(c.rules.map((r) => r.title)).toEqual(["corr", "G"]);
  });

  it("a trailing empty document is ignored", () => {
    expect(rules(`${rule("a")}---\n`)).toHaveLength(1);
  });
});

describe("correlation references", () => {
  const corr = (refs: string): string =>
    `title: corr\ncorrelation:\n    type: event_count\n    rules: ${refs}\n    group-by: User\n    timespan: 5m\n    condition:\n        gte: 3\n`;

  it("are resolved by id, then by name", () => {
    const text = `${corr("[5013332f-8a70-4e04-bcc1-06a98a2cca2e, byname]")}---\n${rule("one", "id: 5013332f-8a70-4e04-bcc1-06a98a2cca2e\n")}---\n${rule("two", "name: byname\n")}`;
    const c = parseCollection(text);
    const correlation = c.rules[0] as SigmaCorrelationRule;
    expect(correlation.rules.map((r) => r.title)).toEqual(["one", "two"]);
    expect(correlation.groupBy).toEqual(["User"]);
  });

  it("a missing rule is a located SigmaRuleNotFoundError", () => {
    let thrown: unknown;
    try {
      parseCollection(corr("missing"), { path: "c.yml" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SigmaRuleNotFoundError);
    expect((thrown as SigmaError).message).toBe("Rule 'missing' not found in rule collection");
    expect((thrown as SigmaError).location).toEqual({ path: "c.yml", line: 4, column: 12 });
  });

  it("with collectErrors the missing rule is an error of the correlation", () => {
    const c = parseCollection(corr("missing"), { collectErrors: true });
    expect(c.rules[0]?.errors.map((e) => e.message)).toEqual(["Rule 'missing' not found in rule collection"]);
  });

  it("resolve across merged collections", () => {
    const a = parseCollection(corr("r"), { resolve: false });
    const b = parseCollection(rule("r", "name: r\n"));
    const merged = mergeCollections([a, b]);
    expect((merged.rules[0] as SigmaCorrelationRule).rules.map((r) => r.title)).toEqual(["r"]);
    expect(collectionErrors(merged)).toEqual([]);
  });
});

describe("filters", () => {
  const filter = (rulesLine: string, logsource = "    product: windows\n"): string => `title: Filter admin
id: 6f3b2d7a-1c2e-4f5a-8b9c-0d1e2f3a4b5c
logsource:
${logsource}filter:
    rules: ${rulesLine}
    selection:
        User: admin
    condition: not selection
`;

  it("are applied to the named rules with a matching log source", () => {
    const text = `${filter("[r1]")}---\n${rule("one", "name: r1\n")}---\n${rule("two", "name: r2\n")}`;
    const c = parseCollection(text);
    const [one, two] = c.rules as SigmaRule[];
    const prefix = filterPrefix(c.filters[0]!);
    expect(prefix).toMatch(/^_filt_[a-z]{10}_$/);
    expect(one?.detection.conditions).toEqual([`(sel) and (not ${prefix}selection)`]);
    expect(one?.detection.definitions.has(`${prefix}selection`)).toBe(true);
    expect(two?.detection.conditions).toEqual(["sel"]);
    const trees = ruleConditionTrees(one!);
    expect(trees[0]?.type).toBe("and");
  });

  it("'any' targets every rule, a different log source none", () => {
    const text = `${filter("any")}---\n${filter("any", "    product: linux\n").replace("Filter admin", "Other")}---\n${rule("one")}`;
    const c = parseCollection(text);
    const [one] = c.rules as SigmaRule[];
    expect(one?.detection.conditions[0]).toMatch(/^\(sel\) and \(not _filt_[a-z]{10}_selection\)$/);
  });

  it("target rules by id (any case)", () => {
    const text = `${filter("[5013332F-8A70-4E04-BCC1-06A98A2CCA2E]")}---\n${rule("one", "id: 5013332f-8a70-4e04-bcc1-06a98a2cca2e\n")}`;
    expect((parseCollection(text).rules[0] as SigmaRule).detection.conditions[0]).toMatch(/^\(sel\) and \(not _filt_/);
  });

  it("the prefix is deterministic", () => {
    const a = parseCollection(filter("any")).filters[0]!;
    const b = parseCollection(filter("any")).filters[0]!;
    expect(filterPrefix(a)).toBe(filterPrefix(b));
  });

  it("prefixes identifiers and selectors of the filter condition", () => {
    expect(prefixCondition("not (a or 1 of sel*) and all of them", "_p_")).toBe(
      "not (_p_a or 1 of _p_sel*) and all of _p_*",
    );
  });

  it("are applied once even when collections are merged again", () => {
    const c = parseCollection(`${filter("any")}---\n${rule("one")}`);
    const again = mergeCollections([c]);
    expect((again.rules[0] as SigmaRule).detection.conditions[0]?.match(/_filt_/g)).toHaveLength(1);
  });
});

describe("loading several sources", () => {
  it("reports every broken file with its location and keeps every good rule", () => {
    const c = loadCollection([
      { path: "good1.yml", text: rule("g1") },
      { path: "dup.yml", text: `title: a\ntitle: b\n` },
      { path: "bad-status.yml", text: rule("b", "status: nope\n") },
      { path: "empty.yml", text: "" },
      { path: "bytes.yml", text: new Uint8Array([0xc3, 0x28]) },
      { path: "good2.yml", text: new TextEncoder().encode(rule("g2")) },
    ]);
    expect(c.rules.map((r) => r.title)).toEqual(["g1", "g2"]);
    expect(c.errors.map((e) => String(e).split(": ")[0])).toEqual(["dup.yml:2:1", "bad-status.yml:2:9", "empty.yml:1:1", "bytes.yml:1:1"]);
    expect(c.errors[0]).toBeInstanceOf(SigmaYAMLError);
  });

  it("with collectErrors, rules with errors are kept and carry their errors", () => {
    const c = loadCollection([{ path: "bad-status.yml", text: rule("b", "status: nope\n") }], { collectErrors: true });
    expect(c.rules).toHaveLength(1);
    expect(collectionErrors(c).map(String)).toEqual(["bad-status.yml:2:9: 'nope' is not a valid Sigma rule status"]);
  });

  it("resolves references across files", () => {
    const c = loadCollection([
      { path: "c.yml", text: `title: c\ncorrelation:\n    type: event_count\n    rules: r\n    timespan: 1m\n    condition:\n        gt: 1\n` },
      { path: "r.yml", text: rule("r", "name: r\n") },
      { path: "c2.yml", text: `title: c2\ncorrelation:\n    type: event_count\n    rules: nope\n    timespan: 1m\n    condition:\n        gt: 1\n` },
    ]);
    expect((c.rules[0] as SigmaCorrelationRule).rules).toHaveLength(1);
    expect(c.rules[2]?.errors.map(String)).toEqual(["c2.yml:4:12: Rule 'nope' not found in rule collection"]);
  });
});

describe("cloneRule", () => {
  it("copies the mutable parts and shares values", () => {
    const [original] = rules(rule("a", "tags:\n    - attack.t1\n"));
    const copy = cloneRule(original!);
    const item = copy.detection.definitions.get("sel")?.items[0];
    if (item?.kind !== "item") throw new Error("no item");
    item.field = "Changed";
    item.values.push({ type: "null" });
    copy.detection.conditions.push("x");
    copy.tags.push({ namespace: "b", name: "c" });
    copy.logsource.custom["k"] = 1;
    const originalItem = original!.detection.definitions.get("sel")?.items[0];
    expect(originalItem).toMatchObject({ field: "EventID", values: [{ type: "number", value: 1 }] });
    expect(original!.detection.conditions).toEqual(["sel"]);
    expect(original!.tags).toHaveLength(1);
    expect(original!.logsource.custom).toEqual({});
    expect(item.values[0]).toBe(originalItem?.kind === "item" ? originalItem.values[0] : undefined);
  });
});
