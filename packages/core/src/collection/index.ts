/** Sigma collections: multi-document sources, actions, references and filters. */
export {
  parseCollection,
  loadCollection,
  mergeCollections,
  resolveCollection,
  collectionErrors,
} from "./collection.js";
export type { SigmaCollection, CollectionOptions, CollectionSource, ParseOptions } from "./collection.js";
export { applyFilter, filterPrefix, filterTargets, logSourceMatches, prefixCondition } from "./filters.js";
export { deepMerge } from "./merge.js";
