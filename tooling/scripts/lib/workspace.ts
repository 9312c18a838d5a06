/** The repository root and the packages it publishes (every packages/* that is not private). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../src/conformance/paths.js";

/** The parts of a package.json these scripts read or write. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  [field: string]: unknown;
}

/** A workspace package that is published to npm. */
export interface PublishablePackage {
  /** Folder under packages/, e.g. "loki-backend". */
  readonly dir: string;
  /** Absolute path of the package folder. */
  readonly path: string;
  readonly manifest: Manifest;
  /** The package.json text the manifest was parsed from. */
  readonly text: string;
}

export function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/** The publishable packages under `root`/packages, in folder order. */
export function publishablePackages(root: string = REPO_ROOT): PublishablePackage[] {
  const packagesDir = join(root, "packages");
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ dir: entry.name, path: join(packagesDir, entry.name) }))
    .flatMap(({ dir, path }) => {
      let text: string;
      let manifest: Manifest;
      try {
        text = readFileSync(join(path, "package.json"), "utf8");
        manifest = JSON.parse(text) as Manifest;
      } catch {
        return [];
      }
      return manifest.private === true ? [] : [{ dir, path, manifest, text }];
    })
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}
