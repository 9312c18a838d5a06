/**
 * `pnpm consumer-test`: what a release would ship, installed and used as a user would, outside the
 * workspace. Needs the packages built (`pnpm build`; the root script builds first) and the npm
 * registry (for TypeScript).
 *
 * 1. packs every publishable package (`pnpm pack`: workspace: ranges resolved, publishConfig
 *    applied) and checks each tarball (lib/packed-package.ts);
 * 2. installs @sigma/loki-backend alone from its tarball with npm into a temporary project; the
 *    other @sigma packages come from their tarballs through npm `overrides`, as a registry would
 *    serve them, nested below it (npm's `nested` strategy: as with pnpm, only @sigma/loki-backend
 *    is resolvable from the project); compiles the loki-backend README's example and its
 *    documented type augmentation (consumer/augment.ts: a third-party transformation type, typed
 *    option objects) with a strict TypeScript (nodenext, skipLibCheck false), and checks that the
 *    form naming @sigma/processing is TS2664 there (consumer/old-form.ts); runs the example and
 *    checks its output; loads the package with require() from a CommonJS file;
 * 3. installs @sigma/cli alone the same way, converts the README's rule with its `sigma` binary
 *    (same query as the library), checks `sigma version`, and runs a third-party plugin that
 *    imports @sigma/processing and @sigma/core itself, found in node_modules and given with --plugin;
 * 4. `npm publish --dry-run` of every tarball.
 *
 * Prints each tarball's packed and unpacked size, the installed size of @sigma/loki-backend with
 * its dependencies, and the time taken. `--keep` keeps the temporary folder.
 */
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { packedPackageProblems } from "./lib/packed-package.js";
import { REPO_ROOT } from "../src/conformance/paths.js";
import { listFiles } from "../src/fixtures/sets.js";
import { publishablePackages, readManifest, type Manifest, type PublishablePackage } from "./lib/workspace.js";

const started = Date.now();
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "sigma-consumer-"));

/** The environment of a user's shell: without the npm_* / pnpm settings of the script runner. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
) as NodeJS.ProcessEnv;
const npmEnv = { ...userEnv, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = userEnv): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited with ${e.status}:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

function step(title: string): void {
  console.log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The package folders in a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): string[] {
  const entries = readdirSync(nodeModules, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith("."));
  return entries.flatMap((entry) => {
    const path = join(nodeModules, entry.name);
    const packages = entry.name.startsWith("@") ? readdirSync(path).map((name) => join(path, name)) : [path];
    return packages.flatMap((pkg) => [pkg, ...(existsSync(join(pkg, "node_modules")) ? installedPackages(join(pkg, "node_modules")) : [])]);
  });
}

/** Bytes in a folder: apparent size (lengths of its regular files; links such as .bin/* not followed) and disk usage (`du -sk`). */
function folderSize(dir: string): { bytes: number; diskKiB: number } {
  const bytes = listFiles(dir).reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  const diskKiB = Number(run("du", ["-sk", dir], dir).split("\t")[0]);
  return { bytes, diskKiB };
}

const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

interface Tarball {
  readonly pkg: PublishablePackage;
  readonly file: string;
  readonly manifest: Manifest;
  readonly packedBytes: number;
  readonly unpackedBytes: number;
  readonly fileCount: number;
}

/** Packs and unpacks every publishable package and checks each tarball; fails on any problem. */
function packAll(packages: readonly PublishablePackage[]): Tarball[] {
  const tarballs = join(work, "tarballs");
  mkdirSync(tarballs);
  const licence = readFileSync(join(REPO_ROOT, "LICENSE"), "utf8");
  const problems: string[] = [];
  // One pnpm run for all (about 3 s; one per package takes about 3 s each). pnpm names a tarball
  // after the package: @scope/name@1.0.0 → scope-name-1.0.0.tgz.
  run("pnpm", ["--recursive", ...packages.flatMap((pkg) => ["--filter", pkg.manifest.name]), "pack", "--pack-destination", tarballs], REPO_ROOT);
  const packed = packages.map((pkg) => {
    const file = join(tarballs, `${pkg.manifest.name.replace(/^@/, "").replace("/", "-")}-${pkg.manifest.version}.tgz`);
    expect(existsSync(file), `pnpm pack made no ${file} for ${pkg.manifest.name}`);
    const unpacked = join(work, "unpacked", pkg.dir);
    mkdirSync(unpacked, { recursive: true });
    run("tar", ["-xzf", file, "-C", unpacked], work);
    const root = join(unpacked, "package");
    const files = new Set(listFiles(root));
    const manifest = readManifest(join(root, "package.json"));
    const read = (path: string): string => readFileSync(join(root, path), "utf8");
    problems.push(...packedPackageProblems({ manifest, files, readFile: read }, licence).map((p) => `${pkg.manifest.name}: ${p}`));
    const unpackedBytes = [...files].reduce((sum, f) => sum + statSync(join(root, f)).size, 0);
    return { pkg, file, manifest, packedBytes: statSync(file).size, unpackedBytes, fileCount: files.size };
  });
  expect(problems.length === 0, `the tarballs are not fit to publish:\n  ${problems.join("\n  ")}`);
  for (const t of packed) {
    console.log(`${t.manifest.name}@${t.manifest.version}: ${kB(t.packedBytes)} packed, ${kB(t.unpackedBytes)} unpacked, ${t.fileCount} files`);
  }
  return packed;
}

