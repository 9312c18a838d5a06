/**
 * `@sigma/loki-backend/core`: everything of `@sigma/core` (the rule model, parsing, values,
 * conditions), for tools that work on rules themselves.
 * @packageDocumentation
 */
export * from "@sigma/core";
