/**
 * The metric evaluator's vector aggregations, binary operators (precedence, literals, vector
 * matching, set operators), label_replace and vector(), on small inputs with values by hand.
 */
import { describe, expect, it } from "vitest";
import { evaluateMetric, LokiQueryError, type InstantVector, type TimedEntry } from "./metric.js";
import { expectValidAndEvaluate } from "./metric-expect.js";
import { clock, event } from "./timeline.js";

const AT = clock("10:05");
const Q = '{job="app"} | json';
const count = (filter = "", by = "user, host") => `sum by (${by}) (count_over_time(${Q}${filter} [5m]))`;

/** Evaluates at 10:05 and writes each sample as `{labels} value` for compact expectations. */
function rows(query: string, entries: readonly TimedEntry[]): string[] {
  return show(expectValidAndEvaluate(query, entries, AT));
}
function show(v: InstantVector): string[] {
  return v.map((s) => `${JSON.stringify(s.labels)} ${s.value}`);
}

// Per (user, host): alice@a 1, alice@b 3, bob@a 2, carol (no host) 1.
const events = [
  event("10:01", { user: "alice", host: "a" }),
  ...["10:01", "10:02", "10:03"].map((t) => event(t, { user: "alice", host: "b" })),
  event("10:02", { user: "bob", host: "a" }),
  event("10:04", { user: "bob", host: "a" }),
  event("10:04", { user: "carol" }),
];
const B = count();

describe("vector aggregations", () => {
  it("the base vector", () => {
    // Sorted as Prometheus compares label sets: pair by pair, so host=a comes before host=b.
    expect(rows(B, events)).toEqual([
      '{"host":"a","user":"alice"} 1',
      '{"host":"a","user":"bob"} 2',
      '{"host":"b","user":"alice"} 3',
      '{"user":"carol"} 1',
    ]);
  });

  it.each([
    ["sum", ["4", "2", "1"]],
    ["count", ["2", "1", "1"]],
    ["max", ["3", "2", "1"]],
    ["min", ["1", "2", "1"]],
    ["avg", ["2", "2", "1"]],
    ["stdvar", ["1", "0", "0"]],
    ["stddev", ["1", "0", "0"]],
  ])("%s by (user)", (op, values) => {
    const expected = ["alice", "bob", "carol"].map((u, i) => `{"user":"${u}"} ${values[i]}`);
    expect(rows(`${op} by (user) (${B})`, events)).toEqual(expected);
    expect(rows(`${op} (${B}) by (user)`, events)).toEqual(expected);
    expect(rows(`${op} without (host) (${B})`, events)).toEqual(expected);
  });

  it("without grouping: one series without labels", () => {
    expect(rows(`sum(${B})`, events)).toEqual(["{} 7"]);
    expect(rows(`count(${B})`, events)).toEqual(["{} 4"]);
    expect(rows(`sum by () (${B})`, events)).toEqual(["{} 7"]);
  });

  it("a sample missing a `by` label joins the group of those missing it", () => {
    expect(rows(`sum by (host) (${B})`, events)).toEqual(["{} 1", '{"host":"a"} 3', '{"host":"b"} 3']);
  });

  it("topk and bottomk keep whole samples, per group", () => {
    expect(rows(`topk by (user) (1, ${B})`, events)).toEqual([
      '{"host":"a","user":"bob"} 2',
      '{"host":"b","user":"alice"} 3',
      '{"user":"carol"} 1',
    ]);
    expect(rows(`topk(2, ${B})`, events)).toEqual(['{"host":"a","user":"bob"} 2', '{"host":"b","user":"alice"} 3']);
    expect(rows(`bottomk(1, ${B}) by (user)`, events)).toEqual([
      '{"host":"a","user":"alice"} 1',
      '{"host":"a","user":"bob"} 2',
      '{"user":"carol"} 1',
    ]);
  });

  it("parameters as Loki checks them", () => {
    expect(() => evaluateMetric(`sum(1, ${B})`, [], AT)).toThrow("unsupported parameter for operation sum");
    expect(() => evaluateMetric(`topk(${B})`, [], AT)).toThrow("parameter required for operation topk");
    expect(() => evaluateMetric(`topk(0, ${B})`, [], AT)).toThrow("must be greater than 0");
    expect(() => evaluateMetric(`topk(1.5, ${B})`, [], AT)).toThrow("invalid parameter topk(1.5,");
  });

  it("keywords are case-insensitive, as in Loki's lexer (the project's validator takes lower case only)", () => {
    const upper = evaluateMetric(`SUM BY (user) (COUNT_OVER_TIME(${Q} [5m]))`, events, AT);
    expect(show(upper)).toEqual(rows(`sum by (user) (${B})`, events));
  });
});

