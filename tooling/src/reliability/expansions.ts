/**
 * Generators for the bounds of issue 16: values that expand (`windash` with many dashes,
 * `base64offset`, placeholders with value lists, CIDR networks), YAML aliases to long strings, and
 * pipeline regexes (catastrophic-backtracking patterns, constructs RE2 lacks, Python-only syntax).
 * Like arbitraries.ts it imports nothing from the project.
 */
import fc from "fast-check";
import type { FuzzInput } from "./arbitraries.js";
import { identifier, ipv4Network, toYaml } from "./arbitraries.js";

/** In an `expansions` case, the pipeline (if any) follows the rule after this line. */
export const PIPELINE_MARKER = "\n#%pipeline\n";

/** The rule and the pipeline of an `expansions` case. */
export function splitCase(input: string): { rule: string; pipeline?: string } {
  const at = input.indexOf(PIPELINE_MARKER);
  return at < 0 ? { rule: input } : { rule: input.slice(0, at), pipeline: input.slice(at + PIPELINE_MARKER.length) };
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const letters = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...LETTERS), { minLength: 1, maxLength: max }).map((l) => l.join(""));

// ---------------------------------------------------------------------------------------------
// Values that expand

/** Command lines with `n` dash tokens, some of which `windash` replaces (5 variants each). */
const dashes = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(fc.constantFrom("", " ", "\"", "=", "a"), fc.constantFrom("-", "/", "--", "\u2013", "-/", "/-"), letters(4)),
      { minLength: min, maxLength: max },
    )
    .map((parts) => parts.map(([before, dash, word]) => `${before}${dash}${word}`).join(" "));

/**
 * Values with up to 4 replaced dashes (at most 625 variants) or with 7 to 14 (over the default
 * limit alone: the error must come before the variants are built). Values just under the limit
 * are left out on purpose: 50,000 legitimate values take seconds to convert to LogQL, which the
 * watchdog of a loaded machine would call a hang.
 */
const windashValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: dashes(0, 4) },
  {
    weight: 1,
    // Every token is a dash windash replaces (after a space or quote, before a letter).
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(" ", "\""), fc.constantFrom("-", "/"), letters(4)), { minLength: 7, maxLength: 14 })
      .map((parts) => parts.map(([before, dash, word]) => `${before}${dash}${word}`).join("")),
  },
);

const WINDASH_KEYS = ["windash", "windash|contains", "windash|contains|all", "windash|base64offset|contains", "windash|cased", "windash|endswith", "contains|windash"];
const BASE64_KEYS = ["base64offset", "base64offset|contains", "wide|base64offset|contains", "utf16|base64offset", "base64offset|windash"];

/** IPv4 and IPv6 networks with the host bits cleared, prefixes /0 to /32 and /0 to /128. */
const validNetwork: fc.Arbitrary<string> = fc.oneof(
  ipv4Network(0),
  fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 8 })).map(([groups, kept]) => {
    const network = groups.map((g, i) => (i < kept ? g : 0));
    return `${network.map((g) => g.toString(16)).join(":")}/${kept * 16}`;
  }),
);

/** Networks as rules write them: mostly valid, else out-of-range octets and prefixes, host bits, junk. */
const network: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: validNetwork },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.tuple(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 40 }))
        .map(([octets, bits]) => `${octets.join(".")}/${bits}`),
      fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.integer({ min: 0, max: 140 }))
        .map(([groups, compress, bits]) => `${groups.map((g) => g.toString(16)).join(":")}${compress ? "::" : ""}/${bits}`),
      fc.constantFrom("192.168.1.1/24", "::ffff:1.2.3.4/128", "1.2.3.4", "x/8", "/", "1.2.3.4/-1", "fe80::1::2/64"),
    ),
  },
);

/** `%name%` placeholders among text and escaped `\%`. */
const placeholderValue = (names: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...names).map((n) => `%${n}%`), letters(3), fc.constantFrom("\\%", "%", "*", " ", "\\%x%")), { minLength: 1, maxLength: 10 })
    .map((parts) => parts.join(""));

const PLACEHOLDERS = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"];

/** One selection of expanding entries (placeholders only where a pipeline can resolve them). */
const expandingSelection = (placeholders: boolean): fc.Arbitrary<Record<string, unknown>> => fc
  .uniqueArray(
    fc.oneof(
      fc.tuple(fc.constantFrom(...WINDASH_KEYS), fc.array(windashValue, { minLength: 1, maxLength: 3 })),
      fc.tuple(fc.constantFrom(...BASE64_KEYS), fc.array(letters(12), { minLength: 1, maxLength: 3 })),
      fc.tuple(fc.constantFrom("cidr", "cidr|all", "cidr|neq"), fc.array(network, { minLength: 1, maxLength: 3 })),
      ...(placeholders
        ? [fc.tuple(fc.constantFrom("expand", "expand|contains", "windash|expand"), fc.array(placeholderValue(PLACEHOLDERS), { minLength: 1, maxLength: 3 }))]
        : []),
    ),
    { minLength: 1, maxLength: 4, selector: ([key]) => key },
  )
  .chain((entries) =>
    fc.tuple(...entries.map(() => fc.constantFrom("CommandLine", "Image", "ip", "User", "x"))).map((fields) =>
      Object.fromEntries(entries.map(([key, values], i) => [`${fields[i] as string}${i}|${key}`, values.length === 1 ? values[0] : values])),
    ),
  );

