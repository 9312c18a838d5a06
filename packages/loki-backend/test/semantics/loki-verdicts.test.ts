/**
 * Ground truth from a real Loki (fixtures/semantics): first the evaluator must reproduce Loki's
 * verdict on every recorded query; then our own queries for the same rules run through it.
 */
import { describe, expect, it } from "vitest";
import { convertFile } from "../helpers/conformance.js";
import { CompiledQuery } from "./evaluate.js";
import { loadEvents, loadVerdicts, type Verdict } from "./samples.js";

const events = loadEvents();
const verdicts = loadVerdicts();
const sorted = (ids: Iterable<string>): string[] => [...ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

describe("the evaluator agrees with Loki", () => {
  it("selects exactly what Loki selected, for every recorded query over all 238 events", () => {
    expect(events).toHaveLength(238);
    const disagreements = verdicts
      .map((v) => ({ v, got: sorted(new CompiledQuery(v.query).select(events)) }))
      .filter(({ v, got }) => got.join() !== sorted(v.selects).join())
      .map(({ v, got }) => `${v.rule_id} ${v.variant}: got ${got.join()} want ${sorted(v.selects).join()}`);
    expect(disagreements).toEqual([]);
    // Both variants are present: the check covers anchored and searching label regexes.
    expect(new Set(verdicts.map((v) => v.variant))).toEqual(new Set(["reference", "anchor-fixed"]));
  });
});

describe("our queries on the regression samples", () => {
  interface RuleVerdicts {
    path: string;
    own: Set<string>;
    reference: Set<string>;
    fixed?: Set<string>;
  }
  const rules = new Map<string, RuleVerdicts>();
  for (const v of verdicts as Verdict[]) {
    const r = rules.get(v.rule_id) ?? { path: v.path, own: new Set(v.own_events), reference: new Set<string>() };
    rules.set(v.rule_id, r);
    const target = v.variant === "reference" ? r.reference : (r.fixed ??= new Set<string>());
    v.selects.forEach((id) => target.add(id));
  }

  const ours = new Map<string, Set<string>>();
  for (const [id, r] of rules) {
    const out = convertFile(r.path);
    if (!("queries" in out)) throw new Error(`${r.path}: ${String(out.error)}`);
    const selected = new Set<string>();
    for (const q of out.queries) new CompiledQuery(q).select(events).forEach((e) => selected.add(e));
    ours.set(id, selected);
  }
  const loki = (r: RuleVerdicts): Set<string> => r.fixed ?? r.reference;

  it("every own event Loki finds with the (anchor-fixed) reference query, ours finds too", () => {
    const lost = [...rules].flatMap(([id, r]) =>
      [...r.own].filter((e) => loki(r).has(e) && !ours.get(id)?.has(e)).map((e) => `${id}: ${e}`),
    );
    expect(lost).toEqual([]);
  });

  it("we select nothing the (anchor-fixed) reference does not, and drop only other rules' events", () => {
    const extra: string[] = [];
    const dropped: string[] = [];
    for (const [id, r] of rules) {
      const mine = ours.get(id) ?? new Set<string>();
      for (const e of mine) if (!loki(r).has(e)) extra.push(`${id}: ${e}`);
      for (const e of loki(r)) if (!mine.has(e) && r.own.has(e)) dropped.push(`${id}: ${e}`);
    }
    expect(extra).toEqual([]);
    expect(dropped).toEqual([]);
  });

  it("figures", () => {
    const all = (sel: Set<string> | undefined, r: RuleVerdicts) => [...r.own].every((e) => sel?.has(e));
    const rows = [...rules];
    const figures = {
      rules: rules.size,
      oursAllOwn: rows.filter(([id, r]) => all(ours.get(id), r)).length,
      referenceAllOwn: rows.filter(([, r]) => all(r.reference, r)).length,
      fixedAllOwn: rows.filter(([, r]) => all(loki(r), r)).length,
      oursOtherEvents: rows.reduce((n, [id, r]) => n + [...(ours.get(id) ?? [])].filter((e) => !r.own.has(e)).length, 0),
      referenceOtherEvents: rows.reduce((n, [, r]) => n + [...r.reference].filter((e) => !r.own.has(e)).length, 0),
    };
    console.info("regression samples:", figures);
    expect(figures.oursAllOwn).toBeGreaterThanOrEqual(figures.fixedAllOwn);
    expect(figures.oursOtherEvents).toBeLessThanOrEqual(figures.referenceOtherEvents);
  });
});
