/**
 * Field conditions (`field: value` leaves) → label filters (§5.4).
 */
import { assertNoPlaceholder, type NormalisedFieldLeaf } from "@sigma/backend";
import {
  SigmaConversionError,
  SigmaFeatureNotSupportedByBackendError,
  SigmaRegularExpressionError,
  SigmaValueError,
  containsWildcard,
  sigmaStringPlainText,
  type SigmaValue,
  type SourceLocation,
  type TimestampPart,
} from "@sigma/core";
import { pythonFormat } from "@sigma/processing";
import type { LabelFilterExpr, NumberFilterOp } from "../logql/ast.js";
import { labelFilterFragment } from "../logql/fragments.js";
import { isLogQLKeyword, sanitizeLabelName } from "../logql/quote.js";
import { writableNumber } from "../logql/values.js";
import { anchorForLabelFilter } from "../regex/escape.js";
import { re2Problem } from "../regex/re2.js";
import { labelRegex } from "./string-regex.js";

/** What converting the leaves of one query shares. */
export interface QueryState {
  readonly caseSensitive: boolean;
  /** `label_format` assignments collected so far (fieldref and timestamp parts). */
  readonly labelFormats: { label: string; template: string }[];
  /** Counters of `match_N` / `date_N`, per query from 0. */
  readonly counters: { match: number; date: number };
}

/** Go time layouts of the timestamp parts Loki's `date` template function can render. */
const DATE_LAYOUT: Partial<Record<TimestampPart, string>> = {
  minute: "04",
  hour: "15",
  day: "02",
  month: "01",
  year: "2006",
};

const NEGATED_COMPARE: Record<"<" | "<=" | ">" | ">=", NumberFilterOp> = {
  "<": ">=",
  "<=": ">",
  ">": "<=",
  ">=": "<",
};

const COMPARE_OPS = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/** The label a field maps to; blank names and LogQL keywords are an error (they would not parse). */
function labelFor(field: string, location?: SourceLocation): string {
  const label = sanitizeLabelName(field);
  if (label === "") {
    throw new SigmaConversionError(
      `Field name '${field}' is empty after turning it into a Loki label name; ` +
        "map it to a valid name with a processing pipeline (field_name_mapping).",
      location,
    );
  }
  if (isLogQLKeyword(label)) {
    throw new SigmaConversionError(
      `Field name '${field}' is a LogQL keyword and cannot be used as a label name in a query; ` +
        "map it to another name with a processing pipeline (field_name_mapping).",
      location,
    );
  }
  return field;
}

/** Checks a regex against RE2 (Loki's engine); its length is checked on the finished query (`max_regex_length`). */
export function assertRe2(pattern: string, location?: SourceLocation): void {
  const problem = re2Problem(pattern);
  if (problem !== undefined) {
    throw new SigmaRegularExpressionError(
      `Regular expression '${pattern}' is not supported by Loki (RE2 syntax: no lookaround, no backreferences): ${problem}`,
      location,
    );
  }
}

/** Converts one field leaf into a label filter; may add `label_format` assignments to `state`. */
export function convertFieldLeaf(leaf: NormalisedFieldLeaf, state: QueryState): LabelFilterExpr {
  const location = leaf.item.location;
  const label = labelFor(leaf.field, location);
  return convertValue(label, leaf.value, leaf.negated, state, location);
}