describe("binary operators with a literal", () => {
  it("comparisons filter and keep the vector's value, on either side", () => {
    const kept = ['{"host":"a","user":"bob"} 2', '{"host":"b","user":"alice"} 3'];
    expect(rows(`${B} > 1`, events)).toEqual(kept);
    expect(rows(`1 < ${B}`, events)).toEqual(kept);
    expect(rows(`${B} == 3`, events)).toEqual([kept[1]]);
    expect(rows(`${B} != 1`, events)).toEqual(kept);
    expect(rows(`${B} >= 2`, events)).toEqual(kept);
    expect(rows(`${B} <= 1`, events)).toEqual(['{"host":"a","user":"alice"} 1', '{"user":"carol"} 1']);
  });

  it("bool gives 0 or 1 for every sample", () => {
    expect(rows(`${B} > bool 1`, events).map((r) => r.split(" ")[1])).toEqual(["0", "1", "1", "0"]);
    expect(rows(`2 >= bool ${B}`, events).map((r) => r.split(" ")[1])).toEqual(["1", "1", "0", "1"]);
  });

  it("arithmetic keeps the labels and respects the side of the literal", () => {
    const values = (q: string) => rows(q, events).map((r) => Number(r.split(" ")[1]));
    // B in order: 1, 2, 3, 1
    expect(values(`${B} * 2`)).toEqual([2, 4, 6, 2]);
    expect(values(`10 - ${B}`)).toEqual([9, 8, 7, 9]);
    expect(values(`${B} - 10`)).toEqual([-9, -8, -7, -9]);
    expect(values(`${B} % 2`)).toEqual([1, 0, 1, 1]);
    expect(values(`2 ^ ${B}`)).toEqual([2, 4, 8, 2]);
    expect(values(`${B} / 0`)).toEqual([NaN, NaN, NaN, NaN]); // Loki: NaN, not +Inf
    expect(values(`${B} % 0`)).toEqual([NaN, NaN, NaN, NaN]);
  });
});

describe("precedence and literals", () => {
  const value = (q: string) => expectValidAndEvaluate(q, [], AT).map((s) => s.value);

  it.each([
    ["vector(1) + 2 * 3", [7]],
    ["vector(10) - 2 - 3", [5]],
    ["vector(1) * 2 ^ 3 ^ 2", [512]],
    ["vector(100) / 10 / 2", [5]],
    ["vector(2) * 3 > 5", [6]],
    ["vector(2) * (3 > 5)", [0]], // two literals fold, a comparison to 0/1
    ["vector(0) + (2 > 1)", [1]],
    ["vector(1) - -1", [2]],
    ["vector(1) > 0 and vector(2) > 3", []],
    ["vector(1) unless vector(2) or vector(3)", [3]], // (1 unless 2) or 3
    ["vector(1) or vector(2) unless vector(3)", [1]], // 1 or (2 unless 3)
    ["vector(1) + 1 == 2", [2]],
  ])("%s → %j", (query, expected) => {
    expect(value(query)).toEqual(expected);
  });

  it("a query that folds to a number is a scalar, not modelled", () => {
    expect(() => evaluateMetric("1 + 1", [], AT)).toThrow("scalar");
  });

  it("set operators refuse literals", () => {
    expect(() => evaluateMetric(`${B} and 1`, [], AT)).toThrow("unexpected literal for right leg of logical/set binary operation (and)");
    expect(() => evaluateMetric(`1 or ${B}`, [], AT)).toThrow("unexpected literal for left leg");
  });

  it("vector(n) is one sample without labels", () => {
    expect(expectValidAndEvaluate("vector(0)", [], AT)).toEqual([{ labels: {}, value: 0 }]);
  });
});

