/**
 * Checks of a packed package (a tarball's contents) before it may be published: what npm would
 * install must be complete and point only at files it ships.
 */
import type { Manifest } from "./workspace.js";

/** The contents of a tarball: its manifest and its files (paths relative to the package folder). */
export interface PackedPackage {
  readonly manifest: Manifest;
  readonly files: ReadonlySet<string>;
  /** A file's text, for the files in `files`. */
  readFile(path: string): string;
}

/** What an `exports`, `main`, `types` or `bin` entry may point at: built code, typings, JSON. */
const SHIPPED_ENTRY = /\.(?:c|m)?js$|\.d\.(?:c|m)?ts$|\.json$/;
const SOURCE_MAPPING_URL = /^\/\/# sourceMappingURL=(\S+)\s*$/m;

/** `./dist/x.js` → `dist/x.js`; other paths and URLs are kept. */
function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/^\.\//, "").split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

function dirname(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** Every string inside a JSON value, with its path (`exports › . › types`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) yield* strings(inner, `${path} › ${key}`);
  }
}

/** The entry points of the manifest: `exports` targets, `main`, `types`/`typings`, `bin`. */
function entryPoints(manifest: Manifest): [string, string][] {
  const fields = ["exports", "main", "types", "typings", "bin"] as const;
  return fields.flatMap((field) => [...strings(manifest[field], field)]);
}

function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const [path, value] of strings(manifest, "package.json")) {
    if (value.startsWith("workspace:")) problems.push(`${path} is "${value}": a workspace: range cannot be installed from a registry`);
  }
  const repository = manifest["repository"] as { url?: string; directory?: string } | undefined;
  if (!repository?.url || !repository.directory) problems.push("package.json: repository needs url and directory");
  for (const field of ["description", "license", "homepage", "bugs"]) {
    if (!manifest[field]) problems.push(`package.json: no ${field}`);
  }
  if (!(manifest["keywords"] as unknown[] | undefined)?.length) problems.push("package.json: no keywords");
  if (!(manifest["engines"] as { node?: string } | undefined)?.node) problems.push("package.json: no engines.node");
  if ((manifest["publishConfig"] as { access?: string } | undefined)?.access !== "public") {
    problems.push('package.json: publishConfig.access is not "public" (a scoped package is private by default)');
  }
  if ((manifest["exports"] as Record<string, unknown> | undefined)?.["./package.json"] !== "./package.json") {
    problems.push('package.json: exports has no "./package.json"');
  }
  return problems;
}

function entryProblems(pkg: PackedPackage): string[] {
  return entryPoints(pkg.manifest).flatMap(([path, target]) => {
    if (!SHIPPED_ENTRY.test(target)) return [`${path} points at ${target}, which is not built code, typings or JSON`];
    const file = normalise(target);
    return file === "package.json" || pkg.files.has(file) ? [] : [`${path} points at ${target}, which the tarball does not contain`];
  });
}

/** Source maps must be shipped with the sources they map to, and maps named by files must exist. */
function sourceMapProblems(pkg: PackedPackage): string[] {
  const problems: string[] = [];
  for (const file of pkg.files) {
    if (file.endsWith(".map")) {
      let map: { sources?: unknown; sourceRoot?: unknown };
      try {
        map = JSON.parse(pkg.readFile(file)) as typeof map;
      } catch {
        problems.push(`${file}: not a JSON source map`);
        continue;
      }
      const root = typeof map.sourceRoot === "string" ? map.sourceRoot : "";
      for (const source of Array.isArray(map.sources) ? map.sources : []) {
        const path = normalise(`${dirname(file)}/${root}${root && !root.endsWith("/") ? "/" : ""}${String(source)}`);
        if (!pkg.files.has(path)) problems.push(`${file}: maps to ${String(source)}, which the tarball does not contain`);
      }
    } else if (/\.(?:c|m)?js$|\.d\.(?:c|m)?ts$/.test(file)) {
      const url = SOURCE_MAPPING_URL.exec(pkg.readFile(file))?.[1];
      if (url && !url.startsWith("data:") && !pkg.files.has(normalise(`${dirname(file)}/${url}`))) {
        problems.push(`${file}: names the source map ${url}, which the tarball does not contain`);
      }
    }
  }
  return problems;
}

/**
 * What is wrong with a packed package: workspace: ranges, missing manifest fields, entry points
 * or source-map sources that are not in the tarball, a missing or different LICENSE, no README,
 * no CHANGELOG once the package has been versioned.
 */
export function packedPackageProblems(pkg: PackedPackage, licence: string): string[] {
  const problems = [...manifestProblems(pkg.manifest), ...entryProblems(pkg), ...sourceMapProblems(pkg)];
  if (!pkg.files.has("LICENSE")) problems.push("LICENSE: missing");
  else if (pkg.readFile("LICENSE") !== licence) problems.push("LICENSE: differs from the repository's LICENSE");
  if (!pkg.files.has("README.md")) problems.push("README.md: missing");
  if (pkg.manifest.version !== "0.0.0" && !pkg.files.has("CHANGELOG.md")) problems.push("CHANGELOG.md: missing");
  return problems;
}
