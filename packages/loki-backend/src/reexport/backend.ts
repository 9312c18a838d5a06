/**
 * `@sigma/loki-backend/backend`: everything of `@sigma/backend`, for backend authors (the
 * `Backend` contract, the text-query base, the negation normaliser, deferred parts).
 * @packageDocumentation
 */
export * from "@sigma/backend";
