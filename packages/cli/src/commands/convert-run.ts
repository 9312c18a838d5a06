/**
 * One `sigma convert` run over every input as one collection, converting each rule once, right
 * after its file is read, and keeping only what the output needs (the queries, errors and
 * warnings of each rule, and what a later filter or correlation needs to know about it). Memory
 * follows the output (plus a few hundred bytes per file), not the input.
 *
 * What acts across files is handled without reading everything again:
 * - `--filter` files are read first, so their filters apply to every rule as it is read;
 * - rules that can be referenced by name (they declare one) and the rules of a file that holds a
 *   correlation are kept and converted at the end, with every correlation, once all references
 *   and filters are known (few rules: a SigmaHQ detection rule has no name);
 * - the rare rule that was converted early but turns out to be needed later (referenced by id
 *   from another file, or named by a filter document that comes after it) is read again from
 *   its file, only that file, and converted again (a file that changed meanwhile is an error).
 * The result is exactly what converting the whole collection gives: references resolved over
 * every input (first id, then name), each filter applied once in load order, referenced rules
 * before their correlation, rules only referenced (`generate: false`) without output.
 */
import type {
  ConversionSession,
  ConvertibleRule,
  Engine,
  FilterTarget,
  LogSource,
  RuleConversionResult,
  SigmaError,
  SigmaFilter,
} from "../engine.js";
import { breathe } from "../breathe.js";
import { CommandError } from "../errors.js";
import { isVerbose, ruleWarnings, visible } from "../error-text.js";
import type { RuleWarning } from "../error-text.js";
import type { FileIdentity, InputFile } from "../inputs.js";
import { eachInput, inputByteLimit, readWithin } from "../load.js";
import type { ExpandedArgument, LoadedInput } from "../load.js";
import type { OutputGuard } from "../output-targets.js";

/** One input file of the run. */
export interface RunFile {
  readonly input: InputFile;
  /** Position in load order: the inputs, then the `--filter` files. */
  readonly seq: number;
  /** A `--filter` file (it has no `--json` object unless it holds rules or errors). */
  readonly isFilter: boolean;
  /** Errors that stopped the file or one of its documents from being read. */
  readonly loadErrors: readonly SigmaError[];
  readonly entries: RunRule[];
  /** What identifies a regular file's content (to check a second read), as one string. */
  readonly identity: string | undefined;
  readonly unrepeatable: Uint8Array | undefined;
}

/** One rule or correlation of the run. */
export interface RunRule {
  readonly file: RunFile;
  /** Position among the rules of its file. */
  readonly index: number;
  readonly kind: "rule" | "correlation";
  /** What a later filter or correlation needs to know about the rule (see {@link namesOf}). */
  readonly names: string;
  /** Whether the rule could not be read (its errors are the file's load errors). */
  readonly broken: boolean;
  /** The rule, while it is still needed (converted at the end). */
  rule: ConvertibleRule | undefined;
  /** Converted at the end (named rules, and every rule of a file with a correlation). */
  readonly deferred: boolean;
  /** How many filters had been read when the rule was converted (later ones may apply to it). */
  readonly filtersSeen: number;
  /** Whether it was converted; then its queries, errors and warnings. */
  converted: boolean;
  queries: readonly unknown[];
  errors: readonly SigmaError[];
  warnings: readonly RuleWarning[];
  /** Errors of linking it: a reference to a rule that no input holds. */
  linkErrors: readonly SigmaError[];
  /** Only referenced by correlations (`generate: false`): no output of its own. */
  referencedOnly: boolean;
}

/** The outcome of a run: the files in load order and the rules in output order. */
export interface RunResult {
  readonly files: readonly RunFile[];
  readonly order: readonly RunRule[];
}

interface KnownFilter {
  readonly filter: SigmaFilter;
  readonly seq: number;
  readonly index: number;
}

/** The inputs of a run and how they are read. */
export interface RunInputs {
  /** Every argument in load order: the inputs, then the `--filter` files. */
  readonly args: readonly ExpandedArgument[];
  /** The `--filter` arguments (by index), read first. */
  readonly filterArgs: ReadonlySet<number>;
  readonly limits: Readonly<Record<string, number>> | undefined;
  /** Refuses an input that is one of the outputs. */
  readonly guard: OutputGuard;
}

/** Runs the conversion (see the module comment). */
export async function convertRun(engine: Engine, session: ConversionSession, inputs: RunInputs): Promise<RunResult> {
  const { args, filterArgs, limits, guard } = inputs;
  const run = new Run(engine, session, limits);
  // Load-order places: each argument's files (or its one error) get consecutive ones.
  const firstPlace = new Map<number, number>();
  let places = 0;
  for (const arg of args) {
    firstPlace.set(arg.argIndex, places);
    places += Math.max(arg.files.length, 1);
  }
  const filtersFirst = [...args.filter((a) => filterArgs.has(a.argIndex)), ...args.filter((a) => !filterArgs.has(a.argIndex))];
  const nextPlace = new Map(firstPlace);
  for await (const loaded of eachInput(engine, filtersFirst, limits)) {
    guard.check(loaded.input, loaded.identity);
    const seq = nextPlace.get(loaded.argIndex) ?? 0;
    nextPlace.set(loaded.argIndex, seq + 1);
    run.add(loaded, seq, filterArgs.has(loaded.argIndex));
    await breathe();
  }
  return run.finish();
}

