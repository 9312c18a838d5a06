/**
 * CIDR parsing for the `cidr` modifier, without Node's `net` module (runs in browsers).
 * Follows Python's `ipaddress.ip_network` (strict): host bits must be clear.
 */
import { SigmaTypeError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { SigmaCidrValue } from "../model/values.js";

function invalid(cidr: string, reason: string, location?: SourceLocation): SigmaTypeError {
  return new SigmaTypeError(`Invalid CIDR expression: ${reason}`, location);
}

/** Parses dotted-quad IPv4 into 4 bytes, or undefined. Leading zeros are rejected like Python does. */
function parseIPv4(text: string): number[] | undefined {
  const octets = text.split(".");
  if (octets.length !== 4) return undefined;
  const out: number[] = [];
  for (const o of octets) {
    if (!/^[0-9]{1,3}$/.test(o)) return undefined;
    if (o.length > 1 && o.startsWith("0")) return undefined;
    const n = Number(o);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Parses IPv6 (with `::` and an optional embedded IPv4 tail) into 16 bytes, or undefined. */
function parseIPv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const groups = s.split(":");
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes(".")) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = toGroups(halves[0] as string);
  const tail = halves.length === 2 ? toGroups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function formatIPv4(bytes: readonly number[]): string {
  return bytes.join(".");
}

/** RFC 5952 text form (lower case, longest run of ≥2 zero groups compressed), as Python prints it. */
function formatIPv6(bytes: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLen).join(":");
  return `${left}::${right}`;
}

/**
 * Parses `address[/prefix]` into a CIDR value. Throws SigmaTypeError "Invalid CIDR expression: …"
 * for malformed input or when host bits are set.
 */
export function parseCidr(cidr: string, location?: SourceLocation): SigmaCidrValue {
  const slash = cidr.indexOf("/");
  const addressText = slash < 0 ? cidr : cidr.slice(0, slash);
  const prefixText = slash < 0 ? undefined : cidr.slice(slash + 1);
  let bytes = parseIPv4(addressText);
  let version: 4 | 6 = 4;
  if (!bytes) {
    bytes = parseIPv6(addressText);
    version = 6;
  }
  if (!bytes) throw invalid(cidr, `'${cidr}' does not appear to be an IPv4 or IPv6 network`, location);
  const bits = bytes.length * 8;
  let prefixLength = bits;
  if (prefixText !== undefined) {
    if (!/^[0-9]+$/.test(prefixText) || Number(prefixText) > bits) {
      throw invalid(cidr, `'${prefixText}' is not a valid netmask`, location);
    }
    prefixLength = Number(prefixText);
  }
  const network = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefixLength - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  if (network.some((b, i) => b !== bytes[i])) {
    throw invalid(cidr, `${cidr} has host bits set`, location);
  }
  return {
    type: "cidr",
    cidr,
    network: version === 4 ? formatIPv4(network) : formatIPv6(network),
    prefixLength,
    version,
  };
}

/** The address bytes of a parsed CIDR value's network (4 or 16). */
function networkBytes(value: SigmaCidrValue): number[] {
  return (value.version === 4 ? parseIPv4(value.network) : parseIPv6(value.network)) as number[];
}

function formatAddress(version: 4 | 6, bytes: readonly number[]): string {
  return version === 4 ? formatIPv4(bytes) : formatIPv6(bytes);
}

/** The network mask of a CIDR value in address notation (`255.255.0.0`, `ffff:ffff::`), as Python's `netmask`. */
export function cidrNetmask(value: SigmaCidrValue): string {
  const bytes = networkBytes(value).map((_, i) => {
    const keep = Math.max(0, Math.min(8, value.prefixLength - i * 8));
    return (0xff << (8 - keep)) & 0xff;
  });
  return formatAddress(value.version, bytes);
}

/**
 * The address range of a CIDR value as string patterns with `wildcard` for the free part, as
 * pySigma's `SigmaCIDRExpression.expand()` (for backends without CIDR matching): IPv4 networks are
 * split at the next octet boundary (`10.0.0.0/9` → `10.0.*` … `10.127.*`), IPv6 networks at the
 * next hex digit, the pattern cut where the first and last address first differ. At most 128
 * patterns (IPv4) or 8 (IPv6).
 */
export function expandCidr(value: SigmaCidrValue, wildcard = "*"): string[] {
  const base = networkBytes(value);
  const boundary = value.version === 4 ? 8 : 4;
  const extra = (boundary - (value.prefixLength % boundary)) % boundary;
  const prefix = value.prefixLength + extra;
  const patterns: string[] = [];
  for (let n = 0; n < 1 << extra; n++) {
    const first = [...base];
    // Set the `extra` bits after the original prefix to the subnet number n.
    for (let b = 0; b < extra; b++) {
      if ((n >> (extra - 1 - b)) & 1) {
        const bit = value.prefixLength + b;
        first[bit >> 3] = (first[bit >> 3] as number) | (0x80 >> (bit & 7));
      }
    }
    const address = formatAddress(value.version, first);
    if (value.version === 4) {
      const group = prefix >> 3;
      if (group === 0) patterns.push(wildcard);
      else if (group < 4) patterns.push(`${address.split(".").slice(0, group).join(".")}.${wildcard}`);
      else patterns.push(address);
      continue;
    }
    const last = first.map((byte, i) => {
      const keep = Math.max(0, Math.min(8, prefix - i * 8));
      return byte | (~(0xff << (8 - keep)) & 0xff);
    });
    const lastText = formatIPv6(last);
    let i = 0;
    while (i < address.length && address[i] === lastText[i]) i++;
    const subnet = `${address}/${prefix}`;
    patterns.push(i < address.length ? subnet.slice(0, i) + wildcard : subnet);
  }
  return patterns;
}
