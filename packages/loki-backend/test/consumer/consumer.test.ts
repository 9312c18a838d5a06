/**
 * A user's project outside the workspace (issue 16): the packages are packed with `pnpm pack` and
 * installed from the tarballs with npm's `nested` strategy, so that, as with pnpm, only
 * `@sigma/loki-backend` is in the project's node_modules (its dependencies sit below it). In that
 * project the documented way to add a transformation type compiles, the form that names
 * `@sigma/processing` fails with TS2664 (the isolation is real), and the package converts a rule.
 *
 * Needs the built packages (`pnpm build`; turbo builds before `test`), pnpm, npm and the npm
 * registry for the third-party dependencies. It never skips: a failure to pack or install fails.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packagesDir = fileURLToPath(new URL("../../../", import.meta.url));
const fixtureDir = fileURLToPath(new URL("./fixture/", import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

interface Manifest {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

const manifestOf = (dir: string): Manifest => JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as Manifest;

/** Folder names of `@sigma/loki-backend` and every workspace package it depends on. */
function workspaceClosure(start: string): string[] {
  const byName = new Map(readdirSync(packagesDir).filter((d) => existsSync(join(packagesDir, d, "package.json"))).map((d) => [manifestOf(d).name, d]));
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    for (const [name, spec] of Object.entries(manifestOf(dir).dependencies ?? {})) {
      const dep = byName.get(name);
      if (spec.startsWith("workspace:") && dep !== undefined) visit(dep);
    }
  };
  visit(start);
  return [...seen];
}

let project = "";

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "sigma-consumer-"));
  project = join(root, "app");
  const tarballs = join(root, "tarballs");
  const dirs = workspaceClosure("loki-backend");
  for (const dir of dirs) {
    if (!existsSync(join(packagesDir, dir, "dist", "index.d.ts"))) throw new Error(`packages/${dir} is not built: run pnpm build`);
  }
  // One pnpm run packs the package and its workspace dependencies (`workspace:^` becomes a version).
  await run("pnpm", ["--filter", "@sigma/loki-backend...", "pack", "--recursive", "--pack-destination", tarballs], { cwd: packagesDir });
  const tarball = (dir: string): string => {
    const name = manifestOf(dir).name.replace("@", "").replace("/", "-");
    const file = readdirSync(tarballs).find((f) => f.startsWith(`${name}-`) && f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`pnpm pack made no tarball for ${dir}`);
    return `file:${join(tarballs, file)}`;
  };
  // The user depends on @sigma/loki-backend alone; overrides point its dependencies at the tarballs.
  const manifest = {
    name: "consumer",
    private: true,
    type: "module",
    dependencies: { "@sigma/loki-backend": tarball("loki-backend") },
    overrides: Object.fromEntries(dirs.filter((d) => d !== "loki-backend").map((d) => [manifestOf(d).name, tarball(d)])),
  };
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  for (const file of readdirSync(fixtureDir)) copyFileSync(join(fixtureDir, file), join(project, file));
  await run("npm", ["install", "--install-strategy=nested", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: project,
  });
}, 300_000);

afterAll(() => {
  if (project !== "") rmSync(dirname(project), { recursive: true, force: true });
});

describe("a project that depends on @sigma/loki-backend alone", () => {
  it("has only @sigma/loki-backend in its node_modules, as with pnpm", () => {
    expect(readdirSync(join(project, "node_modules", "@sigma"))).toEqual(["loki-backend"]);
  });

  it("compiles the documented augmentation; the @sigma/processing form is TS2664", async () => {
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project }).then(
      () => ({ stdout: "" }),
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    // Exactly one error: the old form. augment.ts (with its @ts-expect-error lines) compiles.
    expect(result.stdout.trim().split("\n")).toEqual([
      "old-form.ts(3,16): error TS2664: Invalid module name in augmentation, module '@sigma/processing' cannot be found.",
    ]);
  }, 120_000);

  it("the README shows the form that compiles", () => {
    const snippet = readFileSync(join(fixtureDir, "augment.ts"), "utf8").split("// --- readme ---\n")[1] ?? "";
    expect(snippet.trim()).not.toBe("");
    expect(readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8")).toContain(snippet.trim());
  });

  it("converts a rule at run time (ESM, string options read as the CLI does)", async () => {
    const { stdout } = await run(process.execPath, ["run.mjs"], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(['{job=~".+"} | logfmt | a=`x`']);
  });
});
