/**
 * The item generator of pySigma's `generate_windows_logsource_items`: one `add_condition` item per
 * Windows service, conditioned on `product: windows, service: <service>`.
 */
import type { TransformationSpec } from "@sigma/processing";
import { windowsLogsourceMapping, type WindowsServiceChannel } from "./channels.js";

/** Templates of the generated items; `{service}` and `{source}` (the channel) are filled in. */
export interface WindowsLogsourceItemsOptions {
  /** Field of the added condition. Default `Channel`. */
  readonly fieldTemplate?: string;
  /** Value of the added condition, once per channel. Default `{source}`. */
  readonly valueTemplate?: string;
  /** Item identifier. Default `windows_logsource_{service}`. */
  readonly idTemplate?: string;
  /** The service → channel table. Default pySigma's {@link windowsLogsourceMapping}. */
  readonly mapping?: readonly WindowsServiceChannel[];
}

/** Fills `{service}` and `{source}` in a template (the subset of Python `str.format` used here). */
function fill(template: string, service: string, source: string): string {
  return template.replace(/\{(service|source)\}/g, (_, name: string) => (name === "service" ? service : source));
}

/** One `add_condition` item per service of the mapping, in table order. */
export function generateWindowsLogsourceItems(options: WindowsLogsourceItemsOptions = {}): TransformationSpec[] {
  const {
    fieldTemplate = "Channel",
    valueTemplate = "{source}",
    idTemplate = "windows_logsource_{service}",
    mapping = windowsLogsourceMapping,
  } = options;
  return mapping.map(({ service, channel }): TransformationSpec => {
    const firstSource = typeof channel === "string" ? channel : (channel[0] ?? "");
    const value =
      typeof channel === "string"
        ? fill(valueTemplate, service, channel)
        : channel.map((source) => fill(valueTemplate, service, source));
    return {
      id: fill(idTemplate, service, firstSource),
      type: "add_condition",
      conditions: { [fill(fieldTemplate, service, firstSource)]: value },
      rule_conditions: [{ type: "logsource", product: "windows", service }],
    };
  });
}
