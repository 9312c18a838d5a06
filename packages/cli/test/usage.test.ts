import { DEFAULT_LIMITS } from "@sigma/core";
import { describe, expect, it } from "vitest";
import { sigma, usageError } from "./helpers.js";

// Expected texts: spec/sigma-cli.md §1.1, §1.2, §3.1, §3.6 and the message catalogue (§10).
describe("usage errors (exit 2) and help", () => {
  it("prints help on stdout with exit 0 for -h and --help", async () => {
    for (const flag of ["-h", "--help"]) {
      const r = await sigma([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Usage: sigma [OPTIONS] COMMAND [ARGS]...");
      expect(r.stdout).toMatch(/convert/);
    }
    const c = await sigma(["convert", "-h"]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("Usage: sigma convert [OPTIONS] INPUT...");
    expect(c.stdout).toContain("--target");
  });

  it("names every limit --limit can override in the help of convert and check", async () => {
    for (const command of ["convert", "check"]) {
      const help = (await sigma([command, "--help"])).stdout.replace(/\s+/g, " ");
      for (const name of Object.keys(DEFAULT_LIMITS)) expect(help, `${command} --help`).toContain(name);
    }
  });

  it("prints the group help on stderr with exit 2 when no subcommand is given", async () => {
    const r = await sigma([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: sigma [OPTIONS] COMMAND [ARGS]...");
    const l = await sigma(["list"]);
    expect(l.code).toBe(2);
    expect(l.stderr).toContain("Usage: sigma list [OPTIONS] COMMAND [ARGS]...");
  });

  it("rejects an unknown command with a suggestion", async () => {
    const r = await sigma(["conver"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "Usage: sigma [OPTIONS] COMMAND [ARGS]...\nTry 'sigma --help' for help.\n\nError: No such command 'conver'. Did you mean 'convert'?\n",
    );
  });

  it("has no --version option", async () => {
    const r = await sigma(["--version"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: No such option '--version'.");
  });

  it("rejects an unknown option and suggests close ones", async () => {
    const r = await sigma(["convert", "--pipline", "x", "-t", "loki", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: sigma convert [OPTIONS] INPUT...\nTry 'sigma convert --help' for help.\n\nError: No such option '--pipline'.");
    expect(r.stderr).toContain("'--pipeline'");
  });

  it("requires --target and lists the choices", async () => {
    const r = await sigma(["convert", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(usageError("convert", "[OPTIONS] INPUT...", "Missing option '--target' / '-t'. Choose from:\n\tloki"));
  });

  it("rejects an unknown target", async () => {
    const r = await sigma(["convert", "-t", "splunk", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid value for '--target' / '-t': 'splunk' is not 'loki'.");
  });

  it("checks -j is an integer", async () => {
    const r = await sigma(["convert", "-t", "loki", "-j", "abc", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid value for '--json-indent' / '-j': 'abc' is not a valid integer.");
  });

  it("checks the key=value format of -O", async () => {
    const r = await sigma(["convert", "-t", "loki", "-O", "foo", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Invalid value for '--backend-option' / '-O': Value 'foo' has not format key=value");
  });

  it("rejects a misspelt backend option (E6)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-O", "add_line_filter=true", "rules/proc_httpd_cmd.yml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      usageError("convert", "[OPTIONS] INPUT...", "Invalid value for backend_option: Parameter 'add_line_filter' is not supported by backend 'loki'."),
    );
  });

  it("requires INPUT and checks that inputs exist", async () => {
    const missing = await sigma(["convert", "-t", "loki"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Error: Missing argument 'INPUT...'.");
    const bad = await sigma(["convert", "-t", "loki", "nonexist.yml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Error: Invalid value for 'INPUT...': Path 'nonexist.yml' does not exist.");
    const filter = await sigma(["convert", "-t", "loki", "--filter", "x", "rules"]);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain("Error: Invalid value for '--filter': Path 'x' does not exist.");
  });

  it("rejects an unknown output format with a hint", async () => {
    const r = await sigma(["convert", "-t", "loki", "-f", "nope", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Error: Invalid value for format: Output format 'nope' is not supported by backend 'loki'. Run sigma list formats loki to list all available formats of the target.",
    );
  });

  it("rejects an unknown correlation method with a hint", async () => {
    const r = await sigma(["convert", "-t", "loki", "-c", "nope", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "Error: Invalid value for correlation_method: Correlation method 'nope' is not supported by backend 'loki'. Run sigma list correlation-methods loki to list all available correlation methods of the target.",
    );
  });

  it("rejects an unknown pipeline with the hint to list pipelines (E5)", async () => {
    const r = await sigma(["convert", "-t", "loki", "-p", "no_such_pipeline", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Error: The pipeline 'no_such_pipeline' was not found.\nList all installed processing pipelines with: sigma list pipelines loki\n");
    expect(r.stderr).not.toContain("Parsing Sigma rules");
  });

  it("rejects --output together with --output-dir", async () => {
    const r = await sigma(["convert", "-t", "loki", "-o", "x.txt", "--output-dir", "out", "rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: --output and --output-dir cannot be used together.");
  });

  it("checks the BACKEND argument of list subcommands", async () => {
    const missing = await sigma(["list", "formats"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Error: Missing argument '{loki}'. Choose from:\n\tloki");
    const wrong = await sigma(["list", "formats", "splunk"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Error: Invalid value for '{loki}': 'splunk' is not 'loki'.");
  });
});
