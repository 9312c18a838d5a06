/**
 * Replays the regression corpus (`tooling/fuzz-regressions/<campaign>-<hash>.<ext>`, written by
 * `pnpm fuzz` for every failing case): each case must now pass its campaign's check. Also a few
 * fixed-seed cases of every campaign, so the campaign code itself stays tested.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseAt } from "./arbitraries.js";
import { REGRESSION_DIR } from "./campaign.js";
import { CAMPAIGNS, caseArbitrary, replay, type CampaignName } from "./cases.js";

const files = readdirSync(REGRESSION_DIR).filter((f) => /^[a-z-]+-[0-9a-f]{12}\.(yml|txt)$/.test(f)).sort();

describe("regression corpus", () => {
  it("has cases", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s", (file) => {
    const campaign = file.replace(/-[0-9a-f]{12}\.\w+$/, "") as CampaignName;
    expect(CAMPAIGNS).toContain(campaign);
    const start = performance.now();
    expect(() => replay(campaign, readFileSync(join(REGRESSION_DIR, file)))).not.toThrow();
    // A hang bound, not a timing check: the cases that hung ran for minutes.
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});

describe("campaigns (fixed seed)", () => {
  it.each(CAMPAIGNS)("%s: 40 cases pass their checks", (campaign) => {
    const arbitrary = caseArbitrary(campaign);
    for (let index = 0; index < 40; index++) {
      const c = caseAt(arbitrary, 99, index)(index);
      expect(() => c.run(), `${campaign} #${index} (${c.note})`).not.toThrow();
    }
  });
});
