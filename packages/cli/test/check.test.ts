import { describe, expect, it } from "vitest";
import { sigma } from "./helpers.js";

/** The issue lines of a check report, without the rule path. */
function issueLines(stdout: string): string[] {
  return stdout.split("\n").filter((l) => l.startsWith("issue=")).map((l) => l.replace(/ rule=\S+/, ""));
}

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

  it("checks ATT&CK tags against the current release: renamed tactics, retired and mistyped IDs", async () => {
    const r = await sigma(["check", "check/attack"]);
    expect(r.code).toBe(0);
    // attack.stealth, attack.defense-impairment (v19 tactics), t1685, g0016, s0002, c0001, dc0001 and
    // m1047 (mitigations by form: the data has none) are current; the rest are not.
    expect(issueLines(r.stdout)).toEqual([
      "issue=InvalidATTACKTagIssue severity=medium description=Invalid MITRE ATT&CK tagging tag=attack.defense-evasion",
      "issue=DeprecatedATTACKTagIssue severity=low description=Deprecated or revoked MITRE ATT&CK tagging tag=attack.t1562.001 kind=technique status=revoked replacement=attack.t1685",
      "issue=DeprecatedATTACKTagIssue severity=low description=Deprecated or revoked MITRE ATT&CK tagging tag=attack.ds0005 kind=data_source status=deprecated replacement=-",
      "issue=InvalidATTACKTagIssue severity=medium description=Invalid MITRE ATT&CK tagging tag=attack.t0800",
      "issue=InvalidATTACKTagIssue severity=medium description=Invalid MITRE ATT&CK tagging tag=attack.t9999",
      "issue=InvalidATTACKTagIssue severity=medium description=Invalid MITRE ATT&CK tagging tag=attack.T1059",
      "issue=InvalidTagFormatIssue severity=medium description=Invalid char in namaspace or name tag tag=attack.T1059",
    ]);
  });

  it("checks ATT&CK tags of the domains a validation config names (Mobile's defense-evasion, ICS's T0800)", async () => {
    const r = await sigma(["check", "-c", "check/attack_all_domains.yml", "check/attack"]);
    expect(r.code).toBe(0);
    expect(issueLines(r.stdout).map((l) => /tag=(\S+)/.exec(l)?.[1])).toEqual(["attack.t1562.001", "attack.ds0005", "attack.t9999", "attack.T1059"]);
    const bad = await sigma(["check", "-c", "check/attack_bad_domain.yml", "check/attack"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Error: Configuration for validator 'attacktag': unknown ATT&CK domain \"pre\"; use enterprise, mobile, ics.\n");
  });

  it("excludes the ATT&CK validator, deprecations included, with -x attacktag", async () => {
    const r = await sigma(["check", "-x", "attacktag", "check/attack"]);
    expect(issueLines(r.stdout)).toEqual(["issue=InvalidTagFormatIssue severity=medium description=Invalid char in namaspace or name tag tag=attack.T1059"]);
  });
});

