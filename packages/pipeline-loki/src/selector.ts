/**
 * The stream selector of `set_custom_log_source`: built from a detection-like `selection` map whose
 * values are constants, or field references looked up in the rule's own detections.
 */
import {
  PYTHON_RE_ESCAPED_CHARS,
  SigmaFeatureNotSupportedByBackendError,
  detectionTree,
  isPlainSigmaString,
  parseDetection,
  pythonReEscape,
  ruleConditionTrees,
  sigmaStringPlainText,
  sigmaStringToRegex,
} from "@sigma/core";
import type { ConditionFieldLeaf, ConditionTree, RegexFlag, SigmaRule, SigmaValue } from "@sigma/core";
import { quoteLabelValue, sanitizeLabelKey } from "./labels.js";
import { substituteLogsource } from "./template.js";

/** Parameters of `set_custom_log_source`. */
export interface CustomLogSourceOptions {
  /**
   * Label → value(s), written like a Sigma detection map (`label|modifiers: value or list`). A list
   * of such maps is read as their OR, which is only valid when all name the same label.
   */
  readonly selection: Readonly<Record<string, unknown>> | readonly unknown[];
  /** Regexes built from strings get `(?i)`. Default false. */
  readonly caseInsensitive?: boolean;
  /** Substitute `$category`, `$product` and `$service` in values. Default false. */
  readonly template?: boolean;
}

/** The error messages of the reference, word for word. */
export const CustomLogSourceErrors = {
  fieldEqualsValue: "the custom log source selector only supports field equals value conditions",
  singleFieldOr: "the custom log source selector only supports ORs on a single field",
  singleNesting: "the custom log source selector only supports a single nesting of OR'd values",
  valueTypes: "the custom log selector pipeline only supports: string values, field references and regular expressions",
  oneValue: "the custom log source selector only allows one required value for a field",
} as const;

const unsupported = (message: string) => new SigmaFeatureNotSupportedByBackendError(message);

/** The selection with `$category`/`$product`/`$service` substituted in every string value. */
function substituted(data: unknown, rule: SigmaRule): unknown {
  if (typeof data === "string") return substituteLogsource(data, rule.logsource);
  if (Array.isArray(data)) return data.map((element) => substituted(element, rule));
  if (typeof data === "object" && data !== null) {
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, substituted(value, rule)]));
  }
  return data;
}

/** Nested ANDs (e.g. from `|all`) flattened into one list of conjuncts. */
function conjuncts(tree: ConditionTree): ConditionTree[] {
  return tree.type === "and" ? tree.args.flatMap(conjuncts) : [tree];
}

/** One selector entry before rendering: a label and the leaves giving its value(s). */
interface Entry {
  readonly field: string;
  readonly leaves: readonly ConditionFieldLeaf[];
}

/** Checks the selection's shape (AND of single-field ORs) and groups its leaves by field. */
function selectionEntries(tree: ConditionTree | undefined): Entry[] {
  const entries: Entry[] = [];
  const add = (field: string, leaves: ConditionFieldLeaf[]) => {
    if (entries.some((e) => e.field === field)) throw unsupported(CustomLogSourceErrors.oneValue);
    entries.push({ field, leaves });
  };
  for (const part of tree ? conjuncts(tree) : []) {
    if (part.type === "field") {
      add(part.field, [part]);
    } else if (part.type === "or") {
      const leaves: ConditionFieldLeaf[] = [];
      for (const arg of part.args) {
        if (arg.type === "keyword" || arg.type === "not") throw unsupported(CustomLogSourceErrors.fieldEqualsValue);
        if (arg.type !== "field") throw unsupported(CustomLogSourceErrors.singleNesting);
        leaves.push(arg);
      }
      const field = leaves[0]?.field ?? "";
      if (leaves.some((l) => l.field !== field)) throw unsupported(CustomLogSourceErrors.singleFieldOr);
      add(field, leaves);
    } else {
      // keywords, `neq` negations
      throw unsupported(CustomLogSourceErrors.fieldEqualsValue);
    }
  }
  return entries;
}

/** A looked-up or constant value of an entry and whether it must not match. */
interface Resolved {
  readonly values: readonly SigmaValue[];
  readonly negated: boolean;
}

/**
 * The values the rule's conditions compare `field` with. Undefined (entry skipped) when the field
 * does not occur, or occurs both under an odd and an even number of NOTs.
 */
