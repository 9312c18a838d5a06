import { describe, expect, it } from "vitest";
import { sigma } from "./helpers.js";

// Placeholder sources are off unless allowed (spec/reference-behaviour.md §3.2: SigmaSecurityError).
describe("external placeholder sources", () => {
  it("refuses file_placeholders without --allow-external-sources", async () => {
    const r = await sigma(["convert", "-t", "loki", "-p", "pipelines/admins_from_file.yml", "expand/admin_logon.yml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^expand\/admin_logon\.yml(:\d+:\d+)?: .*--allow-external-sources/m);
  });

  it("replaces the placeholder by the file's lines when allowed", async () => {
    const r = await sigma(["convert", "-t", "loki", "--allow-external-sources", "-p", "pipelines/admins_from_file.yml", "expand/admin_logon.yml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("alice");
    expect(r.stdout).toContain("bob");
    expect(r.stdout).not.toContain("%admins%");
  });
});

describe("colours", () => {
  it("styles hints only when colour is forced, never with NO_COLOR", async () => {
    const plain = await sigma(["convert", "-t", "loki", "-f", "nope", "rules"]);
    expect(plain.stderr).not.toContain("\x1b[");
    const forced = await sigma(["convert", "-t", "loki", "-f", "nope", "rules"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    expect(forced.stderr).toMatch(/\x1b\[[0-9;]*msigma list formats loki/);
  });
});
