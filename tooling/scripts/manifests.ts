/**
 * The fields every publishable manifest shares, kept in one place: the root package.json's
 * `repository`, `bugs`, `license` and `engines`. Each package gets them, with its own
 * `repository.directory` and `homepage`, and a `publishConfig` that publishes it publicly and
 * replaces `exports` by the same map without the `source` condition (it points at TypeScript
 * sources that only the workspace's tests and tools use).
 *
 * It also checks that changesets versions all publishable packages together (the `fixed` group
 * of .changeset/config.json): @sigma/cli bundles the libraries, so a change to any of them must
 * release the CLI too, and they share one version.
 *
 *   pnpm manifests           writes the fields into packages/*\/package.json
 *   pnpm manifests --check   lists the manifests that differ and exits 1 (CI)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { outOfSync } from "./lib/manifest-fields.js";
import { REPO_ROOT } from "../src/conformance/paths.js";
import { publishablePackages, readManifest } from "./lib/workspace.js";

const check = process.argv.includes("--check");
const packages = publishablePackages();
const stale = outOfSync(packages, readManifest(join(REPO_ROOT, "package.json")));
for (const { pkg, text } of stale) {
  if (check) {
    console.error(`packages/${pkg.dir}/package.json: shared fields differ from the root package.json's; run pnpm manifests`);
  } else {
    writeFileSync(join(pkg.path, "package.json"), text);
    console.log(`packages/${pkg.dir}/package.json: updated`);
  }
}

const names = packages.map((pkg) => pkg.manifest.name).sort();
const changesets = JSON.parse(readFileSync(join(REPO_ROOT, ".changeset/config.json"), "utf8")) as { fixed?: string[][] };
const fixed = changesets.fixed?.find((group) => group.some((name) => names.includes(name)));
const groupComplete = JSON.stringify([...(fixed ?? [])].sort()) === JSON.stringify(names);
if (!groupComplete) console.error(`.changeset/config.json: the fixed group must list exactly the publishable packages: ${names.join(", ")}`);
process.exitCode = (check && stale.length > 0) || !groupComplete ? 1 : 0;