/** A consumer project: `dependencies` as given, every other @sigma package from its tarball. */
function makeProject(name: string, tarballs: readonly Tarball[], dependencies: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const overrides = Object.fromEntries(
    tarballs.filter((t) => !(t.manifest.name in dependencies)).map((t) => [t.manifest.name, `file:${t.file}`]),
  );
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, type: "module", dependencies, overrides }, null, 2)}\n`);
  return dir;
}

/** TypeScript files of a consumer project, kept beside this script. */
const CONSUMER_FILES = fileURLToPath(new URL("./consumer/", import.meta.url));

function npmInstall(dir: string, args: readonly string[] = []): void {
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...args], dir, npmEnv);
}

const tarballOf = (tarballs: readonly Tarball[], name: string): Tarball => {
  const found = tarballs.find((t) => t.manifest.name === name);
  if (!found) throw new Error(`no tarball for ${name}`);
  return found;
};

/** The TypeScript block under "## Example" in packages/loki-backend/README.md. */
function readmeExample(): string {
  const readme = readFileSync(join(REPO_ROOT, "packages/loki-backend/README.md"), "utf8");
  const code = /## Example\s+```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
  if (!code) throw new Error("packages/loki-backend/README.md: no ```ts block under ## Example");
  return `${code}\n`;
}

