/**
 * The table of pySigma-pipeline-sysmon 2.0.0: generic log source category → Sysmon EventID(s),
 * in processing item order. A list of ids becomes one OR-linked detection item.
 */

/** One row: a generic `category` and the Sysmon EventID (or the OR-ed EventIDs) that stand for it. */
export interface SysmonCategoryRow {
  readonly category: string;
  readonly eventId: number | readonly number[];
}

/** All 28 rows, in the order their processing items appear in the `sysmon` pipeline. */
export const sysmonCategoryEventIds: readonly SysmonCategoryRow[] = [
  { category: "process_creation", eventId: 1 },
  { category: "file_change", eventId: 2 },
  { category: "network_connection", eventId: 3 },
  { category: "sysmon_status", eventId: [4, 16] },
  { category: "process_termination", eventId: 5 },
  { category: "driver_load", eventId: 6 },
  { category: "image_load", eventId: 7 },
  { category: "create_remote_thread", eventId: 8 },
  { category: "raw_access_thread", eventId: 9 },
  { category: "process_access", eventId: 10 },
  { category: "file_event", eventId: 11 },
  { category: "registry_add", eventId: 12 },
  { category: "registry_delete", eventId: 12 },
  { category: "registry_set", eventId: 13 },
  { category: "registry_rename", eventId: 14 },
  { category: "registry_event", eventId: [12, 13, 14] },
  { category: "create_stream_hash", eventId: 15 },
  { category: "pipe_created", eventId: [17, 18] },
  { category: "wmi_event", eventId: [19, 20, 21] },
  { category: "dns_query", eventId: 22 },
  { category: "file_delete", eventId: 23 },
  { category: "clipboard_capture", eventId: 24 },
  { category: "process_tampering", eventId: 25 },
  { category: "file_delete_detected", eventId: 26 },
  { category: "file_block_executable", eventId: 27 },
  { category: "file_block_shredding", eventId: 28 },
  { category: "file_executable_detected", eventId: 29 },
  { category: "sysmon_error", eventId: 255 },
];
