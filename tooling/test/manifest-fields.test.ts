import { describe, expect, it } from "vitest";
import { applyFields, expectedFields, webUrl, withoutCondition } from "../scripts/lib/manifest-fields.js";
import type { Manifest } from "../scripts/lib/workspace.js";

const ROOT = {
  repository: { type: "git", url: "git+https://example.org/o/r.git" },
  bugs: { url: "https://example.org/o/r/issues" },
  license: "LGPL-2.1-or-later",
  engines: { node: ">=20.19.0" },
};

describe("shared manifest fields", () => {
  it("drop the workspace-only condition from exports at any depth", () => {
    const exports = { ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" }, "./x": { source: "./src/x.ts" } };
    expect(withoutCondition(exports, "source")).toEqual({ ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } });
    expect(withoutCondition("./dist/index.js", "source")).toBe("./dist/index.js");
  });

  it("give each package its directory, homepage and a publishConfig with the published exports", () => {
    const manifest: Manifest = { name: "@sigma/x", version: "0.1.0", exports: { ".": { source: "./src/index.ts", default: "./dist/index.js" } } };
    expect(webUrl(ROOT.repository.url)).toBe("https://example.org/o/r");
    expect(expectedFields(ROOT, "x", manifest)).toEqual({
      license: "LGPL-2.1-or-later",
      repository: { type: "git", url: "git+https://example.org/o/r.git", directory: "packages/x" },
      homepage: "https://example.org/o/r/tree/main/packages/x#readme",
      bugs: { url: "https://example.org/o/r/issues" },
      engines: { node: ">=20.19.0" },
      publishConfig: { access: "public", exports: { ".": { default: "./dist/index.js" } } },
    });
  });

  it("leave exports alone when nothing is workspace-only, and keep other publishConfig keys", () => {
    const manifest: Manifest = { name: "@sigma/cli", version: "0.1.0", exports: { "./package.json": "./package.json" }, publishConfig: { exports: {}, provenance: true } };
    expect(expectedFields(ROOT, "cli", manifest)["publishConfig"]).toEqual({ access: "public", provenance: true });
  });

  it("set fields in place and put missing ones after license, so a sync moves no other line", () => {
    const manifest: Manifest = { name: "@sigma/x", version: "0.0.0", license: "MIT", type: "module", engines: { node: ">=18" } };
    const synced = applyFields(manifest, { license: "LGPL-2.1-or-later", bugs: { url: "b" }, engines: { node: ">=20.19.0" } });
    expect(Object.keys(synced)).toEqual(["name", "version", "license", "bugs", "type", "engines"]);
    expect(synced["engines"]).toEqual({ node: ">=20.19.0" });
  });
});
