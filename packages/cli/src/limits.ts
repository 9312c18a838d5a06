/**
 * `--limit name=value`: overrides of the YAML limits of @sigma/core (`maxFileSize`,
 * `maxDocuments`, `maxDepth`, `maxValueLength`, `maxNodes`, `maxAliasExpansion`, `maxAliasCharacters`,
 * `maxValues`).
 */
import { UsageError } from "./errors.js";

/** The overrides given on the command line, checked against the known limit names. */
export function parseLimits(
  specs: readonly string[] | undefined,
  defaults: Readonly<Record<string, number>>,
  commandPath: string,
): Record<string, number> | undefined {
  if (!specs || specs.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const name = eq < 0 ? spec : spec.slice(0, eq).trim();
    const text = eq < 0 ? "" : spec.slice(eq + 1).trim();
    if (!Object.prototype.hasOwnProperty.call(defaults, name)) {
      throw new UsageError(
        `Invalid value for '--limit': unknown limit '${name}'; use one of ${Object.keys(defaults).join(", ")}.`,
        commandPath,
      );
    }
    const value = Number(text.replace(/_/g, ""));
    if (!/^[0-9][0-9_]*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
      throw new UsageError(`Invalid value for '--limit': '${spec}' needs a whole number >= 1, as in ${name}=${defaults[name]}.`, commandPath);
    }
    out[name] = value;
  }
  return out;
}
