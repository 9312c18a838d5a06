/**
 * The plugin as the held-out check loads it: `sigma convert -t text_query_test --plugin
 * packages/backend-test FILES...` from the repository root, with the built CLI and the built
 * plugin (`pnpm build` first).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CASES = "fixtures/conformance/cases";

function sigma(...args: string[]) {
  const r = spawnSync(process.execPath, ["packages/cli/dist/bin.cjs", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("sigma convert -t text_query_test --plugin packages/backend-test", () => {
  it("lists the target", () => {
    const r = sigma("list", "targets", "--plugin", "packages/backend-test");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\| text_query_test +\| Test backend +\|/);
  });

  it("converts rules and correlations as pySigma's test backend does", () => {
    const convert = (file: string) => sigma("convert", "-t", "text_query_test", "--plugin", "packages/backend-test", `${CASES}/${file}`);
    const rule = convert("features/modifiers/cased.yml");
    expect([rule.code, rule.stdout]).toEqual([0, 'mappedA casematch "valueA" or not mappedA casematch "valueA"\n']);
    const correlation = convert("correlations/pysigma-tests/test_conversion_correlations__event_count_correlation_rule.yml");
    expect([correlation.code, correlation.stdout]).toEqual([
      0,
      "EventID=4625\n| aggregate window=5min count() as event_count by TargetUserName, TargetDomainName, fieldB\n| where event_count >= 10\n",
    ]);
  });

  it("reports a rule it cannot convert and converts the others", () => {
    const r = sigma("convert", "-t", "text_query_test", "--plugin", "packages/backend-test", `${CASES}/features/modifiers/week.yml`, `${CASES}/features/modifiers/gt.yml`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("mappedA>1 or not mappedA>1\n");
    expect(r.stderr).toContain("Field equals timestamp part value expressions are not supported by the backend.");
  });
});
