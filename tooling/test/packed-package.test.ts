import { describe, expect, it } from "vitest";
import { packedPackageProblems, type PackedPackage } from "../scripts/lib/packed-package.js";
import type { Manifest } from "../scripts/lib/workspace.js";

const LICENCE = "GNU LESSER GENERAL PUBLIC LICENSE\n";

const MANIFEST: Manifest = {
  name: "@sigma/example",
  version: "0.1.0",
  description: "An example.",
  keywords: ["sigma"],
  license: "LGPL-2.1-or-later",
  repository: { type: "git", url: "git+https://example.org/r.git", directory: "packages/example" },
  homepage: "https://example.org/r/tree/main/packages/example#readme",
  bugs: { url: "https://example.org/r/issues" },
  engines: { node: ">=20.19.0" },
  publishConfig: { access: "public" },
  type: "module",
  exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" },
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  dependencies: { "@sigma/core": "^0.1.0" },
};

const FILES: Record<string, string> = {
  "package.json": "{}",
  "LICENSE": LICENCE,
  "README.md": "# example\n",
  "CHANGELOG.md": "# @sigma/example\n",
  "dist/index.js": "export const a = 1;\n//# sourceMappingURL=index.js.map",
  "dist/index.js.map": JSON.stringify({ version: 3, sources: ["../src/index.ts"], mappings: "" }),
  "dist/index.d.ts": "export declare const a = 1;\n",
  "src/index.ts": "export const a = 1;\n",
};

function packed(manifest: Manifest = MANIFEST, files: Record<string, string> = FILES): PackedPackage {
  return { manifest, files: new Set(Object.keys(files)), readFile: (path) => files[path] ?? "" };
}

const without = (files: Record<string, string>, path: string): Record<string, string> =>
  Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));

describe("checks of a packed package", () => {
  it("accept a complete package", () => {
    expect(packedPackageProblems(packed(), LICENCE)).toEqual([]);
  });

  it("refuse a workspace: range in any dependency field", () => {
    const manifest = { ...MANIFEST, devDependencies: { "@sigma/core": "workspace:^" }, peerDependencies: { "@sigma/cli": "workspace:*" } };
    expect(packedPackageProblems(packed(manifest), LICENCE)).toEqual([
      'package.json › devDependencies › @sigma/core is "workspace:^": a workspace: range cannot be installed from a registry',
      'package.json › peerDependencies › @sigma/cli is "workspace:*": a workspace: range cannot be installed from a registry',
    ]);
  });

  it("refuse an export condition that points at TypeScript sources, even shipped ones", () => {
    const exports = { ".": { source: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" }, "./package.json": "./package.json" };
    expect(packedPackageProblems(packed({ ...MANIFEST, exports }), LICENCE)).toEqual([
      "exports › . › source points at ./src/index.ts, which is not built code, typings or JSON",
    ]);
  });

  it("refuse entry points that the tarball does not contain", () => {
    const manifest = { ...MANIFEST, bin: { x: "./dist/bin.cjs" } };
    expect(packedPackageProblems(packed(manifest, without(FILES, "dist/index.d.ts")), LICENCE)).toEqual([
      "exports › . › types points at ./dist/index.d.ts, which the tarball does not contain",
      "types points at ./dist/index.d.ts, which the tarball does not contain",
      "bin › x points at ./dist/bin.cjs, which the tarball does not contain",
    ]);
  });

  it("refuse source maps without their sources, and map references without the map", () => {
    expect(packedPackageProblems(packed(MANIFEST, without(FILES, "src/index.ts")), LICENCE)).toEqual([
      "dist/index.js.map: maps to ../src/index.ts, which the tarball does not contain",
    ]);
    expect(packedPackageProblems(packed(MANIFEST, without(FILES, "dist/index.js.map")), LICENCE)).toEqual([
      "dist/index.js: names the source map index.js.map, which the tarball does not contain",
    ]);
  });

  it("refuse a missing or different LICENSE, a missing README, and a versioned package without CHANGELOG", () => {
    expect(packedPackageProblems(packed(MANIFEST, without(FILES, "LICENSE")), LICENCE)).toEqual(["LICENSE: missing"]);
    expect(packedPackageProblems(packed(), "MIT\n")).toEqual(["LICENSE: differs from the repository's LICENSE"]);
    expect(packedPackageProblems(packed(MANIFEST, without(FILES, "README.md")), LICENCE)).toEqual(["README.md: missing"]);
    expect(packedPackageProblems(packed(MANIFEST, without(FILES, "CHANGELOG.md")), LICENCE)).toEqual(["CHANGELOG.md: missing"]);
    expect(packedPackageProblems(packed({ ...MANIFEST, version: "0.0.0" }, without(FILES, "CHANGELOG.md")), LICENCE)).toEqual([]);
  });

  it("refuse manifests without the fields a registry page and npm need", () => {
    const { repository: _r, keywords: _k, engines: _e, publishConfig: _p, ...bare } = MANIFEST;
    const manifest = { ...bare, repository: { type: "git", url: "git+https://example.org/r.git" }, exports: { ".": "./dist/index.js" } } as Manifest;
    expect(packedPackageProblems(packed(manifest), LICENCE)).toEqual([
      "package.json: repository needs url and directory",
      "package.json: no keywords",
      "package.json: no engines.node",
      'package.json: publishConfig.access is not "public" (a scoped package is private by default)',
      'package.json: exports has no "./package.json"',
    ]);
  });
});
