/** Validators of rule metadata: identifiers, titles, file names, references, custom attributes. */
import type { AnyRule } from "../rules.js";
import { issue, perRule, ValidationConfigError } from "./types.js";
import type { IssueKind, ValidationIssue, ValidatorDefinition } from "./types.js";

const IDENTIFIER_EXISTENCE = { type: "IdentifierExistenceIssue", severity: "medium", description: "Rule has no identifier (UUID)" } as const;
const IDENTIFIER_COLLISION = { type: "IdentifierCollisionIssue", severity: "high", description: "Rule identifier used by multiple rules" } as const;
const DUPLICATE_TITLE = { type: "DuplicateTitleIssue", severity: "high", description: "Rule title used by multiple rules" } as const;
const DUPLICATE_FILENAME = { type: "DuplicateFilenameIssue", severity: "high", description: "Rule filename used by multiple rules" } as const;
const FILENAME_LENGTH = { type: "FilenameLengthIssue", severity: "high", description: "Rule filename is too short or long" } as const;
const DUPLICATE_REFERENCES = { type: "DuplicateReferencesIssue", severity: "medium", description: "The same references appears multiple times" } as const;
const CUSTOM_ATTRIBUTES = { type: "CustomAttributesIssue", severity: "medium", description: "Rule use optional field name similar to legit" } as const;

/** Misspellings of standard attributes that pySigma looks for. */
const MISSPELT_ATTRIBUTES = new Set(["realted", "relatde", "relted", "rlated", "reference"]);

/** The file name of a rule's source; none for rules without a file (`<stdin>` is how the CLI names standard input). */
function fileName(rule: AnyRule): { path: string; name: string } | undefined {
  const path = rule.source?.path;
  if (path === undefined || path === "<stdin>") return undefined;
  return { path, name: path.split(/[\\/]/).pop() ?? path };
}

/**
 * A validator that groups rules by a key and, at the end, reports each key that several rules
 * share (several files, for file names: the documents of one file do not collide).
 */
function collisions(
  name: string,
  description: string,
  kind: IssueKind,
  field: string,
  key: (rule: AnyRule) => string | undefined,
  /** What counts as one place (default: the rule itself). */
  origin: (rule: AnyRule) => unknown = (rule) => rule,
): ValidatorDefinition {
  return {
    name,
    description,
    create: () => {
      const groups = new Map<string, { rules: AnyRule[]; origins: Set<unknown> }>();
      return {
        validate(rule) {
          const k = key(rule);
          if (k === undefined) return [];
          const group = groups.get(k) ?? { rules: [], origins: new Set<unknown>() };
          group.rules.push(rule);
          group.origins.add(origin(rule));
          groups.set(k, group);
          return [];
        },
        finalize() {
          return [...groups].filter(([, g]) => g.origins.size > 1).map(([k, g]) => issue(kind, g.rules, { [field]: k }));
        },
      };
    },
  };
}

function sizeSetting(config: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const value = config[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValidationConfigError(`Configuration for validator 'filename_length': '${name}' must be a whole number, not ${JSON.stringify(value)}.`);
  }
  return value;
}

export const metadataValidators: ValidatorDefinition[] = [
  perRule("identifier_existence", "Checks that a rule has an identifier.", (rule) =>
    rule.id === undefined ? [issue(IDENTIFIER_EXISTENCE, rule)] : [],
  ),
  // Identifiers are UUIDs: compared case-insensitively, reported in lower case.
  collisions("identifier_uniqueness", "Checks that rule identifiers are unique.", IDENTIFIER_COLLISION, "identifier", (r) => r.id?.toLowerCase()),
  collisions("duplicate_title", "Checks that rule titles are unique.", DUPLICATE_TITLE, "title", (r) => r.title),
  collisions("duplicate_filename", "Checks that rule file names are unique (in different files).", DUPLICATE_FILENAME, "filename",
    (r) => fileName(r)?.name, (r) => fileName(r)?.path),
  {
    name: "filename_length",
    description: "Checks that rule file names are 10 to 90 characters long (settings min_size, max_size).",
    create: (config) => {
      const min = sizeSetting(config, "min_size", 10);
      const max = sizeSetting(config, "max_size", 90);
      return {
        validate(rule): ValidationIssue[] {
          const file = fileName(rule);
          return file && (file.name.length < min || file.name.length > max) ? [issue(FILENAME_LENGTH, rule, { filename: file.name })] : [];
        },
      };
    },
  },
  perRule("duplicate_references", "Checks for references listed more than once.", (rule) => {
    const counts = new Map<string, number>();
    for (const r of rule.references) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([r]) => issue(DUPLICATE_REFERENCES, rule, { reference: r }));
  }),
  perRule("custom_attributes", "Checks for custom attributes that are misspelt standard attributes (realted, reference, …).", (rule) => {
    const key = Object.keys(rule.customAttributes).find((k) => MISSPELT_ATTRIBUTES.has(k));
    return key === undefined ? [] : [issue(CUSTOM_ATTRIBUTES, rule, { fieldname: key })];
  }),
];
