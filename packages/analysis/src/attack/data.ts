/**
 * MITRE ATT&CK data of the current release, as the validators and analyses use it. The data lives
 * in `mitre-attack.json` beside this module (written by `pnpm attack:refresh`, provenance, licence
 * and attribution inside it) and is imported on first use only, so a browser bundle puts it in a
 * chunk of its own that is fetched when a validator or an analysis needs it.
 */

/** The three ATT&CK domains (matrices). */
export const ATTACK_DOMAINS = ["enterprise", "mobile", "ics"] as const;
/** An ATT&CK domain. */
export type AttackDomain = (typeof ATTACK_DOMAINS)[number];

/** The current objects of one domain, by ATT&CK ID (upper case, as MITRE writes them). */
export interface AttackDomainData {
  /** Tactic ID → tactic short name (`TA0005` → `stealth`). */
  readonly tactics: Readonly<Record<string, string>>;
  /** Technique or sub-technique ID → short names of its tactics, in MITRE's order. */
  readonly techniques: Readonly<Record<string, readonly string[]>>;
  readonly groups: readonly string[];
  readonly software: readonly string[];
  readonly campaigns: readonly string[];
  readonly dataComponents: readonly string[];
  /** Mitigation IDs; absent when the source data has none. */
  readonly mitigations?: readonly string[];
}

/** An ID that is no longer current. */
export interface RetiredAttackObject {
  /** What it was: `technique`, `group`, `software`, `campaign`, `tactic`, `data_source`, `data_component`, `mitigation`. */
  readonly kind: string;
  readonly status: "deprecated" | "revoked";
  /** The ID that replaces a revoked object (the end of the revocation chain). */
  readonly replacedBy?: string;
}

/** The content of `mitre-attack.json`. */
export interface AttackDataFile {
  /** ATT&CK release, e.g. `19.0`. */
  readonly attackVersion: string;
  /** Where the data came from and how it was derived. */
  readonly provenance: string;
  /** MITRE's licence, which every copy must reproduce. */
  readonly licence: string;
  /** MITRE's copyright designation. */
  readonly attribution: string;
  readonly domains: Readonly<Record<AttackDomain, AttackDomainData>>;
  /** Deprecated and revoked IDs (upper case). An ID can be current in one domain and retired in another. */
  readonly retired: Readonly<Record<string, RetiredAttackObject>>;
}

let loading: Promise<AttackDataFile> | undefined;

/**
 * Loads the ATT&CK data (once; later calls share the first load). The import is dynamic so that
 * bundlers keep the data out of the chunks that do not need it.
 */
export function loadAttackData(): Promise<AttackDataFile> {
  loading ??= import("./mitre-attack.json", { with: { type: "json" } }).then((m) => m.default as AttackDataFile);
  return loading;
}
