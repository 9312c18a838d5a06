/**
 * fast-check generators and mutators for the reliability campaigns (`pnpm fuzz`, `pnpm
 * reliability`) and for the fixed-seed quick property tests of the packages. Test-only: it imports
 * nothing from the project, so every package's tests can use it without a dependency cycle.
 *
 * - valid rules as plain data (`validRule`), printed with js-yaml;
 * - mutated rule files (`mutatedRule`): corpus or generated rules with keys dropped, duplicated,
 *   retyped or truncated, random bytes, deep nesting, huge scalars, alias bombs…;
 * - condition trees (`conditionTree`) and random condition strings (`randomCondition`);
 * - valid and mutated processing pipelines (`validPipeline`, `mutatedPipeline`).
 */
import fc from "fast-check";
import { CORE_SCHEMA, dump, load } from "js-yaml";

/** One generated input: the bytes or text to read, and what was done to it. */
export interface FuzzInput {
  readonly input: string | Uint8Array;
  readonly note: string;
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** A condition tree as the generator sees it (no source offsets). */
export type CondTree =
  | { readonly type: "identifier"; readonly name: string }
  | { readonly type: "selector"; readonly quantifier: "any" | "all"; readonly pattern: string }
  | { readonly type: "not"; readonly arg: CondTree }
  | { readonly type: "and" | "or"; readonly args: readonly CondTree[] };

const KEYWORDS = ["and", "or", "not", "of"];
const notKeyword = (s: string): boolean => !KEYWORDS.includes(s);

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** Strings of `first` then up to `max - 1` characters of `rest` (cheaper than `fc.stringMatching`). */
function word(first: string, rest: string, max: number, min = 1): fc.Arbitrary<string> {
  const head = fc.constantFrom(...first);
  const tail = fc.array(fc.constantFrom(...rest), { minLength: Math.max(0, min - 1), maxLength: max - 1 });
  return fc.tuple(head, tail).map(([h, t]) => h + t.join(""));
}

/** Detection names the condition parser accepts. */
export const identifier = word(LETTERS + "_", LETTERS + DIGITS + "_-", 9).filter(notKeyword);
/** Selector patterns (`1 of <pattern>`). */
export const selectorPattern = fc.oneof(
  fc.constant("them"),
  word(LETTERS + DIGITS + "_*", LETTERS + DIGITS + "_*", 8).filter(notKeyword),
);

/** Condition trees over `names` (any identifiers when not given). */
export function conditionTree(names?: readonly string[]): fc.Arbitrary<CondTree> {
  const name = names && names.length > 0 ? fc.constantFrom(...names) : identifier;
  const pattern = names && names.length > 0
    ? fc.oneof(fc.constant("them"), fc.constantFrom(...names).map((n) => `${n.slice(0, 2).replace(/-/g, "")}*`))
    : selectorPattern;
  return fc.letrec<{ node: CondTree }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      name.map((n): CondTree => ({ type: "identifier", name: n })),
      fc.record({ quantifier: fc.constantFrom("any" as const, "all" as const), pattern })
        .map((s): CondTree => ({ type: "selector", ...s })),
      tie("node").map((arg): CondTree => ({ type: "not", arg })),
      fc.record({ type: fc.constantFrom("and" as const, "or" as const), args: fc.array(tie("node"), { minLength: 2, maxLength: 4 }) })
        .map((n): CondTree => n),
    ),
  })).node;
}

/** Prints a tree with the parenthesisation the Sigma grammar needs (`and` binds tighter than `or`). */
export function printTree(tree: CondTree): string {
  const operand = (t: CondTree): string => (t.type === "and" || t.type === "or" ? `(${printTree(t)})` : printTree(t));
  switch (tree.type) {
    case "identifier":
      return tree.name;
    case "selector":
      return `${tree.quantifier === "all" ? "all" : "1"} of ${tree.pattern}`;
    case "not":
      return `not ${operand(tree.arg)}`;
    default:
      return tree.args.map(operand).join(` ${tree.type} `);
  }
}

