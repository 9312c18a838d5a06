/**
 * Output formats of the Loki backend (`ruler`, `grafana_alerting`) and the PyYAML-compatible
 * emitter they print with.
 * @packageDocumentation
 */
export { pyyamlDump, resolvesToNonString } from "./pyyaml.js";
export type { PyYamlDumpOptions, YamlValue } from "./pyyaml.js";
export { md5Hex } from "./md5.js";
export { sanitizeAlertName } from "./rule-meta.js";
export type { OutputEntry } from "./rule-meta.js";
export { rulerOutput } from "./ruler.js";
export {
  DEFAULT_GRAFANA_ALERTING_OPTIONS,
  grafanaAlertExpr,
  grafanaAlertingOutput,
} from "./grafana-alerting.js";
export type { GrafanaAlertingOptions } from "./grafana-alerting.js";
