/** Where the reference material (the repository's fixtures/) and this tool's files are, independent of the cwd. */
import { fileURLToPath } from "node:url";

/** `fixtures/` at the repository root, resolved from this file's location. */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The tooling package folder. */
export const TOOLING_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** `fixtures/conformance/`. */
export const CONFORMANCE_DIR = fileURLToPath(new URL("../../../fixtures/conformance/", import.meta.url));

/** The ratchet file kept in the repository. */
export const RATCHET_FILE = fileURLToPath(new URL("../../conformance-ratchet.json", import.meta.url));

/** Folder of the readable diff reports (gitignored). */
export const REPORT_DIR = fileURLToPath(new URL("../../conformance-report/", import.meta.url));