function ruleDocument(selections: readonly Record<string, unknown>[]): string {
  const detection: Record<string, unknown> = {};
  selections.forEach((s, i) => (detection[`sel${i}`] = s));
  detection["condition"] = selections.map((_, i) => `sel${i}`).join(" or ");
  return toYaml({ title: "expansions", logsource: { product: "windows", category: "process_creation" }, detection });
}

/** A pipeline that expands values: placeholder lists, map_string lists, field mappings to lists. */
const expandingPipeline: fc.Arbitrary<string> = fc
  .record({
    vars: fc.dictionary(fc.constantFrom(...PLACEHOLDERS), fc.array(letters(5), { maxLength: 15 }), { maxKeys: 8 }),
    kind: fc.constantFrom("value_placeholders", "wildcard_placeholders", "query_expression_placeholders", "map_string", "field_name_mapping"),
    include: fc.option(fc.uniqueArray(fc.constantFrom(...PLACEHOLDERS), { maxLength: 4 }), { nil: undefined }),
    // A few items, or so many that the values go over the limit (not just under it: see windashValue).
    repeat: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 10, max: 20 })),
    width: fc.oneof(fc.constant(1), fc.integer({ min: 3, max: 12 })),
  })
  .map(({ vars, kind, include, repeat, width }) => {
    const select = include ? { include } : {};
    const items: unknown[] = [];
    if (kind === "map_string") {
      const targets = Array.from({ length: width }, () => "x");
      for (let i = 0; i < repeat; i++) items.push({ type: "map_string", mapping: { x: targets, a: targets } });
    } else if (kind === "field_name_mapping") {
      const fields = ["CommandLine0", "Image1", "x2", "User3"];
      for (let i = 0; i < repeat; i++) items.push({ type: "field_name_mapping", mapping: Object.fromEntries(fields.map((f) => [f, fields.slice(0, Math.min(width, 4))])) });
    } else if (kind === "query_expression_placeholders") {
      items.push({ type: kind, expression: '{field}=~"{id}"', ...select }, { type: "value_placeholders" });
    } else {
      items.push({ type: kind, ...select });
    }
    return toYaml({ name: "expanding", vars, transformations: items });
  });

