/**
 * What click checks while it parses a command line, shared by the commands: paths that must
 * exist, the INPUT... argument, INTEGER options. Each failure is a usage error of the command.
 */
import { stat } from "node:fs/promises";
import { UsageError } from "./errors.js";

/**
 * Checks that every path exists (`-`, standard input, always does).
 * @throws UsageError naming the option or argument, e.g. `--filter` or `INPUT...`
 */
export async function checkPathsExist(paths: readonly string[], name: string, command: string): Promise<void> {
  for (const path of paths) {
    if (path !== "-" && !(await stat(path).then(() => true, () => false))) {
      throw new UsageError(`Invalid value for '${name}': Path '${path}' does not exist.`, command);
    }
  }
}

/**
 * Checks the INPUT... argument: at least one path, each existing.
 * @throws UsageError
 */
export async function checkInputs(inputs: readonly string[], command: string): Promise<void> {
  if (inputs.length === 0) throw new UsageError("Missing argument 'INPUT...'.", command);
  await checkPathsExist(inputs, "INPUT...", command);
}

/**
 * The value of a click INTEGER option; `option` as click names it, e.g. `--json-indent' / '-j`.
 * @throws UsageError
 */
export function integerOption(value: string, option: string, command: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(value)) throw new UsageError(`Invalid value for '${option}': '${value}' is not a valid integer.`, command);
  return Number(value);
}
