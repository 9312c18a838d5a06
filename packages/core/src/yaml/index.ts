/** YAML reading with YAML 1.1 scalar rules, locations and limits. */
export { loadYaml } from "./load.js";
export type { YamlDocument, YamlLoadOptions, YamlSource } from "./load.js";
export { YamlLocations } from "./locations.js";
export type { KeyLocation } from "./locations.js";
export { DEFAULT_YAML_LIMITS, resolveLimits } from "./limits.js";
export type { YamlLimits } from "./limits.js";
export { decodeUtf8 } from "./decode.js";
