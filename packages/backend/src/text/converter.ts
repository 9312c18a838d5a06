/**
 * The condition walk of the text base (pySigma `TextQueryBackend.convert_condition_*`): boolean
 * operators joined with grouping by precedence, OR/AND of equalities as list expressions, NOT
 * (or, in languages without NOT, negation pushed to the leaves), leaves through the hooks or the
 * settings, deferred parts collected per query and written after the main expression.
 */
import {
  SigmaError,
  SigmaFeatureNotSupportedByBackendError,
  containsWildcard,
  expandCidr,
  formatPythonNumber,
  parseCondition,
  parseSigmaString,
} from "@sigma/core";
import type { ConditionAst, ConditionTree, SigmaValue } from "@sigma/core";
import type { DeferredMarker } from "../deferred.js";
import { isExpansionOr, isLoneExpansionLeaf } from "../expansion.js";
import { pushDownNegation } from "../negation.js";
import type { NormalisedTree } from "../negation.js";
import { renderTemplate } from "../template.js";
import type {
  FieldCondition,
  KeywordCondition,
  LeafOutput,
  LeafTools,
  TextQueryContext,
  TextQueryHooks,
} from "./hooks.js";
import { LeafWriter } from "./leaves.js";
import type { BooleanOperator, TextQuerySettings } from "./settings.js";
import { ValueWriter } from "./values.js";

/**
 * How a converted piece binds: by its top operator; `expansion` is an OR that the reference
 * sees as one condition (grouped like an OR, never forced by `parenthesize`); `atom` is one condition.
 */
type Binding = BooleanOperator | "expansion" | "atom";

type Piece =
  | { readonly kind: "expr"; readonly text: string; readonly binding: Binding }
  | { readonly kind: "deferred"; readonly markers: readonly DeferredMarker[] }
  | { readonly kind: "none" };

const NONE: Piece = { kind: "none" };

/** A condition tree of either form: with NOT nodes, or normalised (negation in the leaves). */
type Node = ConditionTree | NormalisedTree;
type LeafNode = Extract<Node, { readonly type: "field" | "keyword" }>;
type JoinNode = Extract<Node, { readonly type: "and" | "or" }>;

const notSupported = (message: string): SigmaFeatureNotSupportedByBackendError =>
  new SigmaFeatureNotSupportedByBackendError(message);

function isNegated(leaf: LeafNode): boolean {
  return "negated" in leaf && leaf.negated;
}

/**
 * An expansion's OR (AND when negated). `pushDownNegation` marks each one of a normalised tree;
 * only a raw tree (with NOT nodes) needs its ORs scanned.
 */
function isExpansion(node: JoinNode, normalised: boolean): boolean {
  if ("expansion" in node && node.expansion === true) return true;
  return !normalised && node.type === "or" && isExpansionOr(node.args);
}

/**
 * Converts condition trees to text with one set of settings and hooks. Holds no per-query state:
 * deferred parts live in the query context.
 */
