/** Validators of rule tags: namespaces, formats, TLP, duplicates, and MITRE ATT&CK against the current release. */
import { ATTACK_DOMAINS } from "../attack/data.js";
import type { AttackDataFile, AttackDomain } from "../attack/data.js";
import type { AnyRule } from "../rules.js";
import { issue, perRule, ValidationConfigError } from "./types.js";
import type { IssueKind, ValidationIssue, ValidatorDefinition } from "./types.js";

const TAG_FORMAT = { type: "InvalidTagFormatIssue", severity: "medium", description: "Invalid char in namaspace or name tag" } as const;
const INVALID_ATTACK = { type: "InvalidATTACKTagIssue", severity: "medium", description: "Invalid MITRE ATT&CK tagging" } as const;
/** Not in pySigma (whose data drops retired IDs, so they are invalid there): a retired ID is known, only outdated. */
const RETIRED_ATTACK = {
  type: "DeprecatedATTACKTagIssue",
  severity: "low",
  description: "Deprecated or revoked MITRE ATT&CK tagging",
} as const;
const INVALID_D3FEND = { type: "InvalidD3FENDagIssue", severity: "medium", description: "Invalid MITRE D3FEND tagging" } as const;
const INVALID_TLP = { type: "InvalidTLPTagIssue", severity: "medium", description: "Invalid TLP tagging" } as const;
const DUPLICATE_TAG = { type: "DuplicateTagIssue", severity: "medium", description: "The same tag appears multiple times" } as const;
const INVALID_NAMESPACE = { type: "InvalidNamespaceTagIssue", severity: "medium", description: "Invalid tagging namespace" } as const;
const INVALID_PATTERN = { type: "InvalidPatternTagIssue", severity: "medium", description: "The tag is using an invalid pattern" } as const;

const NAMESPACES = new Set(["attack", "car", "cve", "d3fend", "detection", "stp", "tlp"]);
const TLP_V1 = ["white", "green", "amber", "red"];
const TLP_V2 = ["clear", "green", "amber", "amber-strict", "red"];
/** D3FEND tactics; techniques and artifacts are checked by form (the D3FEND data is not bundled). */
const D3FEND_TACTICS = new Set(["model", "harden", "detect", "isolate", "deceive", "evict", "restore"]);

const tagText = (t: { namespace: string; name: string }): string => `${t.namespace}.${t.name}`;

/** A validator of the tags of one namespace whose names must pass `valid`. */
function namespaceTags(name: string, description: string, namespace: string, kind: IssueKind, valid: (name: string) => boolean): ValidatorDefinition {
  return perRule(name, description, (rule) =>
    rule.tags.filter((t) => t.namespace === namespace && !valid(t.name)).map((t) => issue(kind, rule, { tag: tagText(t) })),
  );
}

/** What the ATT&CK validator accepts, built once per run from the data. */
interface AttackIndex {
  readonly current: ReadonlySet<string>;
  readonly retired: AttackDataFile["retired"];
  /** Mitigation IDs are accepted by form when the data has none (pySigma accepts current mitigations). */
  readonly mitigationsByForm: boolean;
}

function attackIndex(data: AttackDataFile, domains: readonly AttackDomain[]): AttackIndex {
  const current = new Set<string>();
  let mitigationsByForm = false;
  for (const name of domains) {
    const d = data.domains[name];
    for (const shortname of Object.values(d.tactics)) current.add(shortname);
    for (const id of [...Object.keys(d.techniques), ...d.groups, ...d.software, ...d.campaigns, ...d.dataComponents, ...(d.mitigations ?? [])]) {
      current.add(id.toLowerCase());
    }
    if (d.mitigations === undefined) mitigationsByForm = true;
  }
  return { current, retired: data.retired, mitigationsByForm };
}

function attackDomains(config: Readonly<Record<string, unknown>>): AttackDomain[] {
  const value = config["domains"] ?? ["enterprise"];
  const list = Array.isArray(value) ? value : [value];
  for (const d of list) {
    if (!ATTACK_DOMAINS.includes(d as AttackDomain)) {
      throw new ValidationConfigError(`Configuration for validator 'attacktag': unknown ATT&CK domain ${JSON.stringify(d)}; use ${ATTACK_DOMAINS.join(", ")}.`);
    }
  }
  return list as AttackDomain[];
}

