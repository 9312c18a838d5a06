/**
 * The few pieces of Go's standard library that Loki's behaviour depends on: string literal
 * unquoting (LogQL strings are Go strings), `strconv.ParseFloat` (numeric label filters and
 * `unwrap`), `time.ParseDuration` (`unwrap duration()`, offsets), `regexp.Expand`
 * (`regexReplaceAll` in templates, `label_replace`) and `time.Time`'s default text. Written from the
 * Go documentation.
 */
import type { Matcher } from "re2js";

/** `strconv.Unquote` of a double-quoted Go string literal (without its quotes). */
export function unquoteGo(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "\\": out += "\\"; break;
      case '"': out += '"'; break;
      case "'": out += "'"; break;
      case "x": out += hexChar(body, i + 1, 2); i += 2; break;
      case "u": out += hexChar(body, i + 1, 4); i += 4; break;
      case "U": out += hexChar(body, i + 1, 8); i += 8; break;
      default:
        if (e !== undefined && /[0-7]/.test(e)) {
          const oct = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxError(`invalid octal escape \\${oct}`);
          out += String.fromCharCode(parseInt(oct, 8));
          i += 2;
          break;
        }
        throw new SyntaxError(`invalid escape \\${e ?? ""} in Go string`);
    }
  }
  return out;
}

function hexChar(s: string, from: number, n: number): string {
  const hex = s.slice(from, from + n);
  if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new SyntaxError(`invalid hex escape ${hex}`);
  return String.fromCodePoint(parseInt(hex, 16));
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;
const HEX_FLOAT = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/;

/** `strconv.ParseFloat(s, 64)`: the number, or `undefined` where Go returns an error. */
export function parseGoFloat(s: string): number | undefined {
  if (DECIMAL.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined; // out of range is an error in Go
  }
  if (SPECIAL.test(s)) {
    const sign = s.startsWith("-") ? -1 : 1;
    return /nan/i.test(s) ? NaN : sign * Infinity;
  }
  if (HEX_FLOAT.test(s)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
    if (!m) return undefined;
    const [, sign, int = "", frac = ""] = m;
    const mantissa = parseInt(int + frac || "0", 16) / 16 ** frac.length;
    return (sign === "-" ? -1 : 1) * mantissa * 2 ** Number(m[4]);
  }
  return undefined;
}

/**
 * `Regexp.Expand` as used by `ReplaceAllString`: `$1`, `${1}`, `$name`, `${name}`, `$$`. A name is
 * the longest run of letters, digits and `_` (`$1x` means `${1x}`); unknown groups expand to "".
 */
export function expandGo(template: string, m: Matcher): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i] as string;
    if (c !== "$") {
      out += c;
      continue;
    }
    if (template[i + 1] === "$") {
      out += "$";
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === "{") {
      const close = template.indexOf("}", i + 2);
      const candidate = close < 0 ? "" : template.slice(i + 2, close);
      if (!/^\w+$/.test(candidate)) {
        out += c; // not a valid reference: a literal `$`
        continue;
      }
      name = candidate;
      end = close;
    } else {
      const run = /^\w+/.exec(template.slice(i + 1));
      if (!run) {
        out += c;
        continue;
      }
      name = run[0];
      end = i + name.length;
    }
    out += groupText(m, name);
    i = end;
  }
  return out;
}

function groupText(m: Matcher, name: string): string {
  try {
    if (/^\d+$/.test(name)) {
      const n = Number(name);
      return n <= m.groupCount() ? (m.group(n) ?? "") : "";
    }
    return m.group(name) ?? "";
  } catch {
    return "";
  }
}

const GO_DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/**
 * `time.ParseDuration`: nanoseconds, or `undefined` where Go returns an error. A sequence of
 * decimal numbers (fractions allowed) each with a unit (`ns us µs ms s m h`), optionally signed;
 * `0` alone needs no unit.
 */
export function parseGoDuration(s: string): number | undefined {
  const m = /^([-+]?)(.*)$/s.exec(s) as RegExpExecArray;
  const body = m[2] as string;
  if (body === "0") return 0;
  if (body === "") return undefined;
  let total = 0;
  const part = /([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/y;
  let at = 0;
  while (at < body.length) {
    part.lastIndex = at;
    const p = part.exec(body);
    if (!p || !/[0-9]/.test(p[1] as string)) return undefined;
    total += Number(p[1]) * (GO_DURATION_UNITS[p[2] as string] as number);
    at = part.lastIndex;
  }
  return m[1] === "-" ? -total : total;
}

/** `time.Time.String()` for a UTC instant: `2006-01-02 15:04:05.999999999 +0000 UTC`. */
export function goTimeString(t: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const ms = t.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : `.${pad(ms, 3)}`.replace(/0+$/, "");
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${fraction} +0000 UTC`
  );
}
