import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DropError, MITRE_LICENCE, TARGET, compactAttackData, dropFile, refresh, serialise } from "./refresh.js";

/** A drop in the shape of shared data/mitre-attack.json, two objects per list. */
function drop(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: "mitre/cti@abc",
    attack_version: "19.0",
    derivation: "Read from STIX.",
    attribution: "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.",
    notes: "left out",
    domains: ["enterprise-attack", "mobile-attack", "ics-attack"],
    tactics: [
      { id: "TA0005", shortname: "stealth", name: "Stealth", domains: ["enterprise"] },
      { id: "TA0030", shortname: "defense-evasion", name: "Defense Evasion", domains: ["mobile"] },
    ],
    techniques: [
      { id: "T1059", name: "Command and Scripting Interpreter", domains: ["enterprise"], tactics: ["execution"] },
      { id: "T1059.001", name: "PowerShell", domains: ["enterprise"], subtechnique: true, tactics: ["execution"] },
    ],
    groups: [{ id: "G0016", name: "APT29", domains: ["enterprise", "mobile"] }],
    software: [{ id: "S0017", name: "BISCUIT", domains: ["enterprise"] }],
    campaigns: [{ id: "C0001", name: "Frankenstein", domains: ["enterprise"] }],
    data_components: [{ id: "DC0001", name: "Scheduled Job Creation", domains: ["enterprise", "ics"] }],
    deprecated_or_revoked: [
      { id: "T1562", name: "Impair Defenses", kind: "technique", status: "revoked", revoked_by: "T1685", domains: ["enterprise"], since: "19.0" },
      { id: "S0017", name: "EKANS", kind: "software", status: "deprecated", domains: ["ics"] },
    ],
    ...overrides,
  };
}

const dir = mkdtempSync(join(tmpdir(), "attack-refresh-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pnpm attack:refresh", () => {
  it("keeps the IDs per domain, the tactics, the retired IDs, the provenance and MITRE's licence", () => {
    const data = compactAttackData(drop(), "drop.json");
    expect(data.attackVersion).toBe("19.0");
    expect(data.provenance).toMatch(/^ATT&CK v19\.0 from mitre\/cti@abc\. Read from STIX\. Compacted by pnpm attack:refresh/);
    expect(data.licence).toBe(MITRE_LICENCE);
    expect(data.attribution).toMatch(/^© 2025 The MITRE Corporation/);
    expect(data.domains.enterprise).toEqual({
      tactics: { TA0005: "stealth" },
      techniques: { T1059: ["execution"], "T1059.001": ["execution"] },
      groups: ["G0016"],
      software: ["S0017"],
      campaigns: ["C0001"],
      dataComponents: ["DC0001"],
    });
    expect(data.domains.mobile.groups).toEqual(["G0016"]);
    expect(data.domains.ics.dataComponents).toEqual(["DC0001"]);
    expect(data.retired).toEqual({
      T1562: { kind: "technique", status: "revoked", replacedBy: "T1685" },
      S0017: { kind: "software", status: "deprecated" },
    });
    expect(JSON.stringify(data)).not.toContain("PowerShell");
  });

  it("keeps mitigations when the drop has them", () => {
    const data = compactAttackData(drop({ mitigations: [{ id: "M1047", name: "Audit", domains: ["enterprise"] }] }), "drop.json");
    expect(data.domains.enterprise.mitigations).toEqual(["M1047"]);
    expect(data.domains.ics.mitigations).toEqual([]);
  });

  it("refuses a drop of another shape, naming the entry", () => {
    expect(() => compactAttackData(drop({ techniques: [{ id: "X1", domains: ["enterprise"] }] }), "d.json")).toThrow(
      new DropError("d.json: techniques[0]: 'X1' is not an ATT&CK ID; nothing was changed"),
    );
    expect(() => compactAttackData(drop({ groups: [{ id: "G0001", domains: ["pre"] }] }), "d.json")).toThrow("d.json: groups[0]: 'domains' must list some of");
    expect(() => compactAttackData(drop({ attack_version: 19 }), "d.json")).toThrow("'attack_version' must be a non-empty string");
    expect(() => compactAttackData([], "d.json")).toThrow("d.json: must hold a JSON object");
  });

  it("reads a drop folder or the file, writes the target, and leaves it alone when the drop is bad", () => {
    mkdirSync(join(dir, "drop", "data"), { recursive: true });
    const file = join(dir, "drop", "data", "mitre-attack.json");
    writeFileSync(file, JSON.stringify(drop()));
    expect(dropFile(join(dir, "drop"))).toBe(file);
    expect(dropFile(file)).toBe(file);
    expect(() => dropFile(join(dir, "nothing"))).toThrow(DropError);
    const target = join(dir, "out.json");
    const data = refresh(join(dir, "drop"), target);
    expect(readFileSync(target, "utf8")).toBe(serialise(data));
    writeFileSync(file, "{ not json");
    expect(() => refresh(file, target)).toThrow(/not JSON/);
    expect(JSON.parse(readFileSync(target, "utf8"))).toEqual(data);
  });

  it("targets the data file of @sigma/analysis, which has the refresh's own format", () => {
    const shipped = readFileSync(TARGET, "utf8");
    expect(serialise(JSON.parse(shipped))).toBe(shipped);
  });
});