/** What the example's comments promise: `queries` as a pattern (… = anything), and its inputs. */
function exampleClaims(example: string): { query: RegExp; rule: string; pipeline: string } {
  const comment = /export const queries = .*\/\/ \['(.*)'\]$/m.exec(example)?.[1];
  const rule = /const rule = `([^`]*)`/.exec(example)?.[1];
  const pipeline = /loadPipeline\(("(?:[^"\\]|\\.)*")\)/.exec(example)?.[1];
  if (!comment || !rule || !pipeline) throw new Error("the README example no longer has the shape this test reads (queries comment, rule, loadPipeline)");
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return { query: new RegExp(`^${comment.split("…").map(escape).join(".*")}$`), rule, pipeline: JSON.parse(pipeline) as string };
}

/** Command-line form of the strict settings, for a one-file compile. */
const TSC_FLAGS = ["--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "false"];

/** The error lines of a compile that is expected to fail (empty when it succeeds). */
function compileErrors(command: string, args: readonly string[], cwd: string): string[] {
  try {
    execFileSync(command, args, { cwd, env: userEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return [];
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? "").trim().split("\n").filter((l) => l.includes("error TS"));
  }
}

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    skipLibCheck: false,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    rootDir: "src",
    outDir: "out",
    types: [],
  },
  include: ["src"],
};

/** Installs @sigma/loki-backend alone, compiles and runs the README example; returns its query. */
function libraryProject(tarballs: readonly Tarball[]): { query: string; claims: ReturnType<typeof exampleClaims> } {
  const loki = tarballOf(tarballs, "@sigma/loki-backend");
  const dir = makeProject("library-project", tarballs, { "@sigma/loki-backend": `file:${loki.file}` });
  npmInstall(dir, ["--install-strategy=nested"]);
  const scoped = readdirSync(join(dir, "node_modules", "@sigma"));
  expect(scoped.join() === "loki-backend", `only @sigma/loki-backend should be resolvable from the project, found ${scoped.join(", ")}`);
  const installed = folderSize(join(dir, "node_modules"));
  console.log(
    `@sigma/loki-backend installed with its dependencies: ${kB(installed.bytes)} (du: ${installed.diskKiB} KiB on disk), ${installedPackages(join(dir, "node_modules")).length} packages`,
  );

  const typescript = readManifest(join(REPO_ROOT, "node_modules/typescript/package.json")).version;
  npmInstall(dir, ["--install-strategy=nested", "--save-dev", `typescript@${typescript}`]);
  const example = readmeExample();
  const claims = exampleClaims(example);
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  writeFileSync(join(dir, "src/example.ts"), example);
  copyFileSync(join(CONSUMER_FILES, "augment.ts"), join(dir, "src/augment.ts"));
  writeFileSync(join(dir, "src/main.ts"), 'import { queries, ruler } from "./example.js";\n\nconsole.log(JSON.stringify({ queries, ruler }));\n');
  // CommonJS: require() of the ES module package (Node >= 20.19), typed by TypeScript's nodenext.
  writeFileSync(
    join(dir, "src/commonjs.cts"),
    'import loki = require("@sigma/loki-backend");\n\nconsole.log(JSON.stringify(loki.convertRules("title: t\\nlogsource: {product: linux}\\ndetection: {sel: {a: b}, condition: sel}").output));\n',
  );
  const tsc = join(dir, "node_modules/typescript/bin/tsc");
  run(process.execPath, [tsc, "-p", "."], dir);
  console.log(`compiled with TypeScript ${typescript} (strict, nodenext, skipLibCheck false), the README's type augmentation included`);
  // The form that names @sigma/processing cannot work when only @sigma/loki-backend is resolvable.
  mkdirSync(join(dir, "old-form"));
  copyFileSync(join(CONSUMER_FILES, "old-form.ts"), join(dir, "old-form/old-form.ts"));
  const oldForm = compileErrors(process.execPath, [tsc, "--noEmit", ...TSC_FLAGS, "old-form/old-form.ts"], dir);
  expect(
    oldForm.length === 1 && /error TS2664: Invalid module name in augmentation, module '@sigma\/processing' cannot be found/.test(oldForm[0] ?? ""),
    `augmenting @sigma/processing should be TS2664 (and nothing else), got:\n${oldForm.join("\n")}`,
  );

  const printed = run(process.execPath, ["out/main.js"], dir);
  // A consumer's own `source` condition (a common monorepo convention) must not reach our TypeScript.
  const withSourceCondition = run(process.execPath, ["--conditions=source", "out/main.js"], dir);
  expect(withSourceCondition === printed, "node --conditions=source gives another result: an export condition still points at sources");
  const { queries, ruler } = JSON.parse(printed) as { queries: unknown; ruler: unknown };
  expect(Array.isArray(queries) && queries.length === 1 && typeof queries[0] === "string", `queries: one string expected, got ${JSON.stringify(queries)}`);
  const query = (queries as string[])[0] as string;
  expect(claims.query.test(query), `the README example's query ${JSON.stringify(query)} does not match its comment (${claims.query})`);
  expect(typeof ruler === "string" && ruler.startsWith("groups:\n") && ruler.includes("name: Sigma rules"), `ruler: Loki ruler YAML expected, got ${JSON.stringify(ruler)}`);
  console.log(`README example: ${query}`);

  const required = JSON.parse(run(process.execPath, ["out/commonjs.cjs"], dir)) as unknown;
  expect(Array.isArray(required) && required.length === 1 && String(required[0]).startsWith("{job="), `require(): one query expected, got ${JSON.stringify(required)}`);
  console.log(`require("@sigma/loki-backend") from CommonJS: ${String((required as string[])[0])}`);
  return { query, claims };
}

/** A third-party plugin package: its own @sigma/processing and @sigma/core, as its author would ship it. */
function writePlugin(dir: string, version: string): void {
  mkdirSync(dir);
  const manifest = {
    name: "sigma-plugin-consumer-test",
    version: "1.0.0",
    type: "module",
    main: "index.js",
    keywords: ["sigma-plugin"],
    dependencies: { "@sigma/core": `^${version}`, "@sigma/processing": `^${version}` },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, "index.js"),
    `import { appendToSigmaString } from "@sigma/core";
import { definePipeline, valueTransformation } from "@sigma/processing";

const suffixValues = {
  params: ["suffix"],
  create: (p) => {
    const suffix = p.string("suffix");
    return valueTransformation("suffix_values", (v) => (v.type === "string" ? appendToSigmaString(v, suffix) : undefined));
  },
};

export default {
  name: "consumer-test",
  transformations: { suffix_values: suffixValues },
  pipelines: {
    plugin_labels: () =>
      definePipeline({ name: "plugin_labels", priority: 30, transformations: [{ type: "field_name_mapping", mapping: { CommandLine: "plugin_cmdline" } }] }),
  },
};
`,
  );
}

