/**
 * A text-query backend base for simple languages (§4.2/§4.3), configured by one typed
 * {@link TextQueryConfig} object instead of mutable class attributes. It converts condition trees
 * by precedence-aware joining of templates; a language without NOT gets its conditions normalised
 * with {@link pushDownNegation} and uses the negated templates.
 */
import {
  SigmaError,
  SigmaFeatureNotSupportedByBackendError,
  SigmaPlaceholderError,
  SigmaValueError,
  containsWildcard,
  convertSigmaString,
  formatPythonNumber,
  ruleConditionTrees,
} from "@sigma/core";
import type {
  CompareOperator,
  ConditionTree,
  DetectionItem,
  SigmaCorrelationRule,
  SigmaRule,
  SigmaStringValue,
  SigmaValue,
} from "@sigma/core";
import { convertCorrelationWithTemplates } from "./correlation.js";
import type { CorrelationTemplates } from "./correlation.js";
import { DeferredParts } from "./deferred.js";
import type { DeferredMarker } from "./deferred.js";
import { pushDownNegation } from "./negation.js";
import { renderTemplate } from "./template.js";
import type {
  Backend,
  BackendOptionValues,
  QueryContext,
  ReferencedRuleQueries,
  RuleContext,
} from "./types.js";

/** A template and, for languages without NOT, its negated form. */
export interface NegatableTemplate {
  readonly template: string;
  /** Used for negated conditions when the language has no NOT token. */
  readonly negated?: string;
}

/** How field names are escaped and quoted. */
export interface FieldQuoting {
  /** Quote character, used when the name matches `quotePattern` (always when no pattern). */
  readonly quote?: string;
  readonly quotePattern?: RegExp;
  /** Escape character put before characters matching `escapePattern` (a global regex). */
  readonly escapeChar?: string;
  readonly escapePattern?: RegExp;
}

/** How string values are written. */
export interface StringQuoting {
  /** Quote around string values (e.g. `"`). */
  readonly quote: string;
  /** Put before the quote character, wildcard characters that are text and `addEscaped`. */
  readonly escapeChar: string;
  readonly addEscaped?: string;
  readonly wildcardMulti: string;
  readonly wildcardSingle: string;
  /** Characters dropped from values. */
  readonly filterChars?: string;
}

/** Regular expressions (`re` modifier). */
export interface RegexTemplates extends NegatableTemplate {
  /** Characters escaped in the regex with `escapeChar` (e.g. the quote). */
  readonly escapeChars?: string;
  readonly escapeChar?: string;
  /** Prefix flags as `(?ims)`. When false, flagged regexes are rejected. */
  readonly flagPrefix?: boolean;
}

/** Keyword (unbound value) templates; `{value}`. */
export interface KeywordTemplates {
  readonly string?: NegatableTemplate;
  readonly number?: NegatableTemplate;
  readonly regex?: NegatableTemplate;
  /** Emit keywords as deferred parts after the main expression instead of in place. */
  readonly deferred?: boolean;
}

/** OR of equalities on one field as one `IN` expression: `{field}`, `{list}`. */
export interface InListTemplates extends NegatableTemplate {
  readonly separator: string;
  /** Allow strings with wildcards in lists. Default false. */
  readonly allowWildcards?: boolean;
}

/** Deferred parts rendering: `start` before the first, `separator` between them. */
export interface DeferredTemplates {
  readonly start: string;
  readonly separator: string;
  /** Main expression used when the query has only deferred parts. */
  readonly onlyQuery: string;
}

/**
 * Everything a simple text language needs; each absent feature makes the corresponding
 * conditions fail with a collectable error naming the feature.
 */
