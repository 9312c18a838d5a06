/**
 * Loki's `ip()` matcher: Go `netip` address and prefix parsing, and the line scan of the `ip` line
 * filter (candidate addresses start where an IPv4/IPv6 "hint" is seen and run over the address
 * characters). Written from Loki's documentation of `ip()` and Go's `netip` rules.
 */

/** An address: its family and its value as a 32- or 128-bit integer. */
export interface Address {
  readonly v6: boolean;
  readonly value: bigint;
  readonly zone: boolean;
}

/** Go's `netip.ParseAddr`: strict IPv4 (no leading zeros), IPv6 with `::`, embedded IPv4 and zone. */
export function parseAddr(text: string): Address | undefined {
  if (text.includes(":")) return parseV6(text);
  const v4 = parseV4(text);
  return v4 === undefined ? undefined : { v6: false, value: v4, zone: false };
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith("0"))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): Address | undefined {
  let body = text;
  let zone = false;
  const pct = body.indexOf("%");
  if (pct >= 0) {
    if (pct === body.length - 1) return undefined;
    body = body.slice(0, pct);
    zone = true;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const fields = s.split(":");
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as string;
      if (i === fields.length - 1 && f.includes(".")) {
        const v4 = parseV4(f);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(f)) out.push(parseInt(f, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined;
    all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    all = head;
  }
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return { v6: true, value, zone };
}

/** An `ip()` pattern: one address, a CIDR prefix, or a range `a-b`. */
export interface IpPattern {
  contains(a: Address): boolean;
}

/** Parses an `ip("…")` argument as Loki does (address, then prefix, then range); throws if invalid. */
export function parseIpPattern(pattern: string): IpPattern {
  const addr = parseAddr(pattern);
  if (addr) return { contains: (a) => a.v6 === addr.v6 && a.value === addr.value && a.zone === addr.zone };
  const slash = pattern.indexOf("/");
  if (slash >= 0) {
    const base = parseAddr(pattern.slice(0, slash));
    const bitsText = pattern.slice(slash + 1);
    const width = base?.v6 ? 128 : 32;
    if (base && !base.zone && /^\d+$/.test(bitsText) && !(bitsText.length > 1 && bitsText.startsWith("0")) && Number(bitsText) <= width) {
      const shift = BigInt(width - Number(bitsText));
      const network = base.value >> shift;
      // A zoned address is never inside a prefix (Go's Prefix.Contains).
      return { contains: (a) => a.v6 === base.v6 && !a.zone && a.value >> shift === network };
    }
  }
  const dash = pattern.indexOf("-");
  if (dash >= 0) {
    const from = parseAddr(pattern.slice(0, dash).trim());
    const to = parseAddr(pattern.slice(dash + 1).trim());
    if (from && to && from.v6 === to.v6 && !from.zone && !to.zone && from.value <= to.value) {
      return { contains: (a) => a.v6 === from.v6 && !a.zone && a.value >= from.value && a.value <= to.value };
    }
  }
  throw new SyntaxError(`ip: invalid pattern "${pattern}"`);
}

const V4_CHARS = /[0-9.]/;
const V6_CHARS = /[0-9a-fA-F:.]/;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** True if some address in `text` (found the way Loki's `ip` filter scans) matches `pattern`. */
export function textHasIp(text: string, pattern: IpPattern): boolean {
  const n = text.length;
  const run = (start: number, chars: RegExp): number => {
    let end = start;
    while (end < n && chars.test(text[end] as string)) end++;
    return end - start;
  };
  for (let i = 0; i < n; i++) {
    const c = (k: number): string | undefined => text[i + k];
    const v4Hint = i + 3 < n && isDigit(c(0)) && (c(1) === "." || c(2) === "." || c(3) === ".");
    const v6Hint =
      i + 4 < n &&
      ((c(0) === ":" && c(1) === ":" && isHex(c(2))) ||
        (isHex(c(0)) && c(1) === ":") ||
        (isHex(c(0)) && isHex(c(1)) && c(2) === ":") ||
        (isHex(c(0)) && isHex(c(1)) && isHex(c(2)) && c(3) === ":") ||
        (isHex(c(0)) && isHex(c(1)) && isHex(c(2)) && isHex(c(3)) && c(4) === ":"));
    if (!v4Hint && !v6Hint) continue;
    const len = run(i, v4Hint ? V4_CHARS : V6_CHARS);
    const addr = parseAddr(text.slice(i, i + len));
    if (addr && pattern.contains(addr)) return true;
    i += len;
  }
  return false;
}
