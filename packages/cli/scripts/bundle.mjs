// Bundles the CLI and the workspace libraries into dist/bundle/main.cjs, with a V8 code cache.
// Loading ~350 small modules costs more than the conversion of a rule; one bundle keeps `sigma
// convert` of one rule fast. Everything is bundled (the libraries' own dependencies
// are not resolvable from this package in pnpm's strict layout), so the package depends on none of
// them at run time and ships only the bundle; dist/bin.cjs falls back to the unbundled tsc output
// when the bundle is missing (in the workspace).
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Libraries that few runs need, loaded on first use instead of at start-up: the template engine
 * (only template outputs) and RE2 (only regexes the backend cannot prove valid by a quick scan).
 * Each is bundled on its own into dist/bundle/vendor/*.cjs; our sources' imports of it are routed
 * to a stub whose first property access `require`s that file. Start-up then neither compiles nor
 * runs them.
 */
const LAZY = {
  nunjucks: { from: "../../processing/package.json", stub: (file) => `let m; const load = () => (m ??= require("./vendor/${file}"));
export default new Proxy({}, { get: (_, key) => load()[key] });` },
  re2js: { from: "../../loki-backend/package.json", stub: (file) => `let m; const load = () => (m ??= require("./vendor/${file}").RE2JS);
export const RE2JS = new Proxy({}, { get: (_, key) => { const v = load()[key]; return typeof v === "function" ? v.bind(load()) : v; } });` },
};
// Plugins are imported through the loader's importer (import() does not work in the vm script).
const hostImport = {
  name: "host-import",
  setup(b) {
    b.onResolve({ filter: /\/import-module\.js$/ }, (args) => ({ path: args.path, namespace: "host-import" }));
    b.onLoad({ filter: /.*/, namespace: "host-import" }, () => ({ contents: "export const importModule = (url) => __hostImport(url);", loader: "js" }));
  },
};
// Node built-ins few runs need, required on first use of one of the names the bundle takes from
// them: node:child_process (it loads net, dgram, …: ~10 ms) only to run external commands and by
// commander for executable subcommands (unused); node:net only for FIFOs; node:tty only for a
// terminal named as an input. A stub's function also works with `new` (Socket, ReadStream).
const LAZY_BUILTINS = {
  child_process: ["spawn", "spawnSync", "execFileSync"],
  net: ["Socket"],
  tty: ["ReadStream", "isatty"],
};
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${Object.keys(LAZY_BUILTINS).join("|")})$`) }, (args) => {
      const name = args.path.replace(/^node:/, "");
      return args.namespace === "lazy-builtin" ? { path: `node:${name}`, external: true } : { path: name, namespace: "lazy-builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `let m; const load = () => (m ??= require("node:${args.path}"));
${LAZY_BUILTINS[args.path].map((f) => `export function ${f}(...args) { const v = load().${f}; return new.target ? new v(...args) : v(...args); }`).join("\n")}`,
      loader: "js",
    }));
  },
};
const lazyModules = {
  name: "lazy-modules",
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(${Object.keys(LAZY).join("|")})$`) }, (args) =>
      args.importer.includes("/node_modules/") ? undefined : { path: args.path, namespace: "lazy" },
    );
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => ({ contents: LAZY[args.path].stub(`${args.path}.cjs`), loader: "js" }));
  },
};

// The ATT&CK data (@sigma/analysis) is read by check and analyze only: a file beside the bundle,
// required on first use, keeps it out of the script every run compiles.
const ATTACK_DATA = fileURLToPath(new URL("../../analysis/src/attack/mitre-attack.json", import.meta.url));
const attackData = {
  name: "attack-data",
  setup(b) {
    b.onResolve({ filter: /mitre-attack\.json$/ }, (args) =>
      args.namespace === "attack-data" ? { path: "./mitre-attack.json", external: true } : { path: "data", namespace: "attack-data" },
    );
    // import() does not work in the vm script (src/bundle-loader.cts): the data is required.
    b.onLoad({ filter: /.*/, namespace: "attack-data" }, () => ({ contents: 'export default require("./mitre-attack.json");', loader: "js" }));
  },
};

// Chunk names carry content hashes: start from an empty directory so stale chunks do not pile up.
rmSync(new URL("../dist/bundle", import.meta.url), { recursive: true, force: true });
for (const [name, { from }] of Object.entries(LAZY)) {
  await build({
    entryPoints: [createRequire(new URL(from, import.meta.url)).resolve(name)],
    outfile: `dist/bundle/vendor/${name}.cjs`,
    absWorkingDir: root,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
}

// One CommonJS file rather than ESM chunks: Node 20 can use V8's code cache only for a script run
// through vm.Script (src/bundle-loader.cts), and with the cache unused code costs next to nothing.
// The bundle's few uses of import.meta.url get the file's URL.
await build({
  absWorkingDir: root,
  entryPoints: ["src/main.ts"],
  outfile: "dist/bundle/main.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  conditions: ["source"],
  logLevel: "warning",
  plugins: [lazyModules, hostImport, lazyBuiltins, attackData],
  define: { "import.meta.url": "__importMetaUrl" },
  banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
});

copyFileSync(ATTACK_DATA, new URL("../dist/bundle/mitre-attack.json", import.meta.url));

// The code cache: made by a separate Node process that runs a conversion, then checked by another
// (scripts/code-cache.mjs).
const cache = spawnSync(process.execPath, [fileURLToPath(new URL("code-cache.mjs", import.meta.url))], { cwd: root, encoding: "utf8" });
if (cache.status !== 0) throw new Error(`making the code cache failed:\n${cache.stdout}${cache.stderr}`);