export interface TextQueryConfig {
  readonly tokens: {
    readonly and: string;
    readonly or: string;
    /** NOT token; absent ⇒ negation is pushed to the leaves and negated templates are used. */
    readonly not?: string;
    /** Between tokens and operands. Default `" "`. */
    readonly separator?: string;
  };
  /** Grouping of a looser-binding subexpression (precedence NOT > AND > OR): `{expr}`. */
  readonly group: string;
  /** Whole-query template: `{query}`. Default `{query}`. */
  readonly query?: string;
  readonly field?: FieldQuoting;
  readonly string: StringQuoting;
  /** Field equals value (strings, numbers, booleans): `{field}`, `{value}`. */
  readonly eq: NegatableTemplate;
  /** For strings with wildcards (default: `eq` with rendered wildcards). */
  readonly wildcard?: NegatableTemplate;
  /** For case-sensitive strings (`cased`); absent ⇒ not supported. */
  readonly cased?: NegatableTemplate;
  /** Renderings of booleans; absent ⇒ boolean values are not supported. */
  readonly bool?: { readonly true: string; readonly false: string };
  /** `{field}` is null/empty. */
  readonly null?: NegatableTemplate;
  /** `{field}`, `{regex}`. */
  readonly regex?: RegexTemplates;
  /** `{field}`, `{value}` (as written), `{network}`, `{prefixlen}`. */
  readonly cidr?: NegatableTemplate;
  /** `{field}`, `{op}`, `{value}`. */
  readonly compare?: { readonly template: string; readonly operators: Readonly<Record<CompareOperator, string>> };
  /** `{field}`. */
  readonly exists?: { readonly exists: string; readonly notExists?: string };
  /** Field equals other field: `{field1}`, `{field2}`. */
  readonly fieldRef?: NegatableTemplate;
  readonly keyword?: KeywordTemplates;
  readonly inList?: InListTemplates;
  readonly deferred?: DeferredTemplates;
  readonly correlation?: CorrelationTemplates;
}

/** The deferred part type of the text base: text for the plain and the negated form. */
export interface TextDeferredPart {
  readonly text: string;
  readonly negatedText: string;
}

/** A converted subexpression: text with the binding strength of its top operator, or deferred parts. */
type Piece =
  | { readonly kind: "expr"; readonly text: string; readonly strength: number }
  | { readonly kind: "deferred"; readonly markers: readonly DeferredMarker[] };

const STRENGTH = { or: 1, and: 2, not: 3, atom: 4 } as const;

/** A condition node the converter accepts: a resolved tree or a normalised one. */
type Node =
  | { readonly type: "and" | "or"; readonly args: readonly Node[] }
  | { readonly type: "not"; readonly arg: Node }
  | {
      readonly type: "field";
      readonly field: string;
      readonly value: SigmaValue;
      readonly negated?: boolean;
      readonly item?: DetectionItem;
    }
  | { readonly type: "keyword"; readonly value: SigmaValue; readonly negated?: boolean; readonly item?: DetectionItem };

type Leaf = Extract<Node, { type: "field" | "keyword" }>;

/**
 * Converts condition trees to text with one configuration. Pure: all per-query state is in the
 * {@link QueryContext} passed in.
 */
export class TextQueryConverter {
  constructor(readonly config: TextQueryConfig) {}

  /** Converts one condition tree into a finished query (deferred parts appended). */
  convertCondition(tree: ConditionTree, ctx: QueryContext<BackendOptionValues, TextDeferredPart>): string {
    const node: Node = this.config.tokens.not === undefined ? pushDownNegation(tree) : tree;
    const piece = this.#convert(node, ctx);
    let main = piece.kind === "expr" ? piece.text : "";
    const deferred = ctx.deferred.parts;
    if (deferred.length > 0) {
      const d = this.config.deferred;
      if (!d) throw new SigmaFeatureNotSupportedByBackendError("Deferred query parts are not supported by the backend.");
      if (piece.kind === "deferred") main = d.onlyQuery;
      main += d.start + deferred.map((p) => (p.negated ? p.value.negatedText : p.value.text)).join(d.separator);
    }
    return renderTemplate(this.config.query ?? "{query}", { query: main });
  }

  /** Escapes and quotes a field name. */
  quoteField(field: string): string {
    const f = this.config.field;
    if (!f) return field;
    let out = field;
    if (f.escapeChar !== undefined && f.escapePattern) {
      out = out.replace(f.escapePattern, (m) => f.escapeChar + m);
    }
    if (f.quote !== undefined && (!f.quotePattern || f.quotePattern.test(field))) out = f.quote + out + f.quote;
    return out;
  }

