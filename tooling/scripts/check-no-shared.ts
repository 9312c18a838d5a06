/**
 * `pnpm check:no-shared [ROOT]`: fails (exit 1) when a file under packages/, tooling/ or .ci/
 * refers to the reference drop beside the working copy (the folder `shared` next to the
 * repository), which a clone does not have; node_modules, dist and CHANGELOG.md are not searched.
 * ROOT defaults to this repository.
 */
import { resolve } from "node:path";
import { REPO_ROOT } from "../src/conformance/paths.js";
import { DROP, findSharedReferences, SEARCHED } from "./lib/shared-references.js";

const root = process.argv[2] ? resolve(process.argv[2]) : REPO_ROOT;
const found = findSharedReferences(root);
for (const ref of found) console.error(`${ref.file}:${ref.line}: refers to ${DROP}: ${ref.text}`);
if (found.length > 0) {
  console.error(`${found.length} reference(s) to ${DROP}: read the data from fixtures/ instead (fixtures/README.md).`);
  process.exitCode = 1;
} else {
  console.log(`no file under ${SEARCHED.join(", ")} refers to ${DROP}`);
}
