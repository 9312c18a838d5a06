import { describe, expect, it } from "vitest";
import { ATTACK_DOMAINS, loadAttackData } from "../src/index.js";

// The shipped ATT&CK data (src/attack/mitre-attack.json, written by pnpm attack:refresh): what
// the validators and analyses rely on must hold for any release brought in.
describe("the ATT&CK data", () => {
  it("carries its release, provenance, MITRE's licence and attribution", async () => {
    const data = await loadAttackData();
    expect(data.attackVersion).toMatch(/^\d+\.\d+$/);
    expect(data.provenance).toContain(`ATT&CK v${data.attackVersion}`);
    expect(data.licence).toContain("provided that you reproduce MITRE's copyright designation and this license in any such copy");
    expect(data.attribution).toMatch(/© \d{4} The MITRE Corporation/);
    expect(await loadAttackData()).toBe(data);
  });

  it("has well-formed IDs, and each technique's tactics and parent in its own domain", async () => {
    const data = await loadAttackData();
    for (const name of ATTACK_DOMAINS) {
      const d = data.domains[name];
      const shortnames = new Set(Object.values(d.tactics));
      expect(shortnames.size, name).toBe(Object.keys(d.tactics).length);
      for (const [id, tactics] of Object.entries(d.techniques)) {
        expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
        expect(tactics.length, id).toBeGreaterThan(0);
        for (const t of tactics) expect(shortnames, `${name} ${id}`).toContain(t);
        if (id.includes(".")) expect(d.techniques[id.split(".")[0]!], `parent of ${id}`).toBeDefined();
      }
      for (const id of d.groups) expect(id).toMatch(/^G\d{4}$/);
      for (const id of d.software) expect(id).toMatch(/^S\d{4}$/);
      for (const id of d.campaigns) expect(id).toMatch(/^C\d{4}$/);
      for (const id of d.dataComponents) expect(id).toMatch(/^DC\d{4}$/);
    }
  });

  it("knows the v19 Enterprise tactics stealth and defense-impairment", async () => {
    const tactics = Object.values((await loadAttackData()).domains.enterprise.tactics);
    expect(tactics).toContain("stealth");
    expect(tactics).toContain("defense-impairment");
    expect(tactics).not.toContain("defense-evasion");
  });

  it("names replacements only for revoked IDs, each current (or deprecated since, as some Mobile techniques)", async () => {
    const data = await loadAttackData();
    const current = new Set(
      ATTACK_DOMAINS.flatMap((n) => {
        const d = data.domains[n];
        return [...Object.keys(d.techniques), ...d.groups, ...d.software, ...d.campaigns, ...d.dataComponents];
      }),
    );
    for (const [id, r] of Object.entries(data.retired)) {
      const by = r.replacedBy;
      if (by === undefined) continue;
      expect(r.status, id).toBe("revoked");
      expect(current.has(by) || data.retired[by]?.status === "deprecated", `replacement ${by} of ${id}`).toBe(true);
    }
  });
});