/** Random condition-like strings: tokens of the grammar, junk characters and deep nesting. */
export const randomCondition: fc.Arbitrary<string> = fc.oneof(
  fc.array(
    fc.oneof(
      fc.constantFrom("and", "or", "not", "of", "1", "all", "any", "them", "(", ")", "*", "|", " ", "sel", "filter*", "-", "sel_1"),
      fc.string({ maxLength: 4 }),
      identifier,
    ),
    { maxLength: 30 },
  ).map((tokens) => tokens.join(" ")),
  fc.string({ maxLength: 40 }),
  fc.nat({ max: 5000 }).map((n) => `${"(".repeat(n)}sel${")".repeat(n)}`),
  fc.nat({ max: 5000 }).map((n) => `${"not ".repeat(n)}sel`),
  fc.nat({ max: 3000 }).map((n) => `${Array.from({ length: n + 1 }, () => "sel").join(" or ")}`),
);

// ---------------------------------------------------------------------------------------------
// Valid rules

const FIELDS = ["CommandLine", "Image", "ParentImage", "User", "EventID", "TargetFilename", "src_ip", "c-uri", "Details", "OriginalFileName"];
const fieldName = fc.oneof(fc.constantFrom(...FIELDS), word(LETTERS, LETTERS + DIGITS + "_.", 13));
const plainText = word(LETTERS + DIGITS + " ._:\\/-", LETTERS + DIGITS + " ._:\\/-", 20);
/** Sigma strings: text with `*`/`?` wildcards and escapes. */
const sigmaString = fc.array(fc.oneof({ weight: 4, arbitrary: plainText }, fc.constantFrom("*", "?", "\\*", "\\\\")), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(""));
/** Regular expressions from a small grammar that RE2 and JavaScript both accept. */
const safeRegex = fc.array(
  fc.oneof(word(LETTERS + DIGITS, LETTERS + DIGITS, 6), fc.constantFrom("\\.", ".*", "[a-z]+", "\\d{1,3}", "(?:ab|cd)", "^", "\\s", "x?")),
  { minLength: 1, maxLength: 5 },
).map((parts) => parts.join(""));
/** IPv4 networks with the host bits cleared (pySigma refuses host bits), prefixes /minBits to /32. */
export function ipv4Network(minBits: number): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: minBits, max: 32 })).map(([address, bits]) => {
    // JavaScript shifts by the count modulo 32: a shift by 32 would keep every bit.
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const network = (address & mask) >>> 0;
    return `${[24, 16, 8, 0].map((shift) => (network >>> shift) & 0xff).join(".")}/${bits}`;
  });
}

/** One `field|modifiers: value(s)` entry of a selection. */
const detectionEntry: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.tuple(fieldName, fc.oneof(sigmaString, fc.integer({ min: 0, max: 99999 }), fc.constant(null), fc.array(sigmaString, { minLength: 1, maxLength: 4 }))),
  fc.tuple(
    fc.tuple(fieldName, fc.constantFrom("contains", "startswith", "endswith"), fc.constantFrom("", "|all", "|cased", "|windash")),
    fc.array(plainText, { minLength: 1, maxLength: 3 }),
  ).map(([[f, m, extra], v]): [string, unknown] => [`${f}|${m}${extra}`, v.length === 1 ? v[0] : v]),
  fc.tuple(fieldName, fc.constantFrom("re", "re|i", "re|m", "re|s"), safeRegex).map(([f, m, v]): [string, unknown] => [`${f}|${m}`, v]),
  fc.tuple(fieldName, ipv4Network(8)).map(([f, v]): [string, unknown] => [`${f}|cidr`, v]),
  fc.tuple(fieldName, fc.constantFrom("gt", "gte", "lt", "lte"), fc.integer({ min: -1000, max: 1000 })).map(([f, m, v]): [string, unknown] => [`${f}|${m}`, v]),
  fc.tuple(fieldName, fc.boolean()).map(([f, v]): [string, unknown] => [`${f}|exists`, v]),
  fc.tuple(fieldName, fc.constantFrom("base64", "base64offset|contains", "wide|base64offset|contains"), plainText).map(([f, m, v]): [string, unknown] => [`${f}|${m}`, v]),
  fc.tuple(fieldName, fc.constantFrom("fieldref", "fieldref|contains"), fc.constantFrom(...FIELDS)).map(([f, m, v]): [string, unknown] => [`${f}|${m}`, v]),
);

