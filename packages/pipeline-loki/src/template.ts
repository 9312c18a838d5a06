/** `$category`, `$product` and `$service` in selector values (Python `string.Template.safe_substitute`). */
import type { LogSource } from "@sigma/core";

const PLACEHOLDER = /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\})/g;

/**
 * Substitutes `$category`, `$product`, `$service` (also `${name}`) from the log source; `$$` is a
 * literal `$` and other names stay as written. A field the log source lacks becomes `None`, as in
 * the reference (Python's `str(None)`).
 */
export function substituteLogsource(text: string, logsource: LogSource): string {
  const fields: Record<string, string | undefined> = {
    category: logsource.category,
    product: logsource.product,
    service: logsource.service,
  };
  return text.replace(PLACEHOLDER, (whole, dollar: string | undefined, name?: string, braced?: string) => {
    if (dollar !== undefined) return "$";
    const key = name ?? braced ?? "";
    if (!(key in fields)) return whole;
    return fields[key] ?? "None";
  });
}
