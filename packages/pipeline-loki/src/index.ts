/**
 * @sigma/pipeline-loki — Grafana Loki's processing pieces: the custom attribute names the Loki
 * backend reads, the `set_custom_attribute` and `set_custom_log_source` transformations, the
 * pipelines `loki_grafana_logfmt`, `loki_promtail_sysmon` and `loki_okta_system_log`, and Loki's
 * label-name and label-value rules.
 * @packageDocumentation
 */
import type { ProcessingPlugin } from "@sigma/processing";
import { lokiGrafanaLogfmt, lokiOktaSystemLog, lokiPromtailSysmon } from "./pipelines.js";
import { lokiTransformations } from "./transformations.js";

export { LokiCustomAttributes, type LokiCustomAttribute } from "./attributes.js";
export { doubleQuoteString, pythonStrip, quoteLabelValue, sanitizeLabelKey } from "./labels.js";
export { oktaFieldMapping, oktaLogEventFields } from "./okta.js";
export {
  PROMTAIL_SYSMON_PARSER,
  lokiGrafanaLogfmt,
  lokiGrafanaLogfmtDefinition,
  lokiLogParser,
  lokiOktaSystemLog,
  lokiOktaSystemLogDefinition,
  lokiPromtailSysmon,
  lokiPromtailSysmonDefinition,
  lokiPromtailSysmonMessage,
} from "./pipelines.js";
export { CustomLogSourceErrors, customLogSourceSelector, type CustomLogSourceOptions } from "./selector.js";
export { substituteLogsource } from "./template.js";
export {
  lokiTransformations,
  setCustomAttribute,
  setCustomAttributeDefinition,
  setCustomLogSource,
  setCustomLogSourceDefinition,
  type LokiTransformation,
  type SetCustomLogSourceParams,
} from "./transformations.js";

/**
 * The plugin: the three pipelines under their registered names, plus the aliases users know from
 * the original README (`loki_log_parser`, `loki_promtail_sysmon_message`), and the two
 * transformation types.
 */
const plugin = {
  name: "loki",
  pipelines: {
    loki_grafana_logfmt: lokiGrafanaLogfmt,
    loki_promtail_sysmon: lokiPromtailSysmon,
    loki_okta_system_log: lokiOktaSystemLog,
    loki_log_parser: lokiGrafanaLogfmt,
    loki_promtail_sysmon_message: lokiPromtailSysmon,
  },
  transformations: lokiTransformations,
} satisfies ProcessingPlugin;

export default plugin;
