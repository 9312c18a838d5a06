/**
 * The fields every publishable manifest shares, made from the root package.json (see
 * ../manifests.ts).
 */
import type { Manifest, PublishablePackage } from "./workspace.js";

/** The branch whose tree the homepages show. */
const HOME_BRANCH = "main";
/** The workspace-only export condition dropped from published manifests. */
const WORKSPACE_CONDITION = "source";

interface RootFields {
  repository: { type: string; url: string };
  bugs: { url: string };
  license: string;
  engines: { node: string };
}

function rootFields(root: Manifest): RootFields {
  const { repository, bugs, license, engines } = root as Partial<RootFields>;
  if (!repository?.url || !bugs?.url || !license || !engines?.node) {
    throw new Error("package.json (root): needs repository.url, bugs.url, license and engines.node; the packages' manifests are made from them");
  }
  return { repository, bugs, license, engines };
}

/** The browsable URL of a git URL: git+https://host/o/r.git → https://host/o/r. */
export function webUrl(gitUrl: string): string {
  return gitUrl.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** `exports` without the `condition` key at any depth (undefined when nothing is left). */
export function withoutCondition(exports: unknown, condition: string): unknown {
  if (exports === null || typeof exports !== "object" || Array.isArray(exports)) return exports;
  const kept = Object.entries(exports as Record<string, unknown>)
    .filter(([key]) => key !== condition)
    .map(([key, value]) => [key, withoutCondition(value, condition)] as const)
    .filter(([, value]) => value !== undefined);
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** The shared fields as package `dir` should have them. */
export function expectedFields(root: RootFields, dir: string, manifest: Manifest): Record<string, unknown> {
  const web = webUrl(root.repository.url);
  const published = withoutCondition(manifest["exports"], WORKSPACE_CONDITION);
  const publishConfig: Record<string, unknown> = { ...(manifest["publishConfig"] as object | undefined), access: "public" };
  if (JSON.stringify(published) !== JSON.stringify(manifest["exports"])) publishConfig["exports"] = published;
  else delete publishConfig["exports"];
  return {
    license: root.license,
    repository: { ...root.repository, directory: `packages/${dir}` },
    homepage: `${web}/tree/${HOME_BRANCH}/packages/${dir}#readme`,
    bugs: root.bugs,
    engines: { ...(manifest["engines"] as object | undefined), node: root.engines.node },
    publishConfig,
  };
}

/**
 * `manifest` with `fields` set: existing keys keep their place, missing ones follow `license` (or
 * go last), so a sync changes as few lines as possible.
 */
export function applyFields(manifest: Manifest, fields: Record<string, unknown>): Manifest {
  const missing = Object.keys(fields).filter((key) => !(key in manifest));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(manifest)) {
    out[key] = key in fields ? fields[key] : value;
    if (key === "license") for (const m of missing) out[m] = fields[m];
  }
  for (const m of missing) if (!(m in out)) out[m] = fields[m];
  return out as Manifest;
}

/** The packages whose manifest text differs from the synced one, with that text. */
export function outOfSync(packages: readonly PublishablePackage[], root: Manifest): { pkg: PublishablePackage; text: string }[] {
  const fields = rootFields(root);
  return packages.flatMap((pkg) => {
    const text = `${JSON.stringify(applyFields(pkg.manifest, expectedFields(fields, pkg.dir, pkg.manifest)), null, 2)}\n`;
    return text === pkg.text ? [] : [{ pkg, text }];
  });
}
