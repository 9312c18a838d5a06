/** Validators of rule tags (formats of the known namespaces; checked offline, without MITRE data). */
import type { ConvertibleRule } from "../engine.js";
import { issue, perRule } from "./types.js";
import type { Severity, ValidatorDefinition } from "./types.js";

const ATTACK_TACTICS = new Set([
  "reconnaissance", "resource-development", "initial-access", "execution", "persistence", "privilege-escalation",
  "defense-evasion", "credential-access", "discovery", "lateral-movement", "collection", "command-and-control",
  "exfiltration", "impact",
]);
const D3FEND_TACTICS = new Set(["model", "harden", "detect", "isolate", "deceive", "evict", "restore"]);
const NAMESPACES = new Set(["attack", "car", "cve", "d3fend", "detection", "stp", "tlp"]);
const TLP_V1 = new Set(["white", "green", "amber", "red"]);
const TLP_V2 = new Set(["clear", "green", "amber", "amber-strict", "red"]);

const tagText = (t: { namespace: string; name: string }): string => `${t.namespace}.${t.name}`;

/** A validator for the tags of one namespace whose names must pass `valid`. */
function namespaceTags(name: string, description: string, namespace: string, type: string, text: string, valid: (n: string) => boolean, severity: Severity = "medium"): ValidatorDefinition {
  return perRule(name, description, (rule: ConvertibleRule) =>
    rule.tags.filter((t) => t.namespace === namespace && !valid(t.name)).map((t) => issue(type, severity, text, rule, { tag: tagText(t) })),
  );
}

export const tagValidators: ValidatorDefinition[] = [
  namespaceTags("attacktag", "Checks the format of MITRE ATT&CK tags (tactics, techniques, groups, software).", "attack",
    "InvalidATTACKTagIssue", "Invalid MITRE ATT&CK tagging",
    (n) => ATTACK_TACTICS.has(n) || /^t\d{4}(\.\d{3})?$/.test(n) || /^[gsm]\d{4}$/.test(n)),
  namespaceTags("cartag", "Checks the format of MITRE CAR tags.", "car", "InvalidCARTagIssue", "Invalid CAR tagging", (n) => /^\d{4}-\d{2}-\d{3}$/.test(n)),
  namespaceTags("cvetag", "Checks the format of CVE tags.", "cve", "InvalidCVETagIssue", "Invalid CVE tagging", (n) => /^\d{4}-\d{4,}$/.test(n)),
  namespaceTags("d3_fendtag", "Checks the format of MITRE D3FEND tags.", "d3fend", "InvalidD3FENDTagIssue", "Invalid D3FEND tagging",
    (n) => D3FEND_TACTICS.has(n) || /^d3-[a-z0-9]+$/.test(n)),
  namespaceTags("detection_tag", "Checks detection tags (emerging-threats, threat-hunting, dfir).", "detection", "InvalidDetectionTagIssue",
    "Invalid detection tag", (n) => ["emerging-threats", "threat-hunting", "dfir"].includes(n)),
  namespaceTags("stptag", "Checks the format of Summiting the Pyramid tags.", "stp", "InvalidSTPTagIssue", "Invalid STP tagging", (n) => /^[1-5][auk]?$/.test(n)),
  namespaceTags("tlptag", "Checks TLP tags.", "tlp", "InvalidTLPTagIssue", "Invalid TLP tagging", (n) => TLP_V1.has(n) || TLP_V2.has(n)),
  namespaceTags("tlpv1_tag", "Checks that TLP tags are TLP version 1 tags.", "tlp", "TLPv1TagIssue", "TLP tag is not a TLPv1 tag", (n) => TLP_V1.has(n), "low"),
  namespaceTags("tlpv2_tag", "Checks that TLP tags are TLP version 2 tags.", "tlp", "TLPv2TagIssue", "TLP tag is not a TLPv2 tag", (n) => TLP_V2.has(n), "low"),
  perRule("namespace_tag", "Checks that tags use a known namespace.", (rule) =>
    rule.tags.filter((t) => !NAMESPACES.has(t.namespace)).map((t) => issue("InvalidNamespaceTagIssue", "medium", "Tag uses an unknown namespace", rule, { tag: tagText(t) })),
  ),
  perRule("duplicate_tag", "Checks for tags listed more than once.", (rule) => {
    const seen = new Set<string>();
    const dup = new Set<string>();
    for (const t of rule.tags.map(tagText)) (seen.has(t) ? dup : seen).add(t);
    return [...dup].map((t) => issue("DuplicateTagIssue", "low", "The same tag appears multiple times", rule, { tag: t }));
  }),
  perRule("tag_format", "Checks that tags are lower case namespace.name.", (rule) =>
    rule.tags.filter((t) => !/^[a-z0-9_-]+\.[a-z0-9._-]+$/.test(tagText(t))).map((t) => issue("InvalidTagFormatIssue", "low", "Invalid tag format", rule, { tag: tagText(t) })),
  ),
];
