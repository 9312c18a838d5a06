// README example (test/readme.test.ts checks that README.md shows exactly the lines below the marker).
// --- example ---
import { convertRules, loadPipeline } from "@sigma/loki-backend";

const rule = `title: Whoami
level: medium
logsource: { product: windows, service: sysmon }
detection: { sel: { EventID: 1, CommandLine|contains: whoami }, condition: sel }`;
const labels = loadPipeline("name: labels\npriority: 30\ntransformations:\n  - type: field_name_mapping\n    mapping: { CommandLine: cmdline }");
const pipelines = ["loki_promtail_sysmon", labels];
export const queries = convertRules(rule, { pipelines }).output; // ['{job=~"eventlog|…"} | json | … | logfmt | event_id=1 and cmdline=~`(?i).*whoami.*`']
export const ruler = convertRules(rule, { pipelines, format: "ruler" }).output; // Loki ruler YAML: groups: - name: Sigma rules …
