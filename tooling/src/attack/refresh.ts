/**
 * `pnpm attack:refresh DROP_OR_FILE` brings a new MITRE ATT&CK data drop into
 * `packages/analysis/src/attack/mitre-attack.json`: it reads the drop's `mitre-attack.json`
 * (`data/mitre-attack.json` inside a drop folder, or the file itself), checks its shape, keeps
 * only what the validators and analyses use (IDs, tactic short names, the tactics of each
 * technique, the deprecated and revoked IDs with their replacements) and writes it, with its
 * provenance, MITRE's licence and attribution, atomically. Nothing is written when the input is
 * not as expected.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ATTACK_DOMAINS, type AttackDataFile, type AttackDomain, type RetiredAttackObject } from "@sigma/analysis";

/** Where the data ships (the package whose validators read it at run time). */
export const TARGET = fileURLToPath(new URL("../../../packages/analysis/src/attack/mitre-attack.json", import.meta.url));

/** MITRE's licence for ATT&CK, reproduced in every copy (attack.mitre.org/resources/legal-and-branding/terms-of-use). */
export const MITRE_LICENCE =
  "The MITRE Corporation (MITRE) hereby grants you a non-exclusive, royalty-free license to use ATT&CK® for research, " +
  "development, and commercial purposes. Any copy you make for such purposes is authorized provided that you reproduce " +
  "MITRE's copyright designation and this license in any such copy.";

const ID = /^(TA|T|G|S|C|DC|DS|M)\d{4}(\.\d{3})?$/;

/** One object of the drop's lists (only the fields read here). */
interface DropObject {
  readonly id: string;
  readonly domains: readonly AttackDomain[];
  readonly shortname?: string;
  readonly tactics?: readonly string[];
  readonly kind?: string;
  readonly status?: string;
  readonly revoked_by?: string;
}

/** A drop that does not have the expected shape; `where` names the file and the entry. */
export class DropError extends Error {}

function fail(where: string, what: string): never {
  throw new DropError(`${where}: ${what}; nothing was changed`);
}

function text(value: unknown, where: string, field: string): string {
  if (typeof value !== "string" || value === "") fail(where, `'${field}' must be a non-empty string`);
  return value;
}

/** Reads one list of the drop, checking each entry. */
function list(drop: Record<string, unknown>, name: string, file: string, optional = false): DropObject[] {
  const value = drop[name];
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) fail(file, `'${name}' must be a list`);
  return value.map((entry: unknown, index) => {
    const where = `${file}: ${name}[${index}]`;
    if (!entry || typeof entry !== "object") fail(where, "must be an object");
    const o = entry as Record<string, unknown>;
    const id = text(o["id"], where, "id");
    if (!ID.test(id)) fail(where, `'${id}' is not an ATT&CK ID`);
    const domains = o["domains"];
    if (!Array.isArray(domains) || domains.length === 0 || !domains.every((d) => ATTACK_DOMAINS.includes(d as AttackDomain))) {
      fail(where, `'domains' must list some of ${ATTACK_DOMAINS.join(", ")}`);
    }
    if (o["tactics"] !== undefined && !(Array.isArray(o["tactics"]) && o["tactics"].every((t) => typeof t === "string"))) {
      fail(where, "'tactics' must be a list of tactic short names");
    }
    return o as unknown as DropObject;
  });
}

/** A domain while it is being filled. */
interface DomainBuilder {
  tactics: Record<string, string>;
  techniques: Record<string, string[]>;
  groups: string[];
  software: string[];
  campaigns: string[];
  dataComponents: string[];
  mitigations?: string[];
}

