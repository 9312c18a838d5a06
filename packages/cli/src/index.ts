/**
 * @sigma/cli — the `sigma` command. The programmatic entry point runs a command line and returns
 * the exit code (used by the tests and by wrappers).
 * @packageDocumentation
 */
export { main } from "./main.js";
export { PLUGIN_KEYWORD } from "./plugins.js";
export type { PluginObject } from "./plugins.js";