const selectionMap = fc.uniqueArray(detectionEntry, { minLength: 1, maxLength: 4, selector: ([k]) => k })
  .map((entries) => Object.fromEntries(entries));
/** A selection: a map (AND), a list of maps (OR) or a keyword list. */
const selection: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: selectionMap },
  fc.array(selectionMap, { minLength: 1, maxLength: 3 }),
  fc.array(plainText, { minLength: 1, maxLength: 3 }),
);

const date = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A detection rule that must load: plain data, ready for `dump`. */
export const validRule: fc.Arbitrary<Record<string, unknown>> = fc
  .uniqueArray(identifier.filter((n) => n !== "condition" && n !== "them" && !n.startsWith("_")), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.record(
      {
        title: word(LETTERS + DIGITS, LETTERS + DIGITS + " ._-", 41),
        id: fc.uuid({ version: 4 }),
        status: fc.constantFrom("stable", "test", "experimental", "deprecated", "unsupported"),
        description: plainText,
        author: plainText,
        date,
        tags: fc.uniqueArray(fc.integer({ min: 1000, max: 1999 }).map((n) => `attack.t${n}`), { maxLength: 3 }),
        level: fc.constantFrom("informational", "low", "medium", "high", "critical"),
        logsource: fc.record(
          {
            product: fc.constantFrom("windows", "linux", "macos", "aws"),
            category: fc.constantFrom("process_creation", "file_event", "network_connection", "dns"),
            service: fc.constantFrom("sysmon", "security", "cloudtrail"),
          },
          { requiredKeys: ["product"] },
        ),
        detection: fc.tuple(fc.tuple(...names.map(() => selection)), conditionTree(names)).map(([selections, cond]) => ({
          ...Object.fromEntries(names.map((n, i) => [n, selections[i]])),
          condition: printTree(cond),
        })),
        falsepositives: fc.array(plainText, { maxLength: 2 }),
      },
      { requiredKeys: ["title", "logsource", "detection"] },
    ),
  );

/** YAML text of a document as a rule author would write it. */
export function toYaml(data: unknown): string {
  // Quoted strings: YAML 1.1 (the rule reader) reads some unquoted YAML 1.2 strings as numbers.
  return dump(data, { lineWidth: -1, noRefs: true, forceQuotes: true });
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** What a mutation may put where a value was: every YAML shape, and a few hostile ones. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant(""),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxKeys: 3 }),
  fc.constantFrom("*", "|", "re|", "1 of", "sel | count() > 5", "\u0000", "\ud800", "%%", "{{.x}}", "(?=a)", "(a)\\1", "[", "a{99999}"),
  fc.nat({ max: 80 }).map((n) => nested(n)),
  fc.integer({ min: 1000, max: 120_000 }).map((n) => "x".repeat(n)),
);

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/** A structural edit of a document (paths are chosen by a fraction of the node count). */
type DataMutation =
  | { readonly kind: "drop"; readonly at: number }
  | { readonly kind: "retype"; readonly at: number; readonly value: unknown }
  | { readonly kind: "truncate"; readonly at: number; readonly keep: number }
  | { readonly kind: "rename"; readonly at: number; readonly key: string }
  | { readonly kind: "add"; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly kind: "modifier"; readonly at: number; readonly modifier: string };

const MODIFIERS = ["contains", "all", "startswith", "endswith", "re", "i", "cidr", "base64", "base64offset", "wide", "windash",
  "exists", "fieldref", "gt", "lte", "expand", "cased", "neq", "minute", "utf16", "bogus", "", "re|i|m|s", "all|re"];

