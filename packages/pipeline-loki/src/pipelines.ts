/**
 * The pipelines shipped with the Loki backend, as plain pipeline data: all priority 20 and only
 * for the `loki` backend.
 */
import { LokiCustomAttributes } from "./attributes.js";
import { oktaFieldMapping } from "./okta.js";
import { createRegistry, definePipeline } from "@sigma/processing";
import type { PipelineDefinition, ProcessingPipeline, RuleConditionSpec } from "@sigma/processing";
import { lokiTransformations } from "./transformations.js";

const backticks = (text: string) => `\`${text}\``;
// Escapes `\` and `"` of the message so that the logfmt text built next stays parseable.
const escapeMessage = String.raw`{{ .message | replace "\\" "\\\\" | replace "\"" "\\\"" }}`;
// `Key: value` lines (CRLF-separated) → `Key="value" ` pairs.
const linesToLogfmt =
  String.raw`{{ regexReplaceAll "([^:]+): ?((?:[^\\r]*|$))(\r\n|$)" .Message "` + '${1}=\\"${2}\\" "}}';
/**
 * The `loki_parser` of `loki_promtail_sysmon`: promtail ships Windows events as JSON whose
 * `message` holds Sysmon's `Key: value` lines; this turns them into logfmt and parses them.
 */
export const PROMTAIL_SYSMON_PARSER = [
  "json",
  `label_format Message=${backticks(escapeMessage)}`,
  `line_format ${backticks(linesToLogfmt)}`,
  "logfmt",
].join(" | ");

const lokiOnly = () => ["loki"];

/** Builds a definition with the built-in types plus Loki's. */
function build(definition: PipelineDefinition): ProcessingPipeline {
  return definePipeline(definition, { registry: createRegistry({ name: "loki", transformations: lokiTransformations }) });
}

/** `loki_grafana_logfmt`: field names of Grafana's own logfmt logs (no conditions: every rule). */
export function lokiGrafanaLogfmtDefinition(): PipelineDefinition {
  return {
    name: "Loki Grafana logfmt field names",
    priority: 20,
    allowed_backends: lokiOnly(),
    transformations: [
      {
        id: "loki_grafana_field_mapping",
        type: "field_name_mapping",
        mapping: {
          ClientIP: "remote_addr",
          Endpoint: "path",
          User: "uname",
          "c-ip": "remote_addr",
          "c-uri": "path",
          "cs-uri-query": "path",
          client_ip: "remote_addr",
          "cs-method": "method",
          "sc-status": "status",
        },
      },
    ],
  };
}

/**
 * `loki_promtail_sysmon`: promtail's Windows event field names for Windows rules, and the Sysmon
 * message parser for `product: windows, service: sysmon`. Combine with the generic `sysmon` pipeline.
 */
export function lokiPromtailSysmonDefinition(): PipelineDefinition {
  return {
    name: "Loki Promtail Windows Sysmon Message Parser",
    priority: 20,
    allowed_backends: lokiOnly(),
    transformations: [
      {
        id: "loki_promtail_sysmon_field_mapping",
        type: "field_name_mapping",
        mapping: {
          Source: "source",
          Channel: "channel",
          Computer: "computer",
          EventID: "event_id",
          Version: "version",
          Level: "level",
          Task: "task",
          Opcode: "opCode",
          LevelText: "levelText",
          TaskText: "taskText",
          OpcodeText: "opCodeText",
          Keywords: "keywords",
          TimeCreated: "timeCreated",
          EventRecordID: "eventRecordID",
          Correlation: "correlation",
          Execution: "execution",
          Security: "security",
          UserData: "user_data",
          EventData: "event_data",
          Message: "message",
        },
        rule_conditions: [{ type: "logsource", product: "windows" }],
      },
      {
        id: "loki_promtail_sysmon_parser",
        type: "set_custom_attribute",
        attribute: LokiCustomAttributes.PARSER,
        value: PROMTAIL_SYSMON_PARSER,
        rule_conditions: [{ type: "logsource", product: "windows", service: "sysmon" }],
      },
    ],
  };
}

/**
 * `loki_okta_system_log`: for `product: okta, service: okta`, parse JSON, restore the camelCase of
 * 38 Okta fields and prefix every field with `event_` (Okta events sit in a top-level `event`).
 */
export function lokiOktaSystemLogDefinition(): PipelineDefinition {
  const okta = (): RuleConditionSpec[] => [{ type: "logsource", product: "okta", service: "okta" }];
  return {
    name: "Loki Okta System Log json",
    priority: 20,
    allowed_backends: lokiOnly(),
    transformations: [
      {
        id: "loki_okta_event_json_formatter",
        type: "set_custom_attribute",
        attribute: LokiCustomAttributes.PARSER,
        value: "json",
        rule_conditions: okta(),
      },
      {
        id: "loki_okta_field_name_mapping",
        type: "field_name_mapping",
        mapping: oktaFieldMapping(),
        rule_conditions: okta(),
      },
      {
        id: "loki_okta_field_event_prefix",
        type: "field_name_prefix",
        prefix: "event_",
        rule_conditions: okta(),
      },
    ],
  };
}

/** The `loki_grafana_logfmt` pipeline, built. */
export function lokiGrafanaLogfmt(): ProcessingPipeline {
  return build(lokiGrafanaLogfmtDefinition());
}

/** The `loki_promtail_sysmon` pipeline, built. */
export function lokiPromtailSysmon(): ProcessingPipeline {
  return build(lokiPromtailSysmonDefinition());
}

/** The `loki_okta_system_log` pipeline, built. */
export function lokiOktaSystemLog(): ProcessingPipeline {
  return build(lokiOktaSystemLogDefinition());
}

/** Alias of {@link lokiGrafanaLogfmt}, also registered as `loki_log_parser` (the original README's name). */
export const lokiLogParser = lokiGrafanaLogfmt;
/** Alias of {@link lokiPromtailSysmon}, also registered as `loki_promtail_sysmon_message`. */
export const lokiPromtailSysmonMessage = lokiPromtailSysmon;
