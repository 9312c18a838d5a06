/**
 * The standard conversion of single conditions (leaves) from the settings: pySigma's
 * `convert_condition_field_eq_val_*` and `convert_condition_val_*` of `TextQueryBackend`.
 * CIDR expansion and expansion values need the tree walk and live in the converter.
 */
import {
  SigmaFeatureNotSupportedByBackendError,
  SigmaValueError,
  cidrNetmask,
  containsWildcard,
  endsWithWildcard,
  formatPythonNumber,
  sigmaStringFromParts,
  startsWithWildcard,
} from "@sigma/core";
import type { CompareOperator, SigmaStringValue, SigmaValue } from "@sigma/core";
import { renderTemplate } from "../template.js";
import type { TemplateValues } from "../template.js";
import type { FieldCondition, KeywordCondition, SigmaValueOf } from "./hooks.js";
import type { NegatableTemplate, StringMatchTemplate, TextQuerySettings } from "./settings.js";
import type { ValueWriter } from "./values.js";

/** The negation of each comparison (for languages without NOT). */
const INVERTED: Readonly<Record<CompareOperator, CompareOperator>> = { lt: "gte", lte: "gt", gt: "lte", gte: "lt" };

const notSupported = (message: string): SigmaFeatureNotSupportedByBackendError =>
  new SigmaFeatureNotSupportedByBackendError(message);

function require<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw notSupported(message);
  return value;
}

/** The template for a condition's polarity. */
function pick(t: NegatableTemplate, negated: boolean, what: string): string {
  if (!negated) return t.template;
  return require(t.negated, `Negated ${what} conditions are not supported by the backend.`);
}

/** A string without its first and/or last part (pySigma's `value[1:]`, `value[:-1]` on a wildcard). */
function trim(value: SigmaStringValue, start: number, end: number): SigmaStringValue {
  return sigmaStringFromParts(value.parts.slice(start, value.parts.length - end), value.cased);
}

/** The `startswith` / `endswith` / `contains` template a string takes, with the string it writes. */
function matchForm(
  value: SigmaStringValue,
  forms: {
    readonly startsWith?: StringMatchTemplate | undefined;
    readonly endsWith?: StringMatchTemplate | undefined;
    readonly contains?: StringMatchTemplate | undefined;
  },
): { template: NegatableTemplate; value: SigmaStringValue } | undefined {
  const starts = startsWithWildcard(value);
  const ends = endsWithWildcard(value);
  const { startsWith, endsWith, contains } = forms;
  // pySigma's order: startswith, endswith, contains (a `*x*` string takes contains only when x is plain).
  if (startsWith && ends) {
    const rest = trim(value, 0, 1);
    if (startsWith.allowSpecial || !containsWildcard(rest)) return { template: startsWith, value: rest };
  }
  if (endsWith && starts) {
    const rest = trim(value, 1, 0);
    if (endsWith.allowSpecial || !containsWildcard(rest)) return { template: endsWith, value: rest };
  }
  if (contains && starts && ends) {
    const rest = trim(value, 1, 1);
    if (contains.allowSpecial || !containsWildcard(rest)) return { template: contains, value: rest };
  }
  return undefined;
}

/** Writes single conditions as the settings say. */
export class LeafWriter {
  readonly #eqToken: string;
  readonly #eqTemplate: NegatableTemplate;

  constructor(
    private readonly settings: TextQuerySettings,
    private readonly values: ValueWriter,
    private readonly quoteField: (name: string) => string,
    /** The NOT token and separator put before a negated expression; undefined without NOT. */
    private readonly notPrefix: string | undefined,
  ) {
    this.#eqToken = settings.tokens.eq ?? "=";
    this.#eqTemplate =
      settings.stringMatch?.eq ??
      (settings.tokens.notEq === undefined
        ? { template: "{field}{eq}{value}" }
        : { template: "{field}{eq}{value}", negated: "{field}{not_eq}{value}" });
  }

