/**
 * `import()` of a module URL (plugins). Its own module because the CLI bundle runs inside a
 * `vm.Script`, where `import()` does not work: scripts/bundle.mjs replaces this module with one
 * that calls the importer the bundle's loader passes in (src/bundle-loader.ts).
 */
export const importModule = (url: string): Promise<unknown> => import(url);
