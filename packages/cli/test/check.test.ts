import { describe, expect, it } from "vitest";
import { sigma } from "./helpers.js";

// Expected output structure and exit rules: spec/sigma-cli.md §5.3 and E7.
describe("sigma check", () => {
  it("reports rule and condition errors and fails (E7)", async () => {
    const r = await sigma(["check", "check/invalid"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Parsing Sigma rules\nChecking Sigma rules\n");
    expect(r.stdout).toContain("=== Sigma Rule Errors ===\n");
    expect(r.stdout).toContain(
      "Condition error in check/invalid/rule_with_condition_error.yml",
    );
    expect(r.stdout).toContain("The pipe syntax in Sigma conditions has been deprecated and replaced by Sigma correlations.");
    expect(r.stdout).toMatch(/\n=== Summary ===\nFound \d+ errors, 1 condition errors and 0 issues\.\n/);
    expect(r.stdout).toContain("\nRule error summary:\n+-------+");
    expect(r.stdout).toContain("| Count | Rule Error ");
    expect(r.stdout).toContain("\nCondition error summary:\n");
    expect(r.stdout).toContain("No validation issues found.\n");
    expect(r.stdout.endsWith("Check failure\n")).toBe(true);
  });

  it("passes with -E despite errors", async () => {
    const r = await sigma(["check", "-E", "check/invalid"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("Check failure");
  });

  it("reports validation issues; fails on them only with -i", async () => {
    const r = await sigma(["check", "check/issues"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("=== Issues ===\n");
    expect(r.stdout).toMatch(/issue=IdentifierExistenceIssue severity=medium description=.* rule=check\/issues\/rule_with_issues\.yml/);
    expect(r.stdout).toMatch(/issue=DuplicateTagIssue severity=medium .* tag=attack\.execution/);
    expect(r.stdout).toMatch(/issue=AllOfThemConditionIssue severity=medium/);
    expect(r.stdout).toContain("No rule errors found.\nNo condition errors found.\n\nValidation issue summary:\n");
    expect(r.stdout).toContain("| Count | Issue ");
    const i = await sigma(["check", "-i", "check/issues"]);
    expect(i.code).toBe(1);
    expect(i.stdout.endsWith("Check failure\n")).toBe(true);
  });

  it("excludes validators with -x and reports unknown names", async () => {
    const r = await sigma(["check", "-x", "duplicate_tag", "-x", "FOO", "check/issues"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Invalid validators name : ['foo'] use 'sigma list validators'\n");
    expect(r.stdout).toContain("Ignoring these validators : ['duplicate_tag']");
    expect(r.stdout).not.toContain("DuplicateTagIssue");
  });

  it("uses a validation config file", async () => {
    const r = await sigma(["check", "-c", "check/exclude_duplicate_tag.yml", "-i", "check/issues"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("DuplicateTagIssue");
    expect(r.stdout).not.toContain("IdentifierExistenceIssue");
    const bad = await sigma(["check", "-c", "check/bad_config.yml", "check/issues"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Error: Attempting to remove not existing validator 'nonexist' from validator set");
    const missing = await sigma(["check", "-c", "nope.yml", "check/issues"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Error: Invalid value for '--validation-config' / '-c': 'nope.yml': No such file or directory");
  });

  it("checks clean rules without issues", async () => {
    const r = await sigma(["check", "-i", "rules"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Found 0 errors, 0 condition errors and 0 issues.\nNo rule errors found.\nNo condition errors found.\nNo validation issues found.\n");
  });

  it("lets -I (pass on issues) undo -i", async () => {
    const r = await sigma(["check", "-i", "-I", "check/issues"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("=== Issues ===");
  });
});