function attackTagIssues(rule: AnyRule, index: AttackIndex): ValidationIssue[] {
  return rule.tags.flatMap((t) => {
    if (t.namespace !== "attack" || index.current.has(t.name)) return [];
    if (index.mitigationsByForm && /^m\d{4}$/.test(t.name)) return [];
    const retired = t.name === t.name.toLowerCase() ? index.retired[t.name.toUpperCase()] : undefined;
    if (!retired) return [issue(INVALID_ATTACK, rule, { tag: tagText(t) })];
    return [issue(RETIRED_ATTACK, rule, {
      tag: tagText(t),
      kind: retired.kind,
      status: retired.status,
      replacement: retired.replacedBy ? `attack.${retired.replacedBy.toLowerCase()}` : "",
    })];
  });
}

export const tagValidators: ValidatorDefinition[] = [
  {
    name: "attacktag",
    description: "Checks MITRE ATT&CK tags against the current release (setting domains: enterprise, mobile, ics; default enterprise).",
    needsAttackData: true,
    create(config, data) {
      if (!data.attack) throw new Error("attacktag needs the ATT&CK data (load it with loadAttackData)");
      const index = attackIndex(data.attack, attackDomains(config));
      return { validate: (rule) => attackTagIssues(rule, index) };
    },
  },
  namespaceTags("cartag", "Checks the form of MITRE CAR tags.", "car", INVALID_PATTERN, (n) => /^\d{4}-\d{2}-\d{3}$/.test(n)),
  namespaceTags("cvetag", "Checks the form of CVE tags.", "cve", INVALID_PATTERN, (n) => /^\d+-\d+$/.test(n)),
  namespaceTags("d3_fendtag", "Checks MITRE D3FEND tags (tactics by name, techniques and artifacts by form).", "d3fend", INVALID_D3FEND,
    (n) => D3FEND_TACTICS.has(n) || /^d3-[a-z0-9]+$/.test(n) || /^d3f:[A-Za-z0-9]+$/.test(n)),
  // pySigma matches the start of the name only.
  namespaceTags("detection_tag", "Checks detection tags (dfir, emerging-threats, threat-hunting).", "detection", INVALID_PATTERN,
    (n) => /^(?:dfir|emerging-threats|threat-hunting)/.test(n)),
  perRule("duplicate_tag", "Checks for tags listed more than once.", (rule) => {
    const counts = new Map<string, number>();
    for (const t of rule.tags.map(tagText)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([t]) => issue(DUPLICATE_TAG, rule, { tag: t }));
  }),
  perRule("namespace_tag", "Checks that tags use a known namespace.", (rule) =>
    rule.tags.filter((t) => !NAMESPACES.has(t.namespace)).map((t) => issue(INVALID_NAMESPACE, rule, { tag: tagText(t) })),
  ),
  namespaceTags("stptag", "Checks the form of Summiting the Pyramid tags.", "stp", INVALID_PATTERN, (n) => /^[1-5][auk]?$/.test(n)),
  namespaceTags("tlptag", "Checks TLP tags (version 1 or 2).", "tlp", INVALID_TLP, (n) => TLP_V1.includes(n) || TLP_V2.includes(n)),
  namespaceTags("tlpv1_tag", "Checks that TLP tags are TLP version 1 tags.", "tlp", INVALID_TLP, (n) => TLP_V1.includes(n)),
  namespaceTags("tlpv2_tag", "Checks that TLP tags are TLP version 2 tags.", "tlp", INVALID_TLP, (n) => TLP_V2.includes(n)),
  perRule("tag_format", "Checks that tags are namespace.name in lower case letters, digits, '-', '_' (and '.' in the name).", (rule) =>
    rule.tags.filter((t) => !/^[a-z0-9_-]+\.[a-z0-9_.-]+$/.test(tagText(t))).map((t) => issue(TAG_FORMAT, rule, { tag: tagText(t) })),
  ),
];