const dataMutation: fc.Arbitrary<DataMutation> = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("retype" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: replacement }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), keep: fc.nat({ max: 10 }) }),
  fc.record({
    kind: fc.constant("rename" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("condition", "action", "correlation", "filter", "detection", "logsource", "title", "|", "a|", "_x", "them")),
  }),
  fc.record({
    kind: fc.constant("add" as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    key: fc.constantFrom("action", "correlation", "filter", "condition", "related", "fields", "x|re", "y|contains|all", "timespan", "rules", "group-by", "type"),
    value: replacement,
  }),
  fc.record({ kind: fc.constant("modifier" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), modifier: fc.constantFrom(...MODIFIERS) }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        walk(child);
      });
    } else {
      for (const [k, child] of Object.entries(node as Record<string, unknown>)) {
        out.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

function pick<T>(items: readonly T[], at: number): T | undefined {
  return items.length === 0 ? undefined : items[Math.min(items.length - 1, Math.floor(at * items.length))];
}

/**
 * Applies a structural edit in place (the data is a fresh copy). Values are cloned: `fc.constant`
 * hands out one shared instance, which edits must never change (nor put inside itself).
 */
function applyData(root: unknown, edit: DataMutation): void {
  const m = "value" in edit ? { ...edit, value: structuredClone(edit.value) } : edit;
  const all = slots(root);
  const slot = pick(all, m.at);
  if (!slot) return;
  const { parent, key } = slot;
  const get = (): unknown => (parent as Record<string | number, unknown>)[key];
  const set = (value: unknown): void => {
    (parent as Record<string | number, unknown>)[key] = value;
  };
  switch (m.kind) {
    case "drop":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case "retype":
      set(m.value);
      return;
    case "truncate": {
      const value = get();
      if (typeof value === "string") set(value.slice(0, m.keep));
      else if (Array.isArray(value)) value.length = Math.min(value.length, m.keep);
      return;
    }
    case "rename":
    case "modifier":
      if (!Array.isArray(parent)) {
        const value = get();
        delete parent[key as string];
        parent[m.kind === "rename" ? m.key : `${key}|${m.modifier}`] = value;
      }
      return;
    case "add": {
      const target = typeof get() === "object" && get() !== null && !Array.isArray(get()) ? (get() as Record<string, unknown>) : parent;
      if (Array.isArray(target)) target.push({ [m.key]: m.value });
      else target[m.key] = m.value;
      return;
    }
  }
}

/** A text edit: positions and lengths are fractions of the text so they fit every seed. */
type TextMutation =
  | { readonly kind: "bytes"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "delete"; readonly at: number; readonly length: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "duplicate-line"; readonly at: number }
  | { readonly kind: "swap-lines"; readonly at: number; readonly other: number }
  | { readonly kind: "indent"; readonly at: number; readonly by: number }
  | { readonly kind: "insert"; readonly at: number; readonly text: string };

/** Snippets that stress the YAML reader. */
const hostileSnippet: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "---\n", "--- \n...\n", "&a ", "*a", "*undefined_alias", "<<: *a\n", "!!binary aGVsbG8=", "!!python/object:os.system x",
    "!!str ", "!!int x", "? complex\n: key\n", "{", "[", "}", "]", ":", "- ", "\t", "\r\n", "\ufeff", "\u0000", "\u2028",
    "'unterminated", "\"\\x\"", "\"\\uD800\"", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n", ">-\n", "#", "@", "`",
    "action: global\n", "action: repeat\n", "action: reset\n", "action: bogus\n", "correlation:\n  type: event_count\n",
  ),
  fc.integer({ min: 1, max: 400 }).map((n) => `x: ${"[".repeat(n)}${"]".repeat(n)}\n`),
  fc.integer({ min: 1, max: 200 }).map((n) => `x: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`),
  fc.integer({ min: 1, max: 120 }).map((n) => Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " v\n"),
  fc.integer({ min: 1000, max: 150_000 }).map((n) => `big: ${"a".repeat(n)}\n`),
  fc.integer({ min: 2, max: 9 }).map(aliasBomb),
);