export class TextQueryConverter {
  readonly #values: ValueWriter;
  readonly #leaves: LeafWriter;
  readonly #rank: Readonly<Record<BooleanOperator, number>>;
  readonly #joiners: Readonly<Record<"and" | "or", string>>;
  /** The NOT token and separator put before a negated expression; undefined without NOT. */
  readonly #notPrefix: string | undefined;
  /** No NOT token: trees are normalised by `pushDownNegation` before the walk. */
  readonly #normalises: boolean;
  /** The `query` template, undefined when it is only `{query}`. */
  readonly #queryTemplate: string | undefined;
  /** `state.NAME` defaults, undefined when the query template uses no state. */
  readonly #stateDefaults: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly settings: TextQuerySettings,
    readonly hooks: TextQueryHooks = {},
  ) {
    const precedence = settings.precedence ?? ["not", "and", "or"];
    this.#rank = { not: precedence.indexOf("not"), and: precedence.indexOf("and"), or: precedence.indexOf("or") };
    const separator = settings.tokens.separator ?? " ";
    this.#notPrefix = settings.tokens.not === undefined ? undefined : settings.tokens.not + separator;
    this.#values = new ValueWriter(settings);
    this.#leaves = new LeafWriter(settings, this.#values, (name) => this.quoteField(name), this.#notPrefix);
    const joiner = (token: string): string => (separator === token ? token : separator + token + separator);
    this.#joiners = { and: joiner(settings.tokens.and), or: joiner(settings.tokens.or) };
    this.#normalises = settings.tokens.not === undefined;
    const query = settings.query;
    this.#queryTemplate = query === undefined || query === "{query}" ? undefined : query;
    this.#stateDefaults =
      query?.includes("{state.") === true
        ? Object.fromEntries(Object.entries(settings.stateDefaults ?? {}).map(([k, v]) => [`state.${k}`, v]))
        : undefined;
  }

  /** Escapes and quotes a field name (through the `quoteField` hook when there is one). */
  quoteField(name: string): string {
    const hook = this.hooks.quoteField;
    return hook ? hook(name, (n) => this.#values.field(n)) : this.#values.field(name);
  }

  /** Converts one condition into a finished query: query template, then the deferred parts. */
  convertCondition(tree: ConditionTree, ctx: TextQueryContext): string {
    const node: Node = this.#normalises ? pushDownNegation(tree) : tree;
    const piece = this.#convert(node, ctx);
    const parts = ctx.deferred.parts;
    let main = piece.kind === "expr" ? piece.text : "";
    if (parts.length === 0) return this.#queryText(main, ctx);
    const d = this.settings.deferred;
    if (!d) throw notSupported("Deferred query parts are not supported by the backend.");
    if (piece.kind !== "expr") main = d.onlyQuery;
    const texts = parts.map((p) => (p.negated ? (p.value.negatedText as string) : p.value.text));
    return this.#queryText(main, ctx) + d.start + texts.join(d.separator);
  }

  /**
   * An extended correlation condition (`a and not b`): the language's operators and grouping,
   * `rule(name, negated)` for each rule name (negation pushed to the names without a NOT token).
   */
  convertRuleExpression(expression: string, rule: (name: string, negated: boolean) => string): string {
    const pushDown = this.settings.tokens.not === undefined;
    const walk = (ast: ConditionAst, negated: boolean): Piece => {
      switch (ast.type) {
        case "identifier":
          return { kind: "expr", text: rule(ast.name, negated), binding: "atom" };
        case "selector":
          throw notSupported("Selectors ('1 of', 'all of') in correlation conditions are not supported by the backend.");
        case "not":
          return pushDown ? walk(ast.arg, !negated) : this.#not(walk(ast.arg, false));
        case "and":
        case "or": {
          const type = negated ? (ast.type === "and" ? "or" : "and") : ast.type;
          return this.#combine(
            type,
            ast.args.map((a) => walk(a, negated)),
            type,
          );
        }
      }
    };
    const piece = walk(parseCondition(expression), false);
    return piece.kind === "expr" ? piece.text : "";
  }

  /** The `query` template around the main expression. */
  #queryText(main: string, ctx: TextQueryContext): string {
    const template = this.#queryTemplate;
    if (template === undefined) return main;
    const values: Record<string, string> = { query: main };
    if (this.#stateDefaults !== undefined) {
      Object.assign(values, this.#stateDefaults);
      for (const [k, v] of Object.entries(ctx.processingState)) values[`state.${k}`] = String(v);
    }
    return renderTemplate(template, values);
  }

  #convert(node: Node, ctx: TextQueryContext): Piece {
    switch (node.type) {
      case "and":
      case "or":
        // An expansion is one value for the reference: grouped like an OR, never a list.
        return isExpansion(node, this.#normalises)
          ? this.#join(node.type, node.args, ctx, "expansion", false)
          : this.#join(node.type, node.args, ctx, node.type, true);
      case "not":
        return this.#not(this.#convert(node.arg, ctx), ctx);
      default:
        return this.#leaf(node, ctx);
    }
  }

  #group(text: string): string {
    const group = this.settings.group;
    if (group === undefined) throw notSupported("Group expressions are not supported by the backend");
    return renderTemplate(group, { expr: text });
  }

  /** pySigma `compare_precedence`: does an operand binding so need grouping inside `outer`? */
  #needsGroup(outer: "and" | "or", binding: Binding): boolean {
    if (binding === "atom") return false;
    if (binding !== "expansion" && this.settings.parenthesize) return true;
    return this.#rank[binding === "expansion" ? "or" : binding] > this.#rank[outer];
  }

  #join(
    type: "and" | "or",
    args: readonly Node[],
    ctx: TextQueryContext,
    binding: Binding,
    asList: boolean,
  ): Piece {
    const list = asList ? this.#inList(type, args) : undefined;
    if (list !== undefined) return { kind: "expr", text: list, binding };
    return this.#combine(
      type,
      args.map((arg) => this.#convert(arg, ctx)),
      binding,
    );
  }

  /** pySigma `convert_condition_and` / `_or`: operands joined, grouped where they bind looser. */
  #combine(type: "and" | "or", pieces: readonly Piece[], binding: Binding): Piece {
    const texts: string[] = [];
    const markers: DeferredMarker[] = [];
    for (const piece of pieces) {
      if (piece.kind === "expr") texts.push(this.#needsGroup(type, piece.binding) ? this.#group(piece.text) : piece.text);
      else if (piece.kind === "deferred") markers.push(...piece.markers);
    }
    // Deferred parts are ANDed with the main expression: they cannot be an alternative of an OR.
    if (type === "or" && markers.length > 0 && (texts.length > 0 || markers.length > 1)) {
      throw notSupported("Operator 'or' not supported by the backend for conditions that become deferred query parts.");
    }
    if (texts.length > 0) return { kind: "expr", text: texts.join(this.#joiners[type]), binding };
    const empty = type === "and" ? this.settings.emptyAnd : this.settings.emptyOr;
    if (empty !== undefined) return { kind: "expr", text: empty, binding: "atom" };
    return markers.length > 0 ? { kind: "deferred", markers } : NONE;
  }

  /** pySigma `convert_condition_not`: NOT before the operand, grouped unless it is one condition. */
  #not(piece: Piece, ctx?: TextQueryContext): Piece {
    if (piece.kind === "none") return piece;
    if (piece.kind === "deferred") {
      const marker = piece.markers[0];
      if (piece.markers.length !== 1 || marker === undefined) {
        throw notSupported("Negation of several deferred query parts is not supported by the backend.");
      }
      if (ctx?.deferred.parts[marker.index]?.value.negatedText === undefined) {
        throw notSupported("Negated deferred query parts are not supported by the backend.");
      }
      ctx?.deferred.negate(marker);
      return piece;
    }
    const b = piece.binding;
    const group =
      b === "and" || b === "or" || b === "not" || (b === "expansion" && !this.settings.quirks?.ungroupedNegatedExpansions);
    return { kind: "expr", text: (this.#notPrefix as string) + (group ? this.#group(piece.text) : piece.text), binding: "not" };
  }

  /**
   * pySigma `decide_convert_condition_as_in_expression` + `convert_condition_as_in_expression`:
   * the list expression for an OR (AND) of equalities of one field with strings or numbers.
   */
  #inList(type: "and" | "or", args: readonly Node[]): string | undefined {
    const s = this.settings.inList;
    const first = args[0];
    if (!s || !first || first.type !== "field") return undefined;
    const negated = isNegated(first);
    const op = negated
      ? type === "and"
        ? s.notOrOperator
        : s.notAndOperator
      : type === "or"
        ? s.orOperator
        : s.andOperator;
    if (op === undefined) return undefined;
    const values: string[] = [];
    for (const arg of args) {
      if (arg.type !== "field" || arg.field !== first.field || isNegated(arg) !== negated) return undefined;
      // The reference sees an expansion there, not a string: no list.
      if (isLoneExpansionLeaf(arg)) return undefined;
      const v = arg.value;
      if (v.type === "number") values.push(formatPythonNumber(v.value));
      else if (v.type === "string" && (s.allowWildcards || !containsWildcard(v))) values.push(this.#values.string(v));
      else return undefined;
    }
    return renderTemplate(s.expression, { field: this.quoteField(first.field), op, list: values.join(s.separator) });
  }

  #leaf(leaf: LeafNode, ctx: TextQueryContext): Piece {
    try {
      const negated = isNegated(leaf);
      if (leaf.value.type === "expansion") {
        // A tree not resolved by core: the alternatives are an OR (an AND of negations).
        const args = leaf.value.values.map((value): Node => ({ ...leaf, value }));
        return this.#join(negated ? "and" : "or", args, ctx, "expansion", false);
      }
      const piece =
        leaf.type === "field"
          ? this.#fieldLeaf({ field: leaf.field, value: leaf.value, negated, item: leaf.item }, ctx)
          : this.#keywordLeaf({ value: leaf.value, negated, item: leaf.item }, ctx);
      if (piece.kind === "expr" && piece.binding === "atom" && isLoneExpansionLeaf(leaf)) {
        return { ...piece, binding: "expansion" };
      }
      return piece;
    } catch (err) {
      // Point at the detection item that could not be converted.
      if (err instanceof SigmaError) err.locate(leaf.item.location);
      throw err;
    }
  }

  #fieldLeaf(c: FieldCondition, ctx: TextQueryContext): Piece {
    const hook = this.hooks.field?.[c.value.type as Exclude<SigmaValue["type"], "expansion">] as
      | ((c: FieldCondition, tools: LeafTools) => LeafOutput)
      | undefined;
    if (!hook) return this.#standardField(c, ctx);
    return this.#output(hook(c, this.#tools(c.negated, ctx, () => this.#standardField(c, ctx))), ctx);
  }

  #keywordLeaf(c: KeywordCondition, ctx: TextQueryContext): Piece {
    const type = c.value.type;
    const hook = (type === "string" || type === "number" || type === "regex" || type === "query_expression"
      ? this.hooks.keyword?.[type]
      : undefined) as ((c: KeywordCondition, tools: LeafTools) => LeafOutput) | undefined;
    const standard = (): Piece => ({ kind: "expr", text: this.#leaves.keyword(c), binding: "atom" });
    if (!hook) return standard();
    return this.#output(hook(c, this.#tools(c.negated, ctx, standard)), ctx);
  }

  #output(out: LeafOutput, ctx: TextQueryContext): Piece {
    if (typeof out === "string") return { kind: "expr", text: out, binding: "atom" };
    if (!ctx.deferred.parts[out.index]) throw new SigmaError("A hook returned a marker of another query's deferred parts.");
    return { kind: "deferred", markers: [out] };
  }

  #tools(negated: boolean, ctx: TextQueryContext, standard: () => Piece): LeafTools {
    return {
      ctx,
      standard: (): LeafOutput => {
        const piece = standard();
        if (piece.kind === "expr") return piece.text;
        if (piece.kind === "deferred" && piece.markers.length === 1) return piece.markers[0] as DeferredMarker;
        throw notSupported("The standard conversion of this condition is not a single expression.");
      },
      field: (name) => this.quoteField(name),
      string: (value) => this.#values.string(value),
      regex: (value) => this.#values.regex(value),
      stringAsRegex: (value) => this.#values.stringAsRegex(value),
      defer: (part) => {
        if (negated && part.negatedText === undefined) {
          throw notSupported("Negated deferred query parts are not supported by the backend.");
        }
        return ctx.deferred.add(part, negated);
      },
    };
  }

  #standardField(c: FieldCondition, ctx: TextQueryContext): Piece {
    const l = this.#leaves;
    const atom = (text: string): Piece => ({ kind: "expr", text, binding: "atom" });
    const v = c.value;
    switch (v.type) {
      case "string":
        return atom(v.cased ? l.casedString(c, v) : l.string(c, v));
      case "number":
        return atom(l.number(c, v));
      case "bool":
        return atom(l.bool(c, v));
      case "null":
        return atom(l.null(c));
      case "regex":
        return atom(l.regex(c, v));
      case "cidr": {
        const template = this.settings.cidr;
        if (template) return atom(l.cidr(c, v, template));
        // No CIDR matching: an OR of wildcard prefixes (an AND of their negations), possibly a list.
        const args = expandCidr(v).map(
          (pattern): Node => ({ type: "field", field: c.field, value: parseSigmaString(pattern), item: c.item, negated: c.negated }),
        );
        return this.#join(c.negated ? "and" : "or", args, ctx, "expansion", true);
      }
      case "compare":
        return atom(l.compare(c, v));
      case "exists":
        return atom(l.exists(c, v));
      case "fieldref":
        return atom(l.fieldReference(c, v));
      case "timestamp_part":
        return atom(l.timestampPart(c, v));
      case "query_expression":
        return atom(l.queryExpression(c, v));
      case "expansion":
        throw notSupported("Nested value expansions are not supported by the backend.");
    }
  }
}
