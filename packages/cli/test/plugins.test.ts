import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { FIX, PKG, sigma } from "./helpers.js";

describe("plugins", () => {
  it("loads a plugin module given with --plugin", async () => {
    const plugin = join(FIX, "plugins/echo-plugin.mjs");
    const list = await sigma(["list", "targets", "--plugin", plugin]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/\| echo +\| Echo titles +\| No +\| echo +\|/);
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-O", "prefix=>> ", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(">> Test rule\n");
  });

  it("discovers packages with the sigma-plugin keyword in the nearest node_modules", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigma-plugins-"));
    const pkg = join(dir, "node_modules", "sigma-echo");
    await mkdir(pkg, { recursive: true });
    await cp(join(FIX, "plugins/echo-plugin.mjs"), join(pkg, "index.mjs"));
    await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "sigma-echo", type: "module", main: "index.mjs", keywords: ["sigma-plugin"] }));
    const other = join(dir, "node_modules", "not-a-plugin");
    await mkdir(other, { recursive: true });
    await writeFile(join(other, "package.json"), JSON.stringify({ name: "not-a-plugin", main: "missing.js" }));
    const r = await sigma(["list", "targets"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| echo +\|/);
    expect(r.stdout).toMatch(/\| loki +\|/);
  });

  it("reports a --plugin module that does not exist", async () => {
    const r = await sigma(["list", "targets", "--plugin", "./nope.mjs"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Error: Plugin module './nope.mjs' not found");
  });
});

describe("plugin backends exercise the generic checks", () => {
  const plugin = join(FIX, "plugins/echo-plugin.mjs");

  it("refuses a backend that requires a pipeline unless --without-pipeline (§3.2 step 1)", async () => {
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo_strict", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "Usage: sigma convert [OPTIONS] INPUT...\nTry 'sigma convert --help' for help.\n\nError: \n" +
        "Processing pipeline required by backend! Define a custom pipeline or choose a predefined one.\n\n" +
        "Get all available pipelines for echo_strict with:\nsigma list pipelines echo_strict\n\n" +
        "If you never heard about processing pipelines you should get familiar with them\n" +
        "(https://sigmahq-pysigma.readthedocs.io/en/latest/Processing_Pipelines.html).\n" +
        "If you know what you're doing add --without-pipeline to your command line to suppress this error.\n\n",
    );
    const ok = await sigma(["convert", "--plugin", plugin, "-t", "echo_strict", "--without-pipeline", "rules"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("Test rule\n");
  });

  it("refuses -c for a backend without correlations", async () => {
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-c", "default", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Error: Invalid value for correlation_method: Backend 'echo' does not support correlations but correlation method was provided on command line.",
    );
  });

  it("checks that registered pipelines allow the target, unless --disable-pipeline-check (§3.5)", async () => {
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-p", "loki_grafana_logfmt", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: \nThe pipeline 'loki_grafana_logfmt' is not intended to be used with the target echo.\n");
    expect(r.stderr).toContain("check with --disable-pipeline-check.\n");
    const ok = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-p", "loki_grafana_logfmt", "--disable-pipeline-check", "rules"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("Test rule\n");
  });

  it("writes object results as Python-style JSON lines, indented with -j (§3.7)", async () => {
    const r = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-f", "json", "rules", "corr/base_only.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"title": "Test rule", "level": "high"}\n{"title": "Base rule", "level": "low"}\n');
    const j = await sigma(["convert", "--plugin", plugin, "-t", "echo", "-f", "json", "-j", "2", "rules"]);
    expect(j.stdout).toBe('{\n  "title": "Test rule",\n  "level": "high"\n}\n');
  });
});

describe("errors of plugin backends", () => {
  it("-s collects Sigma errors only: a backend's TypeError stops the run with exit 1 and one line", async () => {
    const plugin = join(FIX, "plugins/boom-plugin.mjs");
    const r = await sigma(["convert", "--plugin", plugin, "-t", "boom", "-s", "rules", "mixed"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "Parsing Sigma rules\n" +
        "Error: TypeError: Cannot read properties of undefined (reading 'field') (while converting rule rules/proc_httpd_cmd.yml:1:1)\n",
    );
    const verbose = await sigma(["convert", "--plugin", plugin, "-t", "boom", "-s", "--verbose", "rules"]);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\(while converting rule rules\/proc_httpd_cmd\.yml:1:1\)\nTypeError: Cannot read properties of undefined \(reading 'field'\)\n\s+at \S*convertRule /);
  });

  it("keep their class and location when the plugin bundles its own copy of @sigma/core", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigma-own-core-"));
    const plugin = join(dir, "own-core-plugin.mjs");
    // The plugin as a user would ship it: one file, with @sigma/core bundled in.
    await build({
      stdin: {
        contents: `import { SigmaFeatureNotSupportedByBackendError } from "@sigma/core";
export default {
  name: "own-core",
  backends: {
    own_core: () => ({
      name: "Own core", identifier: "own_core", formats: { default: "Titles" }, defaultFormat: "default",
      options: {}, correlationMethods: {},
      convertRule(rule) {
        if (rule.title === "Test rule") throw new SigmaFeatureNotSupportedByBackendError("no such feature here", { line: 7, column: 3 });
        return [rule.title];
      },
    }),
  },
};`,
        resolveDir: PKG,
        loader: "js",
      },
      bundle: true,
      format: "esm",
      platform: "node",
      conditions: ["source"],
      outfile: plugin,
      logLevel: "silent",
    });
    const r = await sigma(["convert", "--plugin", plugin, "-t", "own_core", "--verbose", "rules", "corr/base_only.yml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("Base rule\n");
    expect(r.stderr).toContain("rules/proc_httpd_cmd.yml:7:3: no such feature here (SigmaFeatureNotSupportedByBackendError)\n");
    const skipped = await sigma(["convert", "--plugin", plugin, "-t", "own_core", "-s", "--json", "rules"]);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toEqual({
      path: "rules/proc_httpd_cmd.yml",
      queries: [],
      errors: [{ type: "SigmaFeatureNotSupportedByBackendError", message: "no such feature here", line: 7, column: 3 }],
      warnings: [],
    });
  });
});

describe("plugin objects are checked", () => {
  it("a module whose default export is not shaped like a plugin is an error, not a crash", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sigma-bad-plugin-"));
    await writeFile(join(dir, "bad.mjs"), 'export default { name: "bad", backends: { nope: 1 } };\n');
    const r = await sigma(["list", "targets", "--plugin", join(dir, "bad.mjs")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not a plugin object: backends, pipelines, transformations, conditions, postprocessing, finalizers must be objects (backends of factory functions).");
  });
});