describe("the ruler's fallback: `… or vector(0) > 0` is `… or (vector(0) > 0)`", () => {
  const query = `sum(count_over_time(${Q} [1m])) or vector(0) > 0`;

  it("gives the count when lines are in the window", () => {
    expect(rows(query, [event("10:04:30", { a: 1 })])).toEqual(["{} 1"]);
  });

  it("gives nothing when the window is empty (vector(0) > 0 is empty)", () => {
    expect(rows(query, [event("10:03", { a: 1 })])).toEqual([]);
    expect(rows(`(sum(count_over_time(${Q} [1m])) or vector(0)) >= 0`, [event("10:03", { a: 1 })])).toEqual(["{} 0"]);
  });
});

describe("binary operators between vectors", () => {
  // alice: 2 logins 1 failure; bob: 1 login; carol: 3 failures.
  const auth = [
    event("10:01", { user: "alice", action: "login", host: "a" }),
    event("10:02", { user: "alice", action: "login", host: "b" }),
    event("10:03", { user: "alice", action: "fail", host: "a" }),
    event("10:03", { user: "bob", action: "login", host: "a" }),
    ...["10:02", "10:03", "10:04"].map((t) => event(t, { user: "carol", action: "fail", host: "c" })),
  ];
  const logins = count(' | action="login"', "user");
  const fails = count(' | action="fail"', "user");
  const loginsByHost = count(' | action="login"', "user, host");

  it("arithmetic and comparisons match samples with the same labels; unmatched ones drop out", () => {
    expect(rows(`${logins} + ${fails}`, auth)).toEqual(['{"user":"alice"} 3']);
    expect(rows(`${logins} > ${fails}`, auth)).toEqual(['{"user":"alice"} 2']); // the left value
    expect(rows(`${logins} < bool ${fails}`, auth)).toEqual(['{"user":"alice"} 0']);
    expect(rows(`${logins} / ${fails}`, auth)).toEqual(['{"user":"alice"} 2']);
  });

  it("and / or / unless keep the samples of their sides", () => {
    expect(rows(`${logins} and ${fails}`, auth)).toEqual(['{"user":"alice"} 2']);
    expect(rows(`${logins} or ${fails}`, auth)).toEqual(['{"user":"alice"} 2', '{"user":"bob"} 1', '{"user":"carol"} 3']);
    expect(rows(`${logins} unless ${fails}`, auth)).toEqual(['{"user":"bob"} 1']);
    expect(rows(`${fails} unless ${logins}`, auth)).toEqual(['{"user":"carol"} 3']);
  });

  it("on(…) and ignoring(…) choose the labels that match", () => {
    expect(rows(`${loginsByHost} and on(user) ${fails}`, auth)).toEqual(['{"host":"a","user":"alice"} 1', '{"host":"b","user":"alice"} 1']);
    expect(rows(`${loginsByHost} unless on(user) ${fails}`, auth)).toEqual(['{"host":"a","user":"bob"} 1']);
    expect(rows(`${loginsByHost} or on(user) ${fails}`, auth)).toEqual([
      '{"host":"a","user":"alice"} 1',
      '{"host":"a","user":"bob"} 1',
      '{"host":"b","user":"alice"} 1',
      '{"user":"carol"} 3',
    ]);
    expect(rows(`${loginsByHost} and ignoring(host) ${fails}`, auth)).toEqual(rows(`${loginsByHost} and on(user) ${fails}`, auth));
    expect(rows(`${logins} and on() ${fails}`, auth)).toEqual(['{"user":"alice"} 2', '{"user":"bob"} 1']); // on(): everything matches
  });

  it("one-to-one matching on(…) keeps only the on labels in the result", () => {
    const failsByHost = count(' | action="fail"', "user, host");
    expect(rows(`sum by (user, host) (${loginsByHost}) > on(user, host) ${failsByHost}`, auth)).toEqual([]);
    expect(rows(`${loginsByHost} >= on(user, host) ${failsByHost}`, auth)).toEqual(['{"host":"a","user":"alice"} 1']);
    expect(rows(`${loginsByHost} + on(user) ${fails}`, auth.filter((e) => !e.line.includes('"b"')))).toEqual(['{"user":"alice"} 2']);
  });

  it("many samples on one side need group_left / group_right", () => {
    expect(() => evaluateMetric(`${loginsByHost} / on(user) ${logins}`, auth, AT)).toThrow(LokiQueryError);
    expect(() => evaluateMetric(`${loginsByHost} / on(user) ${logins}`, auth, AT)).toThrow("many-to-one matching must be explicit");
    expect(rows(`${loginsByHost} / on(user) group_left ${logins}`, auth)).toEqual([
      '{"host":"a","user":"alice"} 0.5',
      '{"host":"a","user":"bob"} 1',
      '{"host":"b","user":"alice"} 0.5',
    ]);
    expect(rows(`${logins} * on(user) group_right ${loginsByHost}`, auth)).toEqual([
      '{"host":"a","user":"alice"} 2',
      '{"host":"a","user":"bob"} 1',
      '{"host":"b","user":"alice"} 2',
    ]);
    expect(rows(`${loginsByHost} - ignoring(host) group_left ${logins}`, auth).map((r) => r.split(" ")[1])).toEqual(["-1", "0", "-1"]);
  });

  it("group_left(label) copies the label from the one side", () => {
    const teams = `label_replace(${logins}, "team", "red", "user", "alice")`;
    expect(rows(`${loginsByHost} * on(user) group_left(team) ${teams}`, auth)).toEqual([
      '{"host":"a","team":"red","user":"alice"} 2',
      '{"host":"a","user":"bob"} 1',
      '{"host":"b","team":"red","user":"alice"} 2',
    ]);
  });

  it("duplicates on the one side are an error", () => {
    expect(() => evaluateMetric(`${logins} + on() ${loginsByHost}`, auth, AT)).toThrow("found duplicate series on the right hand-side");
    expect(() => evaluateMetric(`${loginsByHost} + on() group_right ${logins}`, auth, AT)).toThrow(
      "found duplicate series on the left hand-side",
    );
  });

  it("an error on a side that does not contribute still fails the query", () => {
    const broken = [...auth, { ts: clock("10:04"), line: "not json", stream: { job: "app" } }];
    const q = `${logins} and sum by (user) (count_over_time({job="app"} | json | user!="x" [5m]))`;
    expect(() => evaluateMetric(q, broken, AT)).toThrow(/JSONParserErr/);
  });
});

