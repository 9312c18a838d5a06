/**
 * What every correlation type needs from its rule: the range, the group-by labels, the threshold,
 * and each referenced rule as a search (its queries, its alias labels, its tag). Errors are located
 * at the correlation rule (its timespan for timespans).
 */
import { DEFAULT_CORRELATION_OPERATORS, ruleId, type ConvertibleRule } from "@sigma/backend";
import {
  SigmaCorrelationConditionError,
  SigmaFeatureNotSupportedByBackendError,
  type CorrelationThreshold,
  type SigmaCorrelationRule,
  type SourceLocation,
} from "@sigma/core";
import { missingParser } from "../convert/query.js";
import type { ComparisonOp, LabelFormatStage, LogQuery, RawLogQuery } from "../logql/ast.js";
import { isLogQLKeyword, sanitizeLabelName } from "../logql/quote.js";
import { lokiRange, writableNumber } from "../logql/values.js";

/** A rule a correlation refers to, as the backend hands it over. */
export interface CorrelationReference {
  /** The processed rule. */
  readonly rule: ConvertibleRule;
  /** Its finished queries: a detection rule's log queries, or a correlation's metric query. */
  readonly queries: readonly string[];
  /**
   * A detection rule's log queries as trees: as `queries` (one per query, in order), or for
   * merging (`merge`): without inferred line filters, unpartitioned.
   */
  readonly trees?: (merge: boolean) => readonly LogQuery[];
}

/** "No event in the window" (`eq 0`, `lte 0`, `lt 1`): what `absent_over_time` answers. */
export function meansNoEvent(condition: CorrelationThreshold): boolean {
  return (
    (condition.op === "eq" && condition.count === 0) ||
    (condition.op === "lte" && condition.count === 0) ||
    (condition.op === "lt" && condition.count === 1)
  );
}

/** The label that tells the rules of a union apart. */
export const RULE_LABEL = "sigma_rule";

/** A referenced rule as a correlation searches it. */
export interface Search {
  readonly reference: CorrelationReference;
  /** The rule's name, else its id: its tag in a union and its name in a condition expression. */
  readonly name: string;
  /**
   * Its queries, each with the rule's parser added where the query has none (a rule of keywords
   * only) and the correlation needs the events' labels (group-by, aliases, values).
   */
  readonly queries: readonly RawLogQuery[];
  /** `label_format` of the aliases this rule needs (alias label ← the rule's field), if any. */
  readonly aliases: LabelFormatStage | undefined;
  /** The rule's field for a name of the correlation (an alias, or the name itself). */
  field(name: string): string;
}

/** A threshold condition in LogQL terms. */
export interface Threshold {
  readonly op: ComparisonOp;
  readonly count: number;
  readonly condition: CorrelationThreshold;
}

/** One correlation rule being converted. */
export class Correlation {
  readonly range: string;
  /** Group-by labels (sanitised). */
  readonly groupBy: readonly string[];
  readonly searches: readonly Search[];

  constructor(
    readonly rule: SigmaCorrelationRule,
    references: readonly CorrelationReference[],
  ) {
    if (!rule.timespan) throw this.conditionError("Correlation rule needs a timespan");
    this.range = lokiRange(rule.timespan, rule.timespan.location ?? rule.source?.location);
    this.groupBy = rule.groupBy.map((field) => this.label(field, "group-by field"));
    // Alias labels for the group-by, and for value_count's field (the others unwrap the rule's field).
    const counted = rule.type === "value_count" && rule.condition.kind === "threshold" ? (rule.condition.fields ?? []) : [];
    const used = new Set([...rule.groupBy, ...counted]);
    this.searches = references.map((reference) => this.#search(reference, used));
  }

  get location(): SourceLocation | undefined {
    return this.rule.source?.location;
  }

  /** A label name for a field of the correlation; a LogQL keyword or nothing cannot be one. */
  label(field: string, what: string): string {
    const label = sanitizeLabelName(field);
    if (label === "") {
      throw new SigmaFeatureNotSupportedByBackendError(`The ${what} '${field}' is empty as a Loki label name; map it to a field name`, this.location);
    }
    if (isLogQLKeyword(label)) {
      throw new SigmaFeatureNotSupportedByBackendError(
        `The ${what} '${field}' becomes the label '${label}', a LogQL keyword, which cannot be a label name in a query; map it to another name`,
        this.location,
      );
    }
    return label;
  }

  conditionError(message: string): SigmaCorrelationConditionError {
    return new SigmaCorrelationConditionError(message, this.location);
  }

  unsupported(message: string): SigmaFeatureNotSupportedByBackendError {
    return new SigmaFeatureNotSupportedByBackendError(message, this.location);
  }

  /** The threshold condition, its operator in LogQL and its count (a number LogQL can write). */
  threshold(): Threshold {
    const condition = this.rule.condition;
    if (condition.kind !== "threshold") throw this.conditionError("Correlation rule needs a threshold condition");
    return { op: DEFAULT_CORRELATION_OPERATORS[condition.op], count: writableNumber(condition.count, this.location), condition };
  }

  /** The one field of a value condition (`field`), as written. */
  valueField(): string {
    const fields = this.threshold().condition.fields ?? [];
    const [field] = fields;
    if (field === undefined) throw this.conditionError(`${this.rule.type} correlation needs a condition field`);
    if (fields.length > 1) {
      throw this.conditionError(`${this.rule.type} correlation takes one condition field, not ${fields.length} (${fields.join(", ")})`);
    }
    return field;
  }

  /** True when the union of several rules needs the rule label to keep their series apart. */
  get tagged(): boolean {
    return this.searches.length > 1;
  }

  /** Every search, once none is a correlation (the type cannot use one: `why` says what it needs). */
  detectionSearches(why: string): readonly Search[] {
    for (const search of this.searches) {
      if (search.reference.rule.kind === "correlation") {
        throw new SigmaFeatureNotSupportedByBackendError(
          `'${search.name}' is a correlation rule: ${why}; reference the rules it correlates instead`,
          this.location,
        );
      }
    }
    return this.searches;
  }

  #search(reference: CorrelationReference, used: ReadonlySet<string>): Search {
    const rule = reference.rule;
    const name = ruleId(rule);
    const mapping = new Map<string, string>();
    for (const [alias, fields] of this.rule.aliases) {
      const field = [...fields].find(([ref]) => ref === rule.name || ref === rule.id)?.[1];
      if (field !== undefined) mapping.set(alias, field);
    }
    const assignments = [...mapping]
      .filter(([alias, field]) => used.has(alias) && sanitizeLabelName(alias) !== sanitizeLabelName(field))
      .map(([alias, field]) => ({ label: this.label(alias, "alias"), template: `{{.${this.label(field, "aliased field")}}}` }));
    const needsLabels = this.rule.groupBy.length > 0 || this.rule.type.startsWith("value_");
    const trees = needsLabels && rule.kind === "rule" ? reference.trees?.(false) : undefined;
    const queries = reference.queries.map((text, i): RawLogQuery => {
      const tree = trees?.[i];
      const parser = tree !== undefined && rule.kind === "rule" ? missingParser(tree.stages, rule) : undefined;
      return parser === undefined ? { kind: "raw_log_query", text } : { kind: "raw_log_query", text, stages: [parser] };
    });
    return {
      reference,
      name,
      queries,
      aliases: assignments.length > 0 ? { kind: "label_format", assignments } : undefined,
      field: (field) => mapping.get(field) ?? field,
    };
  }
}