class Run {
  readonly #files: RunFile[] = [];
  /** Filters in the order they were read. */
  readonly #filters: KnownFilter[] = [];
  /** The same filters in load order (the order in which they apply). */
  #filtersInLoadOrder: SigmaFilter[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly session: ConversionSession,
    private readonly limits: Readonly<Record<string, number>> | undefined,
  ) {}

  /** Takes in one read file: its filters become known, its rules are converted or kept. */
  add(loaded: LoadedInput, seq: number, isFilter: boolean): void {
    const { collection, errors } = loaded.parsed;
    // pySigma parses a condition when it converts the rule, so a condition error is a conversion
    // error there (`-s` skips it); every other error of a rule is one of reading it.
    const atConversion = new Set(collection.rules.filter(failsOnlyAtConversion));
    const conversionErrors = new Set([...atConversion].flatMap((r) => r.errors));
    const file: RunFile = {
      input: loaded.input,
      seq,
      isFilter,
      loadErrors: conversionErrors.size > 0 ? errors.filter((e) => !conversionErrors.has(e)) : errors,
      entries: [],
      identity: identityKey(loaded.identity),
      unrepeatable: loaded.unrepeatable,
    };
    this.#files.push(file);
    collection.filters.forEach((filter, index) => this.#filters.push({ filter, seq, index }));
    if (collection.filters.length > 0) {
      this.#filtersInLoadOrder = [...this.#filters].sort((a, b) => a.seq - b.seq || a.index - b.index).map((f) => f.filter);
    }
    const hasCorrelation = collection.rules.some((r) => r.kind === "correlation");
    const now: ConvertibleRule[] = [];
    const entryOf = new Map<ConvertibleRule, RunRule>();
    collection.rules.forEach((rule, index) => {
      const deferred = hasCorrelation || rule.name !== undefined;
      const broken = rule.errors.length > 0;
      const entry: RunRule = {
        file,
        index,
        kind: rule.kind,
        names: namesOf(rule),
        broken,
        rule: deferred ? rule : undefined,
        deferred,
        filtersSeen: this.#filters.length,
        converted: false,
        queries: NONE,
        errors: NONE,
        warnings: NONE,
        linkErrors: NONE,
        referencedOnly: false,
      };
      if (atConversion.has(rule)) {
        entry.converted = true;
        entry.errors = rule.errors;
      }
      file.entries.push(entry);
      entryOf.set(rule, entry);
      if (!deferred && !broken) now.push(rule);
    });
    if (now.length === 0) return;
    this.engine.link(now, this.#filtersInLoadOrder);
    for (const result of this.session.convertEach(now)) {
      const entry = entryOf.get(result.rule);
      if (entry) this.#keep(entry, result);
    }
  }

  /** Converts what was kept, with every reference and filter known, and orders the output. */
  async finish(): Promise<RunResult> {
    const files = [...this.#files].sort((a, b) => a.seq - b.seq);
    const all = files.flatMap((f) => f.entries);
    const needed = this.#needed(all);
    if (needed.size === 0) return { files, order: all.filter((e) => e.converted) };
    await this.#readAgain([...needed].filter((e) => e.rule === undefined));

    const entryOf = new Map<ConvertibleRule, RunRule>();
    for (const e of all) if (needed.has(e) && e.rule) entryOf.set(e.rule, e);
    const rules = [...entryOf.keys()];
    for (const [rule, errors] of this.engine.link(rules, this.#filtersInLoadOrder)) {
      const entry = entryOf.get(rule);
      if (entry) entry.linkErrors = errors;
    }
    const converted: RunRule[] = [];
    for (const result of this.session.convertEach(rules.filter((r) => r.errors.length === 0))) {
      const entry = entryOf.get(result.rule);
      // A broken rule reached through a correlation: its errors were reported when it was read.
      if (!entry || entry.broken || entry.linkErrors.length > 0) continue;
      this.#keep(entry, result);
      entry.referencedOnly = result.referencedOnly;
      converted.push(entry);
      await breathe();
    }
    for (const e of entryOf.values()) e.rule = undefined;
    return { files, order: mergeOrder(all, converted) };
  }

  /**
   * The rules to convert at the end: the kept ones, the rules their correlations reference (the
   * first by id, then by name, over every input), and converted rules that a filter read after
   * them applies to.
   */
  #needed(all: readonly RunRule[]): Set<RunRule> {
    const needed = new Set(all.filter((e) => e.deferred));
    const correlations = all.flatMap((e) => (e.rule?.kind === "correlation" ? [e.rule] : []));
    if (correlations.length > 0) {
      const byId = new Map<string, RunRule>();
      const byName = new Map<string, RunRule>();
      for (const e of all) {
        const { id, name } = targetOf(e);
        if (id !== undefined && !byId.has(id)) byId.set(id, e);
        if (name !== undefined && !byName.has(name)) byName.set(name, e);
      }
      for (const correlation of correlations) {
        for (const ref of correlation.ruleReferences) {
          const target = byId.get(ref.toLowerCase()) ?? byId.get(ref) ?? byName.get(ref);
          if (target) needed.add(target);
        }
      }
    }
    for (const e of all) {
      if (e.deferred || e.broken || e.kind !== "rule" || e.filtersSeen === this.#filters.length) continue;
      const target = targetOf(e);
      if (this.#filters.slice(e.filtersSeen).some((f) => this.engine.filterApplies(f.filter, target))) needed.add(e);
    }
    return needed;
  }

  /** Reads the files of rules that were dropped after converting them, to convert them again. */
  async #readAgain(entries: readonly RunRule[]): Promise<void> {
    const byFile = new Map<RunFile, RunRule[]>();
    for (const e of entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const maxBytes = inputByteLimit(this.engine, this.limits);
    for (const [file, wanted] of byFile) {
      let bytes = file.unrepeatable;
      let problem: string | undefined;
      if (!bytes) {
        const read = await readWithin(this.engine, file.input, maxBytes);
        if (read.failed) problem = read.failed.errors[0]?.message ?? "it could not be read";
        else if (file.identity === undefined || file.identity !== identityKey(read.identity)) problem = "it changed during the run";
        else bytes = read.bytes;
      }
      const rules = bytes ? this.engine.parseFile(bytes, file.input.path, this.limits).collection.rules : [];
      for (const e of wanted) {
        const rule = rules[e.index];
        if (rule) e.rule = rule;
        else {
          const why = `Could not read the file again for a correlation or filter that needs its rules: ${problem ?? "its rules differ"}`;
          e.linkErrors = this.engine.fileError(file.input.path, why).errors;
          e.converted = false;
        }
      }
    }
  }

  /** Keeps what the output needs of a result; an exception that is not a Sigma error stops the run. */
  #keep(entry: RunRule, result: RuleConversionResult): void {
    for (const error of result.errors) {
      const cause = this.engine.internalCause(error);
      if (cause) {
        // -s collects Sigma errors only: another exception is a bug of a backend or pipeline.
        const detail = isVerbose() && cause.stack ? `\n${cause.stack.split("\n").map(visible).join("\n")}` : "";
        throw new CommandError(`${visible(`${cause.name}: ${error.message}`)}${detail}`);
      }
    }
    entry.converted = true;
    entry.queries = result.queries;
    entry.errors = result.errors.length > 0 ? result.errors : NONE;
    entry.warnings = result.warnings.length > 0 ? ruleWarnings(result.rule, result.warnings) : NONE;
  }
}

/** A rule whose only errors are condition errors (pySigma meets those when it converts). */
function failsOnlyAtConversion(rule: ConvertibleRule): boolean {
  return rule.errors.length > 0 && rule.errors.every((e) => e.name === "SigmaConditionError");
}

/** The empty list every rule without errors or warnings shares. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A rule's id, name and log source (category, product, service), joined by NUL into one flat
 * string of its own: the parser's strings are slices of the file's text, and keeping one would
 * keep the whole text (and one string costs less than five).
 */
function namesOf(rule: ConvertibleRule): string {
  const logsource = rule.kind === "rule" ? rule.logsource : undefined;
  const parts = [rule.id, rule.name, logsource?.category, logsource?.product, logsource?.service];
  return flat(parts.map((p) => (p === undefined ? "\u0001" : p.replace(/[\u0000\u0001]/g, ""))).join("\u0000"));
}

/** The rule as a filter sees it, from {@link namesOf}. */
function targetOf(e: RunRule): FilterTarget {
  const [id, name, category, product, service] = e.names.split("\u0000").map((p) => (p === "\u0001" ? undefined : p));
  const logsource: LogSource = { custom: {} };
  if (category !== undefined) logsource.category = category;
  if (product !== undefined) logsource.product = product;
  if (service !== undefined) logsource.service = service;
  return { logsource, id, name };
}

/** A flat copy of a string (not a slice or a concatenation of others, which keep them alive). */
function flat(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** A regular file's identity as one string; undefined for what has none (stdin, FIFOs, devices). */
function identityKey(identity: FileIdentity | undefined): string | undefined {
  return identity && flat(`${identity.dev}:${identity.ino}:${identity.size}:${identity.mtimeMs}`);
}

/**
 * The output order of the whole collection: rules in load order, except that the rules converted
 * at the end come in the order their conversion gave (referenced rules before the correlation
 * that references them). That order is a sequence of blocks, each ending with the first of its
 * rules in load order, so each block is placed where that rule is.
 */
function mergeOrder(all: readonly RunRule[], converted: readonly RunRule[]): RunRule[] {
  const position = new Map(converted.map((e, i) => [e, i]));
  const order: RunRule[] = [];
  let next = 0;
  for (const e of all) {
    const at = position.get(e);
    if (at === undefined) {
      if (e.converted) order.push(e);
    } else if (at >= next) {
      order.push(...converted.slice(next, at + 1));
      next = at + 1;
    }
  }
  return order;
}