/** A rule document whose values expand, sometimes in 2–3 documents, sometimes with a pipeline. */
const expansionRule: fc.Arbitrary<FuzzInput> = fc
  .option(expandingPipeline, { nil: undefined, freq: 2 })
  .chain((pipeline) =>
    fc.record({
      docs: fc.array(fc.array(expandingSelection(pipeline !== undefined), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      pipeline: fc.constant(pipeline),
    }),
  )
  .map(({ docs, pipeline }) => ({
    input: docs.map(ruleDocument).join("---\n") + (pipeline !== undefined ? PIPELINE_MARKER + pipeline : ""),
    note: `expansion:${docs.length}doc${pipeline !== undefined ? "+pipeline" : ""}`,
  }));

// ---------------------------------------------------------------------------------------------
// Aliases to long text

/** Anchors on long text (scalars, mappings, lists, merge keys, nesting) used by many aliases. */
const aliasRule: fc.Arbitrary<FuzzInput> = fc
  .record({
    length: fc.integer({ min: 1, max: 99_000 }),
    count: fc.integer({ min: 1, max: 20_000 }),
    kind: fc.constantFrom("scalar", "mapping", "list", "merge", "nested", "key"),
    inDetection: fc.boolean(),
  })
  .map(({ length, count, kind, inDetection }) => {
    const long = "a".repeat(length);
    const aliases = (name: string, n: number): string => `[${Array(n).fill(`*${name}`).join(", ")}]`;
    let anchors: string;
    let use: string;
    switch (kind) {
      case "scalar":
        anchors = `x: &x ${long}`;
        use = aliases("x", count);
        break;
      case "mapping":
        anchors = `x: &x {k: ${long}, l: ${long.slice(0, 100)}}`;
        use = aliases("x", Math.min(count, 5_000));
        break;
      case "list":
        anchors = `x: &x [${long}, ${long.slice(0, 10)}]`;
        use = aliases("x", Math.min(count, 5_000));
        break;
      case "merge":
        anchors = `x: &x {k: ${long}}`;
        use = `[${Array(Math.min(count, 3_000)).fill("{<<: *x, z: 1}").join(", ")}]`;
        break;
      case "nested": {
        const levels = 1 + (count % 8);
        const lines = [`x0: &x0 [${long.slice(0, 1 + (length % 5_000))}, b]`];
        for (let i = 1; i <= levels; i++) lines.push(`x${i}: &x${i} [*x${i - 1}, *x${i - 1}, *x${i - 1}]`);
        anchors = lines.join("\n");
        use = `[*x${levels}]`;
        break;
      }
      case "key":
        anchors = `x: &x ${long.slice(0, 1 + (length % 2_000))}`;
        use = `{*x : 1, y: *x}`;
        break;
    }
    const body = inDetection
      ? `${anchors}\ndetection:\n  sel:\n    CommandLine: ${use}\n  condition: sel\n`
      : `${anchors}\ndescription: ${use}\ndetection:\n  sel:\n    CommandLine: a\n  condition: sel\n`;
    return { input: `title: aliases\nlogsource: {product: windows}\n${body}`, note: `alias:${kind}:${length}x${count}` };
  });

/** Cases of the `expansions` campaign. */
export const expansionCase: fc.Arbitrary<FuzzInput> = fc.oneof({ weight: 3, arbitrary: expansionRule }, { weight: 1, arbitrary: aliasRule });

// ---------------------------------------------------------------------------------------------
// Pipeline regexes

/** Catastrophic patterns (for a backtracking engine) and Python-only syntax RE2 runs once translated. */
const runnablePiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "(\\w+\\s?)+$", "^(a|a?)+$", "(.*a){12}", "(a|b|ab)*c", "(.*)*!", "([a-z]+)*=") },
  { weight: 2, arbitrary: fc.constantFrom("\\Z", "(?P<g>\\w+)", "a{,3}", "\\u00e9", "[\\b]", "[[:alpha:]]", "(?#c)", "(?i:x)", "\\d+", "\\s*", "[\\W_]", "\\x41", "\\101", "^", "$", "\\A") },
  { weight: 2, arbitrary: letters(6) },
);
/** Constructs RE2 lacks (refused with a located error) and junk. */
const refusedPiece: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("(?=a)", "(?!a)", "(?<=a)b", "(?<!a)b", "(a)\\1", "(?P<n>a)(?P=n)", "(?(1)a|b)", "(?>a+)", "a++", "a{1001}", "\\N{DASH}", "\\q", "[^\\W\\d]", "a(?i)b"),
  fc.string({ maxLength: 8 }),
);
/** A pattern: mostly one that runs (so catastrophic ones meet long values), sometimes one that may not. */
const pipelineRegex: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom("", "(?i)", "(?a)", "(?x)"), fc.array(runnablePiece, { minLength: 1, maxLength: 4 })).map(([flags, p]) => flags + p.join("")) },
  { weight: 1, arbitrary: fc.array(fc.oneof(runnablePiece, refusedPiece), { minLength: 1, maxLength: 4 }).map((p) => p.join("")) },
);
const replacementText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("\\1", "\\g<g>", "\\g<0>", "\\g<1>", "$1", "\\n", "x", "\\", "\\2\\1", "\\g<nope>", "\\q", "\\\\"),
  fc.string({ maxLength: 6 }),
);

const regexItem: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant("replace_string"), regex: pipelineRegex, replacement: replacementText, skip_special: fc.boolean() }),
  fc.record({
    type: fc.constant("drop_detection_item"),
    detection_item_conditions: fc.tuple(pipelineRegex, fc.constantFrom("any", "all"), fc.boolean())
      .map(([pattern, cond, negate]) => [{ type: "match_string", pattern, cond, negate }]),
  }),
  fc.record({
    type: fc.constant("field_name_prefix"),
    prefix: fc.constant("x_"),
    field_name_conditions: fc.tuple(fc.constantFrom("include_fields", "exclude_fields"), fc.array(pipelineRegex, { minLength: 1, maxLength: 3 }))
      .map(([type, fields]) => [{ type, mode: "re", fields }]),
  }),
  fc.record({ type: fc.constant("extract_fields"), regex: pipelineRegex, preserve_unmatched: fc.constant(true) }),
);

/** Pipelines whose regexes come from {@link regexPiece}; a postprocessing `replace` now and then. */
export const regexPipelineCase: fc.Arbitrary<FuzzInput> = fc
  .record({
    items: fc.array(fc.tuple(regexItem, fc.option(identifier, { nil: undefined })), { minLength: 1, maxLength: 3 }),
    post: fc.option(fc.record({ type: fc.constant("replace"), pattern: pipelineRegex, replacement: replacementText }), { nil: undefined, freq: 4 }),
  })
  .map(({ items, post }) => ({
    input: toYaml({
      name: "regexes",
      transformations: items.map(([item, id]) => (id !== undefined ? { id, ...item } : item)),
      ...(post ? { postprocessing: [post] } : {}),
    }),
    note: `regex:${items.map(([i]) => String(i["type"])).join("+")}${post ? "+replace" : ""}`,
  }));

/** The rule every regex pipeline is tried on: long values that make backtracking engines hang. */
export const REGEX_PROBE = `title: regex probe
logsource: {product: windows, category: process_creation}
detection:
    sel:
        CommandLine|contains: '${"a".repeat(3_000)}!'
        Image: '${"x".repeat(2_000)}'
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!: 'user=bob;host=${"a".repeat(500)}'
        User: 'ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab!'
    condition: sel
`;