function lookupField(rule: SigmaRule, field: string): Resolved | undefined {
  const found: Array<{ value: SigmaValue; negated: boolean }> = [];
  const walk = (tree: ConditionTree, negated: boolean): void => {
    switch (tree.type) {
      case "not":
        walk(tree.arg, !negated);
        break;
      case "and":
      case "or":
        for (const arg of tree.args) walk(arg, negated);
        break;
      case "field":
        if (tree.field === field) found.push({ value: tree.value, negated });
        break;
      case "keyword":
        break;
    }
  };
  for (const tree of ruleConditionTrees(rule)) walk(tree, false);
  if (found.length === 0) return undefined;
  const negated = found[0]?.negated ?? false;
  if (found.some((f) => f.negated !== negated)) return undefined;
  return { values: found.map((f) => f.value), negated };
}

/** Regex text of one value, unanchored (Loki anchors label matchers itself), and its flags. */
function valueRegex(value: SigmaValue): { regex: string; flags: readonly RegexFlag[] } {
  switch (value.type) {
    case "string":
      return { regex: sigmaStringToRegex(value, { escapedChars: PYTHON_RE_ESCAPED_CHARS }), flags: [] };
    case "number":
      return { regex: pythonReEscape(String(value.value)), flags: [] };
    case "regex":
      return { regex: value.pattern, flags: value.flags };
    default:
      throw unsupported(CustomLogSourceErrors.valueTypes);
  }
}

/** Text of a value that can be matched with `=`, or undefined when it needs a regex. */
function plainText(value: SigmaValue): string | undefined {
  if (value.type === "string" && isPlainSigmaString(value)) return sigmaStringPlainText(value);
  if (value.type === "number") return String(value.value);
  return undefined;
}

/** `label=`v``, or `label=~`re1|re2``; negated forms `!=` / `!~`. */
function renderEntry(label: string, { values, negated }: Resolved, caseInsensitive: boolean): string {
  // Checked first so that an unsupported type fails even where `=` would be used.
  const regexes = values.map(valueRegex);
  const only = values.length === 1 ? values[0] : undefined;
  const text = only && plainText(only);
  if (text !== undefined) return `${label}${negated ? "!=" : "="}${quoteLabelValue(text)}`;
  const flags = new Set<RegexFlag>(regexes.flatMap((r) => r.flags));
  if (caseInsensitive) flags.add("i");
  const prefix = flags.size > 0 ? `(?${[...flags].sort().join("")})` : "";
  const regex = prefix + regexes.map((r) => r.regex).join("|");
  return `${label}${negated ? "!~" : "=~"}${quoteLabelValue(regex)}`;
}

/** Values of an entry: the constants, or the rule's values for a `fieldref` entry. */
function resolveEntry(entry: Entry, rule: SigmaRule): Resolved | undefined {
  const refs = entry.leaves.filter((l) => l.value.type === "fieldref");
  if (refs.length === 0) return { values: entry.leaves.map((l) => l.value), negated: false };
  if (refs.length !== entry.leaves.length) throw unsupported(CustomLogSourceErrors.valueTypes);
  const lookups = refs.map((l) => (l.value.type === "fieldref" ? lookupField(rule, l.value.field) : undefined));
  if (lookups.some((l) => l === undefined)) return undefined;
  const found = lookups as Resolved[];
  const negated = found[0]?.negated ?? false;
  if (found.some((l) => l.negated !== negated)) return undefined;
  return { values: found.flatMap((l) => l.values), negated };
}

/**
 * Builds the stream selector `{label=`v`,…}` for one detection rule. Entries keep the selection's
 * order; label names are sanitised; a `fieldref` entry whose field does not occur in the rule (or
 * occurs both negated and not negated) is left out. Throws SigmaFeatureNotSupportedByBackendError
 * for selections that are not an AND of single-field value lists.
 */
export function customLogSourceSelector(rule: SigmaRule, options: CustomLogSourceOptions): string {
  const template = options.template ?? false;
  const selection = template ? substituted(options.selection, rule) : options.selection;
  const tree = detectionTree(parseDetection(selection));
  const parts: string[] = [];
  for (const entry of selectionEntries(tree)) {
    const resolved = resolveEntry(entry, rule);
    if (resolved) parts.push(renderEntry(sanitizeLabelKey(entry.field), resolved, options.caseInsensitive ?? false));
  }
  return `{${parts.join(",")}}`;
}
