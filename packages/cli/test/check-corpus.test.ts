import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PKG, sigma } from "./helpers.js";

/**
 * `sigma check` over the SigmaHQ corpus's rules/ folder (3,141 files, kept clean by pySigma's
 * validators in SigmaHQ's CI). What remains is what pySigma's validators with current ATT&CK data
 * report too; each count is pinned so that a change in a validator shows here. By validator:
 * - escaped_wildcard: EscapedWildcardIssue, values with a literal `?` or `*` (`\?`, `\\?\GLOBALROOT…`);
 * - number_as_string: NumberAsStringIssue, values such as '2' and '4' written as strings;
 * - specific_instead_of_generic_logsource: Sysmon rules on EventID 16, 27, 28, 29, whose generic
 *   categories (sysmon_status, file_block_executable, …) pySigma's table names;
 * - attacktag: DeprecatedATTACKTagIssue (pySigma: InvalidATTACKTagIssue), attack.ds0005, a data
 *   source deprecated in ATT&CK v18.
 */
describe("sigma check over the corpus rules/", () => {
  it("reports only what pySigma reports, with pinned counts", async () => {
    const r = await sigma(["check", join(PKG, "../../fixtures/corpus/sigma/rules")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Found 0 errors, 0 condition errors and 67 issues.\nNo rule errors found.\nNo condition errors found.\n");
    const counts = Object.fromEntries(
      [...r.stdout.matchAll(/^\| (\d+) +\| (\w+) +\| (LOW|MEDIUM|HIGH) +\|/gm)].map((m) => [`${m[2]} ${m[3]}`, Number(m[1])]),
    );
    expect(counts).toEqual({
      "EscapedWildcardIssue LOW": 54,
      "NumberAsStringIssue LOW": 8,
      "SpecificInsteadOfGenericLogsourceIssue HIGH": 4,
      "DeprecatedATTACKTagIssue LOW": 1,
    });
    expect(r.stdout).toMatch(/^issue=DeprecatedATTACKTagIssue .* tag=attack\.ds0005 kind=data_source status=deprecated replacement=-$/m);
  });
});
