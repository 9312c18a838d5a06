/** Validators of rule metadata: identifiers, titles, file names, references, attributes, log sources. */
import { basename } from "node:path";
import type { ConvertibleRule } from "../engine.js";
import { closeMatches } from "../suggest.js";
import { issue, perRule } from "./types.js";
import type { Issue, ValidatorDefinition } from "./types.js";
import { detectionItems, itemValues } from "./walk.js";

/** A validator that groups rules by a key and reports keys shared by several rules. */
function duplicates(
  name: string,
  description: string,
  type: string,
  severity: Issue["severity"],
  text: string,
  field: string,
  key: (rule: ConvertibleRule) => string | undefined,
): ValidatorDefinition {
  return {
    name,
    description,
    create: () => {
      const seen = new Map<string, ConvertibleRule[]>();
      return {
        validate(rule) {
          const k = key(rule);
          if (k !== undefined) seen.set(k, [...(seen.get(k) ?? []), rule]);
          return [];
        },
        finalize() {
          return [...seen].filter(([, rules]) => rules.length > 1).map(([k, rules]) => issue(type, severity, text, rules, { [field]: k }));
        },
      };
    },
  };
}

const STANDARD_ATTRIBUTES = [
  "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
  "fields", "falsepositives", "scope", "date", "modified", "level", "tags", "logsource", "detection", "correlation", "generate",
];

/** Sysmon EventID → the generic log source category that should be used instead. */
const SYSMON_CATEGORIES: Record<number, string> = {
  1: "process_creation", 2: "file_change", 3: "network_connection", 5: "process_termination", 6: "driver_load",
  7: "image_load", 8: "create_remote_thread", 9: "raw_access_thread", 10: "process_access", 11: "file_event",
  12: "registry_add", 13: "registry_set", 14: "registry_rename", 15: "create_stream_hash", 17: "pipe_created",
  18: "pipe_created", 19: "wmi_event", 20: "wmi_event", 21: "wmi_event", 22: "dns_query", 23: "file_delete",
  24: "clipboard_capture", 25: "process_tampering", 26: "file_delete_detected", 27: "file_block_executable",
  28: "file_block_shredding", 29: "file_executable_detected",
};

export const metadataValidators: ValidatorDefinition[] = [
  perRule("identifier_existence", "Checks that a rule has an identifier.", (rule) =>
    rule.id === undefined ? [issue("IdentifierExistenceIssue", "medium", "Rule has no identifier (UUID)", rule)] : [],
  ),
  duplicates("identifier_uniqueness", "Checks that rule identifiers are unique.", "IdentifierCollisionIssue", "high",
    "Rule identifier used by multiple rules", "identifier", (r) => r.id),
  duplicates("duplicate_title", "Checks that rule titles are unique.", "DuplicateTitleIssue", "medium",
    "Rule title used by multiple rules", "title", (r) => r.title),
  duplicates("duplicate_filename", "Checks that rule file names are unique.", "DuplicateFilenameIssue", "medium",
    "Rule filename used by multiple rules", "filename", (r) => (r.source?.path ? basename(r.source.path) : undefined)),
  perRule("filename_length", "Checks that rule file names are between 10 and 90 characters long.", (rule, config) => {
    const path = rule.source?.path;
    if (!path || path === "<stdin>") return [];
    const min = typeof config["min_size"] === "number" ? config["min_size"] : 10;
    const max = typeof config["max_size"] === "number" ? config["max_size"] : 90;
    const name = basename(path);
    return name.length < min || name.length > max
      ? [issue("FilenameLengthIssue", "medium", `Rule filename is too short or long (allowed ${min} to ${max} characters)`, rule, { filename: name })]
      : [];
  }),
  perRule("duplicate_references", "Checks for references listed more than once.", (rule) => {
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const r of rule.references) (seen.has(r) ? dup : seen).add(r);
    return [...dup].map((r) => issue("DuplicateReferencesIssue", "low", "The same reference appears multiple times", rule, { reference: r }));
  }),
  perRule("custom_attributes", "Checks for custom attributes that look like misspelt standard attributes.", (rule) =>
    Object.keys(rule.customAttributes).flatMap((key) => {
      const match = closeMatches(key, STANDARD_ATTRIBUTES, 1, 0.8)[0];
      return match && match !== key
        ? [issue("CustomAttributesIssue", "medium", "Rule uses a custom attribute that looks like a misspelt standard attribute", rule, { attribute: key, suggestion: match })]
        : [];
    }),
  ),
  perRule("specific_instead_of_generic_logsource", "Checks for Sysmon EventIDs where a generic log source category exists.", (rule) => {
    if (rule.kind !== "rule" || rule.logsource.service !== "sysmon" || rule.logsource.category !== undefined) return [];
    const out: Issue[] = [];
    for (const { item } of detectionItems(rule)) {
      if (item.field !== "EventID") continue;
      for (const v of itemValues(item)) {
        const category = v.type === "number" ? SYSMON_CATEGORIES[v.value] : undefined;
        if (category) {
          out.push(issue("SpecificInsteadOfGenericLogsourceIssue", "low", "Usage of specific logsource instead of generic one", rule,
            { event_id: String((v as { value: number }).value), generic_logsource: `category: ${category}` }));
        }
      }
    }
    return out;
  }),
  perRule("fieldname_logsource", "Checks for field names that are not valid identifiers (spaces, control characters).", (rule) =>
    detectionItems(rule)
      .filter(({ item }) => item.field !== null && /[\s\x00-\x1f]/.test(item.field))
      .map(({ item }) => issue("InvalidFieldnameIssue", "medium", "Field name contains whitespace or control characters", rule, { field: item.field ?? "" })),
  ),
];