function convertValue(
  label: string,
  value: SigmaValue,
  negated: boolean,
  state: QueryState,
  location: SourceLocation | undefined,
): LabelFilterExpr {
  switch (value.type) {
    case "string": {
      assertNoPlaceholder(value, location);
      if (!containsWildcard(value) && (value.cased || state.caseSensitive)) {
        return { kind: "string_filter", label, op: negated ? "!=" : "=", value: sigmaStringPlainText(value) };
      }
      const re = labelRegex(value, !value.cased);
      assertRe2(re, location);
      return { kind: "string_filter", label, op: negated ? "!~" : "=~", value: re };
    }
    case "bool":
      // Log labels are text: a YAML boolean matches the words true/false.
      return convertValue(
        label,
        { type: "string", parts: [value.value ? "true" : "false"], cased: false },
        negated,
        state,
        location,
      );
    case "number":
      return { kind: "number_filter", label, op: negated ? "!=" : "=", value: writableNumber(value.value, location) };
    case "null":
      return { kind: "string_filter", label, op: negated ? "!=" : "=", value: "" };
    case "regex": {
      const flags = value.flags.length > 0 ? `(?${value.flags.join("")})` : "";
      const re = anchorForLabelFilter(flags + value.pattern);
      assertRe2(re, location);
      return { kind: "string_filter", label, op: negated ? "!~" : "=~", value: re };
    }
    case "cidr":
      return { kind: "ip_filter", label, op: negated ? "!=" : "=", cidr: `${value.network}/${value.prefixLength}` };
    case "compare": {
      const op = COMPARE_OPS[value.op];
      return { kind: "number_filter", label, op: negated ? NEGATED_COMPARE[op] : op, value: writableNumber(value.value, location) };
    }
    case "exists":
      return { kind: "presence_filter", label, present: value.exists !== negated };
    case "fieldref": {
      const fn = value.startsWith && value.endsWith ? "contains" : value.endsWith ? "hasSuffix" : value.startsWith ? "hasPrefix" : "eq";
      const ref = sanitizeLabelName(labelFor(value.field, location));
      const target = `match_${state.counters.match++}`;
      state.labelFormats.push({
        label: target,
        template: `{{ if ${fn} .${ref} .${sanitizeLabelName(label)} }}true{{ else }}false{{ end }}`,
      });
      return { kind: "string_filter", label: target, op: negated ? "!=" : "=", value: "true" };
    }
    case "timestamp_part": {
      const layout = DATE_LAYOUT[value.part];
      if (layout === undefined) {
        throw new SigmaFeatureNotSupportedByBackendError(
          `Field equals ${value.part} value expressions are not supported by the backend`,
          location,
        );
      }
      const target = `date_${state.counters.date++}`;
      state.labelFormats.push({
        label: target,
        template: `{{ date "${layout}" (unixToTime .${sanitizeLabelName(label)}) }}`,
      });
      // The rendered part is zero-padded text ("03"): compare it as a number.
      const inner = value.value;
      if (inner.type === "number") {
        return { kind: "number_filter", label: target, op: negated ? "!=" : "=", value: writableNumber(inner.value, location) };
      }
      const op = COMPARE_OPS[inner.op];
      return { kind: "number_filter", label: target, op: negated ? NEGATED_COMPARE[op] : op, value: writableNumber(inner.value, location) };
    }
    case "expansion":
      // Expansions are split into leaves by the normaliser; an empty one matches nothing.
      throw new SigmaConversionError("Empty value expansion cannot be converted", location);
    case "query_expression":
      return queryExpression(label, value, negated, location);
  }
}

/**
 * `query_expression_placeholders`: the pipeline's expression with `{field}` (the label name) and
 * `{id}` filled in, as pySigma's text backends do (`{field}=~"{id}"` → `DestinationIp=~"ipgroup"`).
 * It is pasted into the query, so it must be one label filter expression. LogQL has no NOT to put
 * before it: a negated one is refused (the reference emits it unnegated, which inverts the rule).
 */
function queryExpression(
  label: string,
  value: Extract<SigmaValue, { type: "query_expression" }>,
  negated: boolean,
  location: SourceLocation | undefined,
): LabelFilterExpr {
  if (negated) {
    throw new SigmaFeatureNotSupportedByBackendError(
      "Negated query expressions (query_expression_placeholders under 'not' or '|neq') are not supported by the backend: " +
        "LogQL has no NOT to put before them; write the negated form in the expression instead",
      location,
    );
  }
  const text = pythonFormat(value.expression, { field: sanitizeLabelName(label), id: value.id }, location);
  const fragment = labelFilterFragment(text);
  if ("problem" in fragment) {
    throw new SigmaValueError(
      `The query expression ${JSON.stringify(text)} (query_expression_placeholders) must be one LogQL label filter ` +
        `such as {field}=~"{id}": ${fragment.problem}`,
      location,
    );
  }
  return { kind: "raw_filter", text: fragment.text };
}
