import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DROP, findSharedReferences } from "../scripts/lib/shared-references.js";

// DROP is the drop's relative path; this file never spells it out, or the check would find it.
const WINDOWS_DROP = DROP.replace("/", "\\\\");

/** A repository-like tree with the given files (path → text). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sigma-shared-check-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CLEAN = {
  "packages/core/src/index.ts": 'export const data = new URL("../../../fixtures/corpus/", import.meta.url);\n',
  "tooling/README.md": "The data is in fixtures/; a shared drop is refreshed with pnpm fixtures:refresh DROP.\n",
  // Paths that only start like the drop's (built here so that this file never spells one out).
  "tooling/src/paths.ts": `const notTheDrop = "${DROP}-state/x" + "../${DROP}Files";\n`,
  ".ci/run": "#!/usr/bin/env bash\npnpm test\n",
};

describe("the check for references to the drop beside the repository", () => {
  it("passes a tree that reads its data from fixtures/", () => {
    expect(findSharedReferences(tree(CLEAN))).toEqual([]);
  });

  it("finds a planted reference in packages/, tooling/ and .ci/, with file and line", () => {
    const root = tree({
      ...CLEAN,
      "packages/core/test/spec.ts": `import x from "y";\nconst spec = readFileSync(new URL("../../../${DROP}/spec/a.md", import.meta.url));\n`,
      "tooling/src/corpus.ts": `const corpus = '${WINDOWS_DROP}\\\\corpus';\n`,
      ".ci/run": `#!/usr/bin/env bash\nls ${DROP}/conformance\n`,
    });
    expect(findSharedReferences(root)).toEqual([
      { file: "packages/core/test/spec.ts", line: 2, text: `const spec = readFileSync(new URL("../../../${DROP}/spec/a.md", import.meta.url));` },
      { file: "tooling/src/corpus.ts", line: 1, text: `const corpus = '${WINDOWS_DROP}\\\\corpus';` },
      { file: ".ci/run", line: 2, text: `ls ${DROP}/conformance` },
    ]);
  });

  it("does not search node_modules, dist or CHANGELOG.md, nor folders outside the three", () => {
    const root = tree({
      ...CLEAN,
      "packages/core/node_modules/x/index.js": `require('${DROP}/x')`,
      "packages/core/dist/index.js": `// ${DROP}/x`,
      "packages/core/CHANGELOG.md": `- tests no longer read ${DROP}\n`,
      "docs/history.md": `The data used to be in ${DROP}.\n`,
    });
    expect(findSharedReferences(root)).toEqual([]);
  });

  it("the script exits 1 and names the file on a planted reference, 0 on a clean tree", () => {
    const script = fileURLToPath(new URL("../scripts/check-no-shared.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
    const clean = spawnSync(tsx, [script, tree(CLEAN)], { encoding: "utf8" });
    expect(clean.status).toBe(0);
    const planted = spawnSync(tsx, [script, tree({ ...CLEAN, "packages/x/test/a.ts": `read("${DROP}/semantics")\n` })], { encoding: "utf8" });
    expect(planted.status).toBe(1);
    expect(planted.stderr).toContain(`packages/x/test/a.ts:1: refers to ${DROP}: read("${DROP}/semantics")`);
  });
});
