/**
 * `{name}` templates as used by text backends (Python `str.format` subset: named fields, dotted
 * names such as `{state.index}`, `{{`/`}}` for literal braces).
 */
import { SigmaBackendError } from "@sigma/core";

/** Values for a template's `{name}` fields. */
export type TemplateValues = Readonly<Record<string, string | number>>;

/**
 * Fills `{name}` fields of a template.
 *
 * @throws SigmaBackendError when the template names a field that has no value (a backend bug).
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_.]*)\}/g, (match, name: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    const value = values[name as string];
    if (value === undefined) {
      throw new SigmaBackendError(
        `Template '${template}' uses {${name}}, which is not available here; available: ${Object.keys(values).join(", ")}`,
      );
    }
    return String(value);
  });
}