/** Turns a drop (the parsed `mitre-attack.json`) into the shipped data. */
export function compactAttackData(drop: unknown, file: string): AttackDataFile {
  if (!drop || typeof drop !== "object" || Array.isArray(drop)) fail(file, "must hold a JSON object");
  const d = drop as Record<string, unknown>;
  const version = text(d["attack_version"], file, "attack_version");
  const source = text(d["source"], file, "source");
  const derivation = text(d["derivation"], file, "derivation");
  const attribution = text(d["attribution"], file, "attribution");
  const hasMitigations = d["mitigations"] !== undefined;
  const domains = {} as Record<AttackDomain, DomainBuilder>;
  for (const name of ATTACK_DOMAINS) {
    domains[name] = { tactics: {}, techniques: {}, groups: [], software: [], campaigns: [], dataComponents: [], ...(hasMitigations ? { mitigations: [] } : {}) };
  }
  for (const t of list(d, "tactics", file)) {
    for (const dom of t.domains) domains[dom].tactics[t.id] = text(t.shortname, `${file}: tactic ${t.id}`, "shortname");
  }
  for (const t of list(d, "techniques", file)) {
    for (const dom of t.domains) domains[dom].techniques[t.id] = [...(t.tactics ?? [])];
  }
  const ids = (name: string, key: "groups" | "software" | "campaigns" | "dataComponents" | "mitigations", optional = false): void => {
    for (const o of list(d, name, file, optional)) for (const dom of o.domains) domains[dom][key]?.push(o.id);
  };
  ids("groups", "groups");
  ids("software", "software");
  ids("campaigns", "campaigns");
  ids("data_components", "dataComponents");
  ids("mitigations", "mitigations", true);
  const retired: Record<string, RetiredAttackObject> = {};
  for (const o of list(d, "deprecated_or_revoked", file)) {
    const where = `${file}: deprecated_or_revoked ${o.id}`;
    const status = o.status;
    if (status !== "deprecated" && status !== "revoked") fail(where, "'status' must be deprecated or revoked");
    if (o.revoked_by !== undefined && !ID.test(o.revoked_by)) fail(where, `'revoked_by' ${o.revoked_by} is not an ATT&CK ID`);
    retired[o.id] = { kind: text(o.kind, where, "kind"), status, ...(o.revoked_by !== undefined ? { replacedBy: o.revoked_by } : {}) };
  }
  return {
    attackVersion: version,
    provenance:
      `ATT&CK v${version} from ${source}. ${derivation} ` +
      "Compacted by pnpm attack:refresh to what the validators and analyses read: the IDs of current objects per domain, " +
      "tactic short names, the tactics of each technique, and the deprecated and revoked IDs with their replacements " +
      "(names and descriptions are left out).",
    licence: MITRE_LICENCE,
    attribution,
    domains,
    retired,
  };
}

/** The data file of a drop: `data/mitre-attack.json` or `mitre-attack.json` in a folder, or the file given. */
export function dropFile(input: string): string {
  if (!existsSync(input)) throw new DropError(`${input}: no such file or folder; nothing was changed`);
  if (!statSync(input).isDirectory()) return input;
  for (const candidate of [join(input, "data", "mitre-attack.json"), join(input, "mitre-attack.json")]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new DropError(`${input}: holds neither data/mitre-attack.json nor mitre-attack.json; nothing was changed`);
}

/** Serialises the data: one entry per line, so that a refresh shows as a readable diff. */
export function serialise(data: AttackDataFile): string {
  return `${JSON.stringify(data, null, 1)}\n`;
}

/** Reads, converts and writes (through a temporary file, so a failure leaves the old data in place). */
export function refresh(input: string, target: string = TARGET): AttackDataFile {
  const file = dropFile(input);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new DropError(`${file}: not JSON (${(err as Error).message}); nothing was changed`);
  }
  const data = compactAttackData(parsed, file);
  const staging = `${target}.refresh`;
  writeFileSync(staging, serialise(data));
  renameSync(staging, target);
  return data;
}

function main(args: readonly string[]): number {
  if (args.length !== 1 || args[0]!.startsWith("-")) {
    console.error("usage: pnpm attack:refresh DROP_OR_FILE   (a drop folder holding data/mitre-attack.json, or that file)");
    return 2;
  }
  try {
    const data = refresh(resolve(process.env["INIT_CWD"] ?? process.cwd(), args[0]!));
    for (const [name, d] of Object.entries(data.domains)) {
      console.log(`${name}: ${Object.keys(d.tactics).length} tactics, ${Object.keys(d.techniques).length} techniques, ` +
        `${d.groups.length} groups, ${d.software.length} software, ${d.campaigns.length} campaigns, ${d.dataComponents.length} data components`);
    }
    console.log(`ATT&CK v${data.attackVersion}, ${Object.keys(data.retired).length} deprecated or revoked IDs → ${TARGET}`);
    console.log("Now run the analysis and CLI tests (pnpm test), and commit the data with a changeset for @sigma/analysis.");
    return 0;
  } catch (err) {
    if (err instanceof DropError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