  /** Escapes and quotes a string value (wildcards rendered). */
  quoteString(value: SigmaStringValue): string {
    const s = this.config.string;
    const placeholder = value.parts.find((p) => typeof p !== "string" && p.kind === "placeholder");
    if (placeholder && typeof placeholder !== "string" && placeholder.kind === "placeholder") {
      throw new SigmaPlaceholderError(`Attempt to convert unhandled placeholder '${placeholder.name}' into query.`);
    }
    const text = convertSigmaString(value, {
      escapeChar: s.escapeChar,
      wildcardMulti: s.wildcardMulti,
      wildcardSingle: s.wildcardSingle,
      addEscaped: s.quote + s.escapeChar + (s.addEscaped ?? ""),
      ...(s.filterChars !== undefined ? { filterChars: s.filterChars } : {}),
    });
    return s.quote + text + s.quote;
  }

  #convert(node: Node, ctx: QueryContext<BackendOptionValues, TextDeferredPart>): Piece {
    switch (node.type) {
      case "and":
      case "or":
        return this.#join(node.type, node.args, ctx);
      case "not": {
        const arg = this.#convert(node.arg, ctx);
        if (arg.kind === "deferred") {
          if (arg.markers.length !== 1) {
            throw new SigmaFeatureNotSupportedByBackendError(
              "Negation of several deferred query parts is not supported by the backend.",
            );
          }
          ctx.deferred.negate(arg.markers[0] as DeferredMarker);
          return arg;
        }
        const not = this.config.tokens.not as string;
        const text = arg.strength < STRENGTH.not ? renderTemplate(this.config.group, { expr: arg.text }) : arg.text;
        return { kind: "expr", text: not + (this.config.tokens.separator ?? " ") + text, strength: STRENGTH.not };
      }
      default:
        return this.#leaf(node, ctx);
    }
  }

  #join(type: "and" | "or", args: readonly Node[], ctx: QueryContext<BackendOptionValues, TextDeferredPart>): Piece {
    const inList = this.#inList(type, args);
    if (inList !== undefined) return { kind: "expr", text: inList, strength: STRENGTH.atom };
    const strength = STRENGTH[type];
    const exprs: Array<Extract<Piece, { kind: "expr" }>> = [];
    const markers: DeferredMarker[] = [];
    for (const arg of args) {
      const piece = this.#convert(arg, ctx);
      if (piece.kind === "deferred") markers.push(...piece.markers);
      else exprs.push(piece);
    }
    // Deferred parts are ANDed with the main expression, so they cannot be an OR alternative.
    if (type === "or" && markers.length > 0 && (exprs.length > 0 || markers.length > 1)) {
      throw new SigmaFeatureNotSupportedByBackendError(
        "Operator 'or' not supported by the backend for conditions that become deferred query parts.",
      );
    }
    if (exprs.length === 0) return { kind: "deferred", markers };
    if (exprs.length === 1) return exprs[0] as Piece;
    const sep = this.config.tokens.separator ?? " ";
    const texts = exprs.map((p) => (p.strength < strength ? renderTemplate(this.config.group, { expr: p.text }) : p.text));
    return { kind: "expr", text: texts.join(sep + this.config.tokens[type] + sep), strength };
  }

  /** `field IN (…)` for an OR of plain equalities on one field (an AND of negated ones). */
  #inList(type: "and" | "or", args: readonly Node[]): string | undefined {
    const cfg = this.config.inList;
    if (!cfg || args.length < 2) return undefined;
    const negated = type === "and";
    const template = negated ? cfg.negated : cfg.template;
    if (template === undefined) return undefined;
    let field: string | undefined;
    const values: string[] = [];
    for (const arg of args) {
      if (arg.type !== "field" || (arg.negated ?? false) !== negated) return undefined;
      if (field !== undefined && arg.field !== field) return undefined;
      field = arg.field;
      const v = arg.value;
      if (v.type === "number") values.push(formatPythonNumber(v.value));
      else if (v.type === "string" && !v.cased && (cfg.allowWildcards || !containsWildcard(v))) values.push(this.quoteString(v));
      else return undefined;
    }
    return renderTemplate(template, { field: this.quoteField(field as string), list: values.join(cfg.separator) });
  }

  #leaf(leaf: Leaf, ctx: QueryContext<BackendOptionValues, TextDeferredPart>): Piece {
    try {
      return this.#leafPiece(leaf, ctx);
    } catch (err) {
      // Point at the detection item that could not be converted.
      if (err instanceof SigmaError && leaf.item?.location) err.locate(leaf.item.location);
      throw err;
    }
  }

  #leafPiece(leaf: Leaf, ctx: QueryContext<BackendOptionValues, TextDeferredPart>): Piece {
    if (leaf.value.type === "expansion") {
      // Only reached for NOT languages (pushDownNegation expands otherwise): an OR of alternatives.
      const args = leaf.value.values.map((value): Node => ({ ...leaf, value }));
      return args.length === 1 ? this.#convert(args[0] as Node, ctx) : this.#join("or", args, ctx);
    }
    const negated = leaf.negated ?? false;
    if (leaf.type === "keyword") return this.#keyword(leaf.value, negated, ctx);
    return { kind: "expr", text: this.#fieldCondition(leaf.field, leaf.value, negated), strength: STRENGTH.atom };
  }

  #pick(t: NegatableTemplate, negated: boolean, what: string): string {
    if (!negated) return t.template;
    if (t.negated === undefined) {
      throw new SigmaFeatureNotSupportedByBackendError(`Negated ${what} conditions are not supported by the backend.`);
    }
    return t.negated;
  }

  #require<T>(t: T | undefined, message: string): T {
    if (t === undefined) throw new SigmaFeatureNotSupportedByBackendError(message);
    return t;
  }

  #fieldCondition(fieldName: string, value: SigmaValue, negated: boolean): string {
    const c = this.config;
    const field = this.quoteField(fieldName);
    switch (value.type) {
      case "string": {
        if (value.cased) {
          const t = this.#require(c.cased, "Case-sensitive string matching is not supported by the backend.");
          return renderTemplate(this.#pick(t, negated, "case-sensitive"), { field, value: this.quoteString(value) });
        }
        const t = containsWildcard(value) && c.wildcard ? c.wildcard : c.eq;
        return renderTemplate(this.#pick(t, negated, "equality"), { field, value: this.quoteString(value) });
      }
      case "number":
        return renderTemplate(this.#pick(c.eq, negated, "equality"), { field, value: formatPythonNumber(value.value) });
      case "bool": {
        const b = this.#require(c.bool, `Boolean value ${value.value ? "True" : "False"} not supported by the backend.`);
        return renderTemplate(this.#pick(c.eq, negated, "equality"), { field, value: value.value ? b.true : b.false });
      }
      case "null": {
        const t = this.#require(c.null, "Null values are not supported by the backend.");
        return renderTemplate(this.#pick(t, negated, "null"), { field });
      }
      case "regex":
        return renderTemplate(this.#pick(this.#regexConfig(), negated, "regular expression"), {
          field,
          regex: this.#regex(value.pattern, value.flags),
        });
      case "cidr": {
        const t = this.#require(c.cidr, "CIDR values are not supported by the backend.");
        return renderTemplate(this.#pick(t, negated, "CIDR"), {
          field,
          value: value.cidr,
          network: value.network,
          prefixlen: value.prefixLength,
        });
      }
      case "compare": {
        const t = this.#require(c.compare, "Comparison operations are not supported by the backend.");
        const op = negated ? INVERTED[value.op] : value.op;
        return renderTemplate(t.template, { field, op: t.operators[op], value: formatPythonNumber(value.value) });
      }
      case "exists": {
        const t = this.#require(c.exists, "Field existence is not supported by the backend.");
        if (value.exists !== negated) return renderTemplate(t.exists, { field });
        if (t.notExists !== undefined) return renderTemplate(t.notExists, { field });
        // Without a dedicated template: NOT exists, when the language has NOT.
        const not = this.#require(c.tokens.not, "Field non-existence is not supported by the backend.");
        return `${not}${c.tokens.separator ?? " "}${renderTemplate(t.exists, { field })}`;
      }
      case "fieldref": {
        const t = this.#require(c.fieldRef, "Field reference expression is not supported by backend.");
        if (value.startsWith || value.endsWith) {
          throw new SigmaFeatureNotSupportedByBackendError(
            "Field references with contains, startswith or endswith are not supported by the backend.",
          );
        }
        return renderTemplate(this.#pick(t, negated, "field reference"), { field1: field, field2: this.quoteField(value.field) });
      }
      case "query_expression": {
        if (negated) {
          throw new SigmaFeatureNotSupportedByBackendError("Negated query expressions are not supported by the backend.");
        }
        return renderTemplate(value.expression, { field, id: value.id });
      }
      case "timestamp_part":
        throw new SigmaFeatureNotSupportedByBackendError(
          `Field equals ${value.part} value expressions are not supported by the backend`,
        );
      case "expansion":
        throw new SigmaFeatureNotSupportedByBackendError("Nested value expansions are not supported by the backend.");
    }
  }

  #regexConfig(): RegexTemplates {
    return this.#require(this.config.regex, "Regular expressions are not supported by the backend.");
  }

  #regex(pattern: string, flags: readonly string[]): string {
    const r = this.#regexConfig();
    let out = pattern;
    if (r.escapeChars) {
      const chars = new Set([...r.escapeChars]);
      const esc = r.escapeChar ?? "\\";
      out = [...out].map((ch) => (chars.has(ch) ? esc + ch : ch)).join("");
    }
    if (flags.length > 0) {
      if (!r.flagPrefix) {
        throw new SigmaFeatureNotSupportedByBackendError("Regular expression flags are not supported by the backend.");
      }
      out = `(?${flags.join("")})${out}`;
    }
    return out;
  }

  #keyword(value: SigmaValue, negated: boolean, ctx: QueryContext<BackendOptionValues, TextDeferredPart>): Piece {
    const k = this.#require(this.config.keyword, "Keyword (unbound value) searches are not supported by the backend.");
    let t: NegatableTemplate | undefined;
    let text: string;
    switch (value.type) {
      case "string":
        t = k.string;
        text = this.quoteString(value);
        break;
      case "number":
        t = k.number;
        text = formatPythonNumber(value.value);
        break;
      case "regex":
        t = k.regex;
        text = this.#regex(value.pattern, value.flags);
        break;
      case "bool":
        throw new SigmaValueError("Boolean values can't appear as standalone value without a field name.");
      case "cidr":
        throw new SigmaValueError("CIDR values can't appear as standalone value without a field name.");
      default:
        throw new SigmaFeatureNotSupportedByBackendError(
          `Unbound ${value.type} values are not supported by the backend.`,
        );
    }
    const template = this.#require(t, `Unbound ${value.type} values are not supported by the backend.`);
    if (k.deferred) {
      const part: TextDeferredPart = {
        text: renderTemplate(template.template, { value: text }),
        negatedText: renderTemplate(this.#pick(template, true, "keyword"), { value: text }),
      };
      return { kind: "deferred", markers: [ctx.deferred.add(part, negated)] };
    }
    return { kind: "expr", text: renderTemplate(this.#pick(template, negated, "keyword"), { value: text }), strength: STRENGTH.atom };
  }
}

const INVERTED: Readonly<Record<CompareOperator, CompareOperator>> = { lt: "gte", lte: "gt", gt: "lte", gte: "lt" };

/** Everything of a {@link Backend} except the conversion hooks, which the text base provides. */
export type TextBackendDeclaration<O extends BackendOptionValues> = Omit<
  Backend<O>,
  "convertRule" | "convertCorrelationRule"
>;

/**
 * Builds a backend from a declaration and a text configuration. `config` may depend on the
 * conversion (for example on option values); it is then computed per rule.
 */
export function createTextQueryBackend<O extends BackendOptionValues>(
  declaration: TextBackendDeclaration<O>,
  config: TextQueryConfig | ((ctx: RuleContext<O>) => TextQueryConfig),
): Backend<O> {
  const converterFor =
    typeof config === "function"
      ? (ctx: RuleContext<O>) => new TextQueryConverter(config(ctx))
      : ((c: TextQueryConverter) => () => c)(new TextQueryConverter(config));
  return {
    ...declaration,
    convertRule(rule: SigmaRule, ctx: RuleContext<O>): string[] {
      const converter = converterFor(ctx);
      return ruleConditionTrees(rule).map((tree, conditionIndex) =>
        converter.convertCondition(tree, {
          ...(ctx as RuleContext<BackendOptionValues>),
          conditionIndex,
          deferred: new DeferredParts<TextDeferredPart>(),
        }),
      );
    },
    convertCorrelationRule(
      rule: SigmaCorrelationRule,
      ctx: RuleContext<O>,
      referenced: readonly ReferencedRuleQueries[],
    ): string[] {
      const converter = converterFor(ctx);
      const templates = converter.config.correlation;
      if (!templates) throw new SigmaFeatureNotSupportedByBackendError("Backend does not support correlation rules.");
      return convertCorrelationWithTemplates(rule, ctx as RuleContext, referenced, templates, (f) =>
        converter.quoteField(f),
      );
    },
  };
}

