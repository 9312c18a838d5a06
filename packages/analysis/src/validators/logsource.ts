/** Validators of log sources: unknown log source fields, specific event IDs where a generic log source exists. */
import type { LogSource } from "@sigma/core";
import { detectionItems } from "../rules.js";
import { issue, perRule } from "./types.js";
import type { ValidatorDefinition } from "./types.js";

const SPECIFIC_LOGSOURCE = {
  type: "SpecificInsteadOfGenericLogsourceIssue",
  severity: "high",
  description: "Usage of specific instead of generic log source",
} as const;
const FIELDNAME_LOGSOURCE = { type: "FieldnameLogsourceIssue", severity: "high", description: "Usage of invalid field name in the log source" } as const;

/**
 * Specific log sources (product and service) whose event IDs have a generic category, as in
 * pySigma (where a later entry for the same ID wins: 12–14 map to `registry_event`, 26 to
 * `file_delete_detected`).
 */
const GENERIC_CATEGORIES: readonly { product: string; service: string; categories: Readonly<Record<number, string>> }[] = [
  {
    product: "windows",
    service: "sysmon",
    categories: {
      1: "process_creation", 2: "file_change", 3: "network_connection", 4: "sysmon_status", 5: "process_termination",
      6: "driver_load", 7: "image_load", 8: "create_remote_thread", 9: "raw_access_thread", 10: "process_access",
      11: "file_event", 12: "registry_event", 13: "registry_event", 14: "registry_event", 15: "create_stream_hash",
      16: "sysmon_status", 17: "pipe_created", 18: "pipe_created", 19: "wmi_event", 20: "wmi_event", 21: "wmi_event",
      22: "dns_query", 23: "file_delete", 24: "clipboard_change", 25: "process_tampering", 26: "file_delete_detected",
      27: "file_block_executable", 28: "file_block_shredding", 29: "file_executable_detected", 255: "sysmon_error",
    },
  },
  { product: "windows", service: "security", categories: { 4688: "process_creation" } },
];

/** A log source as `category|product|service` parts that are set, e.g. `product=windows service=sysmon`. */
function logsourceText(logsource: Pick<LogSource, "category" | "product" | "service">): string {
  return (["category", "product", "service"] as const)
    .flatMap((k) => (logsource[k] === undefined ? [] : [`${k}=${logsource[k]}`]))
    .join(" ");
}

export const logsourceValidators: ValidatorDefinition[] = [
  perRule("fieldname_logsource", "Finds log source fields other than category, product, service and definition.", (rule) =>
    rule.kind === "rule" ? Object.keys(rule.logsource.custom).map((name) => issue(FIELDNAME_LOGSOURCE, rule, { fieldname: name })) : [],
  ),
  perRule("specific_instead_of_generic_logsource", "Finds Windows event IDs (Sysmon, Security 4688) where a generic log source category exists.", (rule) => {
    if (rule.kind !== "rule") return [];
    const specific = GENERIC_CATEGORIES.find((s) => rule.logsource.product === s.product && rule.logsource.service === s.service);
    if (!specific) return [];
    return detectionItems(rule).flatMap(({ item }) =>
      item.field !== "EventID"
        ? []
        : item.values.flatMap((v) => {
            const category = v.type === "number" ? specific.categories[v.value] : undefined;
            return category === undefined || v.type !== "number"
              ? []
              : [issue(SPECIFIC_LOGSOURCE, rule, {
                  logsource: logsourceText({ product: specific.product, service: specific.service }),
                  event_id: String(v.value),
                  generic_logsource: logsourceText({ category }),
                })];
          }),
    );
  }),
];