/** Billion laughs with `levels` levels of nine references each. */
export function aliasBomb(levels: number): string {
  const lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(", ")}]`);
  return lines.join("\n") + "\n";
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ kind: fc.constant("bytes" as const), at: fraction, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fraction, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fraction }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fraction }),
  fc.record({ kind: fc.constant("swap-lines" as const), at: fraction, other: fraction }),
  fc.record({ kind: fc.constant("indent" as const), at: fraction, by: fc.integer({ min: -4, max: 6 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fraction, text: hostileSnippet }),
);

/** Applies a text edit; `bytes` turns the text into bytes (so invalid UTF-8 is reachable). */
function applyText(input: string | Uint8Array, m: TextMutation): string | Uint8Array {
  if (m.kind === "bytes") {
    const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
    const at = Math.floor(m.at * bytes.length);
    const out = new Uint8Array(bytes.length + m.bytes.length);
    out.set(bytes.subarray(0, at), 0);
    out.set(m.bytes, at);
    out.set(bytes.subarray(at), at + m.bytes.length);
    return out;
  }
  const text = typeof input === "string" ? input : new TextDecoder().decode(input);
  const at = Math.floor(m.at * text.length);
  const lines = text.split("\n");
  const line = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
  switch (m.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "truncate":
      return text.slice(0, at);
    case "duplicate-line":
      lines.splice(line, 0, lines[line] ?? "");
      return lines.join("\n");
    case "swap-lines": {
      const other = Math.min(lines.length - 1, Math.floor(m.other * lines.length));
      const a = lines[line] ?? "";
      lines[line] = lines[other] ?? "";
      lines[other] = a;
      return lines.join("\n");
    }
    case "indent": {
      const current = lines[line] ?? "";
      lines[line] = m.by >= 0 ? " ".repeat(m.by) + current : current.replace(new RegExp(`^ {0,${-m.by}}`), "");
      return lines.join("\n");
    }
    case "insert": {
      // Snippets that are whole lines go at a line start.
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      const where = m.text.endsWith("\n") ? lineStart : at;
      return text.slice(0, where) + m.text + text.slice(where);
    }
  }
}

/**
 * Mutations of the given seed documents (YAML texts): structural edits of the parsed data, then
 * text edits of the printed YAML. Seeds that js-yaml cannot read get text edits only.
 */
export function mutatedDocument(seeds: fc.Arbitrary<string>): fc.Arbitrary<FuzzInput> {
  return fc
    .record({
      seed: seeds,
      data: fc.array(dataMutation, { maxLength: 4 }),
      text: fc.array(textMutation, { maxLength: 3 }),
    })
    .filter((r) => r.data.length + r.text.length > 0)
    .map(({ seed, data, text }) => {
      let input: string | Uint8Array = seed;
      if (data.length > 0) {
        try {
          const docs: unknown[] = [];
          for (const part of seed.split(/^---\s*$/m)) {
            const doc = load(part, { schema: CORE_SCHEMA });
            if (doc !== undefined && doc !== null) docs.push(doc);
          }
          for (const m of data) applyData(docs[0], m);
          input = docs.map(toYaml).join("---\n");
        } catch {
          input = seed;
        }
      }
      for (const m of text) input = applyText(input, m);
      return { input, note: [...data.map((m) => m.kind), ...text.map((m) => `text:${m.kind}`)].join(",") };
    });
}

/** Mutated rules: corpus rules (when given) and generated valid rules. */
export function mutatedRule(corpus: readonly string[] = []): fc.Arbitrary<FuzzInput> {
  const generated = validRule.map(toYaml);
  const seeds = corpus.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...corpus) }, generated) : generated;
  return mutatedDocument(seeds);
}

// ---------------------------------------------------------------------------------------------
// Pipelines

const ruleCondition = fc.oneof(
  fc.record({ type: fc.constant("logsource"), product: fc.constantFrom("windows", "linux"), category: fc.constantFrom("process_creation", "dns") }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("contains_detection_item"), field: fc.constantFrom(...FIELDS), value: plainText }),
  fc.record({ type: fc.constant("rule_attribute"), attribute: fc.constantFrom("level", "status"), value: fc.constantFrom("high", "test") }),
  fc.record({ type: fc.constant("tag"), tag: fc.constantFrom("attack.t1059", "attack.execution") }),
);
const fieldCondition = fc.record({
  type: fc.constantFrom("include_fields", "exclude_fields"),
  fields: fc.array(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 }),
});
const transformation = fc.oneof(
  fc.record({ type: fc.constant("field_name_mapping"), mapping: fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(fieldName, fc.array(fieldName, { minLength: 1, maxLength: 2 })), { minKeys: 1, maxKeys: 3 }) }),
  fc.record({ type: fc.constant("field_name_prefix"), prefix: plainText }),
  fc.record({ type: fc.constant("field_name_suffix"), suffix: plainText }),
  fc.record({ type: fc.constant("field_name_prefix_mapping"), mapping: fc.dictionary(fc.constantFrom("Image", "Parent", "c-"), fieldName, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ type: fc.constant("add_condition"), conditions: fc.dictionary(fieldName, sigmaString, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ type: fc.constant("change_logsource"), product: fc.constantFrom("windows", "linux"), service: fc.constantFrom("sysmon", "security") }, { requiredKeys: ["type"] }),
  fc.record({ type: fc.constant("replace_string"), regex: safeRegex, replacement: plainText }),
  fc.record({ type: fc.constant("set_value"), value: fc.oneof(plainText, fc.integer()) }),
  fc.record({ type: fc.constant("case"), method: fc.constantFrom("lower", "upper", "snake_case") }),
  fc.record({ type: fc.constant("drop_detection_item") }),
  fc.record({ type: fc.constant("add_field"), field: fieldName }),
  fc.record({ type: fc.constant("remove_field"), field: fieldName }),
  fc.record({ type: fc.constant("set_state"), key: identifier, val: plainText }),
  fc.record({ type: fc.constant("rule_failure"), message: plainText }),
  fc.record({ type: fc.constant("value_placeholders") }),
  fc.record({ type: fc.constant("wildcard_placeholders") }),
  fc.record({ type: fc.constant("map_string"), mapping: fc.dictionary(plainText, plainText, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ type: fc.constant("regex") }),
  fc.record({ type: fc.constant("convert_type"), target_type: fc.constantFrom("str", "num") }),
);
const processingItem = fc
  .tuple(
    transformation,
    fc.record(
      {
        id: identifier,
        rule_conditions: fc.array(ruleCondition, { minLength: 1, maxLength: 2 }),
        rule_cond_op: fc.constantFrom("and", "or"),
        rule_cond_not: fc.boolean(),
        field_name_conditions: fc.array(fieldCondition, { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([t, extra]) => ({ ...t, ...extra }));

/** A processing pipeline as plain data (most of which load; some parameter combinations are refused). */
export const validPipeline: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: plainText,
    priority: fc.integer({ min: 0, max: 100 }),
    vars: fc.dictionary(identifier, fc.array(plainText, { maxLength: 3 }), { maxKeys: 2 }),
    transformations: fc.array(processingItem, { minLength: 1, maxLength: 5 }),
    postprocessing: fc.array(
      fc.oneof(
        fc.record({ type: fc.constant("embed"), prefix: plainText, suffix: plainText }),
        fc.record({ type: fc.constant("simple_template"), template: fc.constantFrom("{query}", "x {query} y", "{rule.title}") }),
        fc.record({ type: fc.constant("replace"), pattern: safeRegex, replacement: plainText }),
      ),
      { maxLength: 2 },
    ),
    finalizers: fc.array(fc.record({ type: fc.constant("concat"), separator: fc.constantFrom(",", " or ") }), { maxLength: 1 }),
  },
  { requiredKeys: ["transformations"] },
);

/** Mutated pipelines: generated pipelines with structural and text edits. */
export const mutatedPipeline: fc.Arbitrary<FuzzInput> = mutatedDocument(validPipeline.map(toYaml));

// ---------------------------------------------------------------------------------------------
// Deterministic sampling for the campaigns

/** The `index`-th case of a campaign with base seed `seed`: the same inputs on every machine. */
export function caseAt<T>(arbitrary: fc.Arbitrary<T>, seed: number, index: number): T {
  const [value] = fc.sample(arbitrary, { seed: (seed + Math.imul(index, 0x9e3779b1)) | 0, numRuns: 1 });
  return value as T;
}