  /** `{field}`, `{value}`, `{regex}` (computed only when the template uses it) of a string template. */
  #stringValues(template: string, field: string, value: SigmaStringValue): TemplateValues {
    const t = this.settings.tokens;
    return {
      field: this.quoteField(field),
      value: this.values.string(value),
      eq: this.#eqToken,
      not_eq: t.notEq ?? "",
      ...(template.includes("{regex}") ? { regex: this.values.stringAsRegex(value) } : {}),
    };
  }

  string(c: FieldCondition, value: SigmaValueOf<"string">): string {
    const s = this.settings.stringMatch ?? {};
    const form = matchForm(value, s);
    let t: NegatableTemplate;
    let written = value;
    if (form) {
      t = form.template;
      written = form.value;
    } else if (s.wildcard && containsWildcard(value)) {
      t = s.wildcard;
    } else {
      t = this.#eqTemplate;
    }
    const template = pick(t, c.negated, "string");
    return renderTemplate(template, this.#stringValues(template, c.field, written));
  }

  casedString(c: FieldCondition, value: SigmaValueOf<"string">): string {
    const s = this.settings.casedMatch ?? {};
    const form = matchForm(value, s);
    const t = form?.template ?? require(s.match, "Case-sensitive string matching is not supported by backend.");
    const template = pick(t, c.negated, "case-sensitive string");
    return renderTemplate(template, this.#stringValues(template, c.field, form?.value ?? value));
  }

  #eqTokenFor(negated: boolean): string {
    if (!negated) return this.#eqToken;
    return require(this.settings.tokens.notEq, "Negated equality conditions are not supported by the backend.");
  }

  #eq(field: string, negated: boolean, text: string): string {
    return this.quoteField(field) + this.#eqTokenFor(negated) + text;
  }

  number(c: FieldCondition, value: SigmaValueOf<"number">): string {
    return this.#eq(c.field, c.negated, formatPythonNumber(value.value));
  }

  bool(c: FieldCondition, value: SigmaValueOf<"bool">): string {
    const text = this.settings.bool?.[value.value ? "true" : "false"];
    return this.#eq(c.field, c.negated, require(text, `Boolean value ${value.value ? "True" : "False"} not supported by the backend.`));
  }

  null(c: FieldCondition): string {
    const t = require(this.settings.null, "Field null expressions are not supported by the backend.");
    return renderTemplate(pick(t, c.negated, "null"), { field: this.quoteField(c.field) });
  }

  regex(c: FieldCondition, value: SigmaValueOf<"regex">): string {
    const t = require(this.settings.regex?.expression, "Regular expression template is not supported by the backend.");
    return renderTemplate(pick(t, c.negated, "regular expression"), {
      field: this.quoteField(c.field),
      regex: this.values.regex(value),
      ...this.values.flagValues(value),
    });
  }

  /** CIDR with the template (the caller expands CIDR values when there is none). */
  cidr(c: FieldCondition, value: SigmaValueOf<"cidr">, template: NegatableTemplate): string {
    return renderTemplate(pick(template, c.negated, "CIDR"), {
      field: c.field,
      value: `${value.network}/${value.prefixLength}`,
      network: value.network,
      prefixlen: value.prefixLength,
      netmask: cidrNetmask(value),
    });
  }

  compare(c: FieldCondition, value: SigmaValueOf<"compare">): string {
    const t = require(this.settings.compare, "Comparison operations are not supported by the backend.");
    return renderTemplate(t.expression, {
      field: this.quoteField(c.field),
      operator: t.operators[c.negated ? INVERTED[value.op] : value.op],
      value: formatPythonNumber(value.value),
    });
  }

  timestampPart(c: FieldCondition, value: SigmaValueOf<"timestamp_part">): string {
    const message = "Field equals timestamp part value expressions are not supported by the backend.";
    const t = require(this.settings.timestampPart, message);
    const part = require(t.parts[value.part], message);
    const head = renderTemplate(t.expression, { field: this.quoteField(c.field), timestamp_part: part });
    const inner = value.value;
    if (inner.type === "number") return head + this.#eqTokenFor(c.negated) + formatPythonNumber(inner.value);
    const compare = require(this.settings.compare, "Comparison operations are not supported by the backend.");
    return head + compare.operators[c.negated ? INVERTED[inner.op] : inner.op] + formatPythonNumber(inner.value);
  }

  exists(c: FieldCondition, value: SigmaValueOf<"exists">): string {
    const t = require(this.settings.exists, "Field exists expressions are not supported by the backend.");
    const field = this.quoteField(c.field);
    if (value.exists !== c.negated) return renderTemplate(t.exists, { field });
    if (t.notExists !== undefined) return renderTemplate(t.notExists, { field });
    // pySigma: NOT of the exists expression.
    const not = require(this.notPrefix, "Field not exists expressions are not supported by the backend.");
    return not + renderTemplate(t.exists, { field });
  }

  fieldReference(c: FieldCondition, value: SigmaValueOf<"fieldref">): string {
    const s = this.settings.fieldReference ?? {};
    const [kind, t] =
      value.startsWith && value.endsWith
        ? ["contains ", s.contains]
        : value.startsWith
          ? ["startswith ", s.startsWith]
          : value.endsWith
            ? ["endswith ", s.endsWith]
            : ["", s.equals];
    const template = require(t, `Field reference ${kind}expression is not supported by backend.`);
    const [quote1, quote2] = s.quote ?? [true, true];
    return renderTemplate(pick(template, c.negated, "field reference"), {
      field1: quote1 ? this.quoteField(c.field) : c.field,
      field2: quote2 ? this.quoteField(value.field) : value.field,
    });
  }

  queryExpression(c: FieldCondition, value: SigmaValueOf<"query_expression">): string {
    if (c.negated) throw notSupported("Negated query expressions are not supported by the backend.");
    return renderTemplate(value.expression, { field: this.quoteField(c.field), id: value.id });
  }

  /** A keyword (value without field). */
  keyword(c: KeywordCondition): string {
    const u = this.settings.unbound ?? {};
    const v: SigmaValue = c.value;
    switch (v.type) {
      case "string": {
        const t = pick(require(u.string, "String value expressions are not supported by the backend."), c.negated, "keyword");
        return renderTemplate(t, {
          value: this.values.string(v),
          ...(t.includes("{regex}") ? { regex: this.values.stringAsRegex(v) } : {}),
        });
      }
      case "number": {
        const t = require(u.number, "Numeric value expressions are not supported by the backend.");
        return renderTemplate(pick(t, c.negated, "keyword"), { value: formatPythonNumber(v.value) });
      }
      case "regex": {
        const t = require(u.regex, "Regular expression template is not supported by the backend.");
        return renderTemplate(pick(t, c.negated, "keyword"), { value: this.values.regex(v), ...this.values.flagValues(v) });
      }
      case "query_expression": {
        if (c.negated) throw notSupported("Negated query expressions are not supported by the backend.");
        if (v.expression.includes("{field}")) {
          throw new SigmaValueError(
            `Query expression '${v.expression}' has a field placeholder but no field was given in finalization`,
          );
        }
        return renderTemplate(v.expression, { id: v.id });
      }
      case "bool":
        throw new SigmaValueError("Boolean values can't appear as standalone value without a field name.");
      case "cidr":
        throw new SigmaValueError("CIDR values can't appear as standalone value without a field name.");
      default:
        throw notSupported(`Keywords of type '${v.type}' are not supported by the backend: they need a field name.`);
    }
  }
}