/** Installs @sigma/cli alone and checks its `sigma` command against the library's answer. */
function cliProject(tarballs: readonly Tarball[], library: { query: string; claims: ReturnType<typeof exampleClaims> }): void {
  const cli = tarballOf(tarballs, "@sigma/cli");
  const dir = makeProject("cli-project", tarballs, { "@sigma/cli": `file:${cli.file}`, "sigma-plugin-consumer-test": "file:./plugin" });
  writePlugin(join(dir, "plugin"), tarballOf(tarballs, "@sigma/processing").manifest.version);
  npmInstall(dir, ["--install-links"]);
  const scope = cli.manifest.name.split("/")[0] as string;
  const installed = readdirSync(join(dir, "node_modules", scope)).sort();
  console.log(`installed ${scope} packages: ${installed.join(", ")} (the CLI itself needs none: they are bundled; the plugin needs core and processing)`);
  const sigma = join(dir, "node_modules/.bin/sigma");
  writeFileSync(join(dir, "rule.yml"), `${library.claims.rule}\n`);
  writeFileSync(join(dir, "labels.yml"), `${library.claims.pipeline}\n`);
  writeFileSync(join(dir, "suffix.yml"), "name: suffix\npriority: 40\ntransformations:\n  - type: suffix_values\n    suffix: _x\n");

  const version = run(sigma, ["version"], dir);
  expect(version === `${cli.manifest.version}\n`, `sigma version printed ${JSON.stringify(version)}, expected ${cli.manifest.version}`);
  const query = run(sigma, ["convert", "-t", "loki", "-p", "loki_promtail_sysmon", "-p", "labels.yml", "rule.yml"], dir);
  expect(query === `${library.query}\n`, `sigma convert printed ${JSON.stringify(query)}, the library ${JSON.stringify(library.query)}`);
  console.log(`sigma version: ${version.trim()}; sigma convert gives the library's query`);

  // The plugin, found in node_modules: its registered pipeline and its transformation in a YAML pipeline.
  const withPlugin = run(sigma, ["convert", "-t", "loki", "-p", "loki_promtail_sysmon", "-p", "plugin_labels", "-p", "suffix.yml", "rule.yml"], dir);
  const expected = library.query.replace("cmdline=~`(?i).*whoami.*`", () => "plugin_cmdline=~`(?i)(?s:.*)whoami(?s:.*)_x$`");
  expect(withPlugin === `${expected}\n`, `with the plugin, sigma convert printed ${JSON.stringify(withPlugin)}, expected ${JSON.stringify(expected)}`);
  // The same plugin given with --plugin, from a folder without node_modules.
  const elsewhere = join(work, "elsewhere");
  mkdirSync(elsewhere);
  const plugin = join(dir, "node_modules/sigma-plugin-consumer-test");
  const listed = run(sigma, ["list", "pipelines", "--plugin", plugin], elsewhere);
  expect(/plugin_labels/.test(listed), `sigma list pipelines --plugin did not list plugin_labels:\n${listed}`);
  console.log("a plugin importing @sigma/processing and @sigma/core: discovered in node_modules and loaded with --plugin");
}

/** `npm publish --dry-run` of every tarball, in parallel (each waits on the registry). */
async function publishDryRun(tarballs: readonly Tarball[]): Promise<void> {
  const dir = join(work, "publish");
  mkdirSync(dir);
  const execFileAsync = promisify(execFile);
  await Promise.all(
    tarballs.map(async (t) => {
      try {
        await execFileAsync("npm", ["publish", t.file, "--dry-run", "--loglevel=error"], { cwd: dir, env: npmEnv });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string };
        throw new Error(`npm publish --dry-run ${t.manifest.name} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
      }
    }),
  );
  console.log(`npm publish --dry-run: ${tarballs.length} packages accepted`);
}

try {
  step("pack and check every publishable package");
  const tarballs = packAll(publishablePackages());
  step("@sigma/loki-backend alone, in a strict TypeScript project");
  const library = libraryProject(tarballs);
  step("@sigma/cli alone, with a third-party plugin");
  cliProject(tarballs, library);
  step("npm publish --dry-run");
  await publishDryRun(tarballs);
  console.log(`\nconsumer test passed in ${((Date.now() - started) / 1000).toFixed(1)} s${keep ? ` (kept ${work})` : ""}`);
} catch (err) {
  console.error(`\nconsumer test FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
