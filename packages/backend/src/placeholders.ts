/**
 * The check every backend makes before writing a string: a `%name%` placeholder left by the
 * `expand` modifier was meant to be replaced by a processing pipeline, and searching for the
 * literal `%name%` would silently match nothing.
 */
import { SigmaPlaceholderError, isPlaceholderPart } from "@sigma/core";
import type { SigmaStringValue, SourceLocation } from "@sigma/core";

/**
 * Throws for a string that still holds a placeholder.
 *
 * @throws SigmaPlaceholderError "Attempt to convert unhandled placeholder 'x' into query. …"
 */
export function assertNoPlaceholder(value: SigmaStringValue, location?: SourceLocation): void {
  for (const part of value.parts) {
    if (isPlaceholderPart(part)) {
      throw new SigmaPlaceholderError(
        `Attempt to convert unhandled placeholder '${part.name}' into query. ` +
          "Add a processing pipeline that replaces it (e.g. value_placeholders).",
        location,
      );
    }
  }
}
