/**
 * The V8 code cache shipped with the bundle is used only by the Node build that made it: a cache
 * from another Node, one V8 rejects, or none at all must each leave the command working, just
 * without the cache (src/bundle-loader.cts). Each case runs a copy of the built package.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIX, PKG } from "./helpers.js";

const RULE = join(FIX, "rules/proc_httpd_cmd.yml");

/** A copy of the package as npm would install it (manifest, dist/bin.cjs, loader, bundle). */
function installedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "sigma-code-cache-test-"));
  cpSync(join(PKG, "package.json"), join(dir, "package.json"));
  for (const file of ["bin.cjs", "bundle-loader.cjs", "bundle"]) cpSync(join(PKG, "dist", file), join(dir, "dist", file), { recursive: true });
  return dir;
}

/** Converts the test rule with the copy's `sigma`; returns the output and the loader's cache report. */
function convert(dir: string): { code: number | null; stdout: string; cache: string | undefined } {
  const r = spawnSync(process.execPath, [join(dir, "dist/bin.cjs"), "convert", "-t", "loki", RULE], {
    encoding: "utf8",
    env: { ...process.env, NODE_DEBUG: "sigma", NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, cache: /code cache .*: ([a-z-]+)/.exec(r.stderr)?.[1] };
}

const cacheOf = (dir: string): string => join(dir, "dist/bundle/main.cjs.cache");
const headerEnd = (cache: Buffer): number => cache.indexOf(0x0a) + 1;

describe("the bundle's V8 code cache", () => {
  let reference: ReturnType<typeof convert>;
  beforeAll(() => {
    reference = convert(PKG);
  });

  it("names the Node build that made it and is used by that build", () => {
    const header = readFileSync(join(PKG, "dist/bundle/main.cjs.cache")).subarray(0, 200).toString("latin1").split("\n")[0];
    expect(header).toBe(`sigma-code-cache node-${process.version} v8-${process.versions.v8} ${process.arch}`);
    expect(reference.code).toBe(0);
    expect(reference.cache).toBe("accepted");
    expect(reference.stdout).toMatch(/^\{job=/);
  });

  it("made by another Node version is not given to V8, and the command works as before", () => {
    const dir = installedCopy();
    const cache = readFileSync(cacheOf(dir));
    const header = cache.subarray(0, headerEnd(cache)).toString("latin1").replace(`node-${process.version}`, "node-v20.0.0");
    writeFileSync(cacheOf(dir), Buffer.concat([Buffer.from(header, "latin1"), cache.subarray(headerEnd(cache))]));
    expect(convert(dir)).toEqual({ ...reference, cache: "other-node" });
  });

  it("without a header (a cache of an older build) is not given to V8", () => {
    const dir = installedCopy();
    const cache = readFileSync(cacheOf(dir));
    writeFileSync(cacheOf(dir), cache.subarray(headerEnd(cache)));
    expect(convert(dir)).toEqual({ ...reference, cache: "other-node" });
  });

  it("that V8 rejects is dropped, and the command works as before", () => {
    const dir = installedCopy();
    const cache = readFileSync(cacheOf(dir));
    const data = Buffer.from(cache.subarray(headerEnd(cache)));
    data.fill(0, 0, 32); // V8's header: magic number, version and source hashes, flags, length
    writeFileSync(cacheOf(dir), Buffer.concat([cache.subarray(0, headerEnd(cache)), data]));
    expect(convert(dir)).toEqual({ ...reference, cache: "rejected" });
  });

  it("missing: the bundle is compiled", () => {
    const dir = installedCopy();
    rmSync(cacheOf(dir));
    expect(convert(dir)).toEqual({ ...reference, cache: "absent" });
  });
});