describe("label_replace", () => {
  const users = count("", "user");
  const replaced = (dst: string, replacement: string, src: string, regex: string) =>
    rows(`label_replace(${users}, "${dst}", "${replacement}", "${src}", "${regex}")`, events);

  it("sets dst from the groups of a whole-value match of src", () => {
    expect(replaced("d", "$1-x", "user", "(a.*)")).toEqual(['{"d":"alice-x","user":"alice"} 4', '{"user":"bob"} 2', '{"user":"carol"} 1']);
  });

  it("is anchored: a partial match changes nothing", () => {
    expect(replaced("d", "y", "user", "li")).toEqual(['{"user":"alice"} 4', '{"user":"bob"} 2', '{"user":"carol"} 1']);
    expect(replaced("d", "y", "user", ".*li.*")[0]).toBe('{"d":"y","user":"alice"} 4');
  });

  it("expands like Go: $1x is the group named 1x (empty), ${1}x is not; named groups work", () => {
    const [alice, bob, carol] = ['{"user":"alice"} 4', '{"user":"bob"} 2', '{"user":"carol"} 1'];
    expect(replaced("d", "$1x", "user", "(bob)")).toEqual([alice, bob, carol]);
    expect(replaced("d", "${1}x", "user", "(bob)")).toEqual(['{"d":"bobx","user":"bob"} 2', alice, carol]);
    expect(replaced("d", "$rest", "user", "(?P<first>c)(?P<rest>.*)")).toEqual(['{"d":"arol","user":"carol"} 1', alice, bob]);
  });

  it("an empty result removes dst; a missing src is the empty string", () => {
    expect(replaced("user", "", "user", "bob")).toEqual(["{} 2", '{"user":"alice"} 4', '{"user":"carol"} 1']);
    expect(replaced("d", "none", "nolabel", "")).toEqual([
      '{"d":"none","user":"alice"} 4',
      '{"d":"none","user":"bob"} 2',
      '{"d":"none","user":"carol"} 1',
    ]);
  });

  it("a regex RE2 refuses is a parse error", () => {
    expect(() => evaluateMetric(`label_replace(${users}, "d", "x", "user", "(?=a)")`, [], AT)).toThrow("invalid regex in label_replace");
  });
});
