/**
 * `@sigma/loki-backend/processing`: everything of `@sigma/processing`, for pipeline authors
 * (`definePipeline`, transformations, conditions, the registry).
 * @packageDocumentation
 */
export * from "@sigma/processing";
