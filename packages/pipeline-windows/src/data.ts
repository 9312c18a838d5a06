/** The tables of pySigma-pipeline-windows 1.2.0, in item order. */

/** A PowerShell category: the service it is changed to and the EventID it adds. */
export interface WindowsCategoryChannelRow {
  readonly category: string;
  readonly service: string;
  readonly eventId: number;
}

/** `windows_generic_category_channel_mapping` (5 rows). */
export const windowsGenericCategoryChannelMapping: readonly WindowsCategoryChannelRow[] = [
  { category: "ps_module", service: "powershell", eventId: 4103 },
  { category: "ps_script", service: "powershell", eventId: 4104 },
  { category: "ps_classic_start", service: "powershell-classic", eventId: 400 },
  { category: "ps_classic_provider_start", service: "powershell-classic", eventId: 600 },
  { category: "ps_classic_script", service: "powershell-classic", eventId: 800 },
];

/** A value of an added condition: a number or string, or a list of them (OR-linked). */
export type ConditionValue = string | number | readonly (string | number)[];

/** A generic category and the Security audit conditions (keys AND-linked) that stand for it. */
export interface WindowsAuditEventRow {
  readonly category: string;
  readonly conditions: Readonly<Record<string, ConditionValue>>;
}

/** `generic_logsource_to_windows_audit_event_mapping` (4 rows). */
export const genericLogsourceToWindowsAuditEventMapping: readonly WindowsAuditEventRow[] = [
  { category: "process_creation", conditions: { EventID: 4688 } },
  {
    category: "registry_event",
    conditions: { EventID: 4657, OperationType: ["New registry value created", "Existing registry value modified"] },
  },
  { category: "registry_set", conditions: { EventID: 4657, OperationType: "Existing registry value modified" } },
  { category: "registry_add", conditions: { EventID: 4657, OperationType: "New registry value created" } },
];

/** Field renames of `windows_audit_fieldmappings` (Sigma field → Windows audit field). */
export const windowsAuditFieldMapping: Readonly<Record<string, string>> = {
  Image: "NewProcessName",
  ParentImage: "ParentProcessName",
  Details: "NewValue",
  LogonId: "SubjectLogonId",
};
