/**
 * Writing results: serialisation by result type (as sigma-cli does), text encodings, Python-style
 * JSON, and the end of a run on Ctrl-C / SIGTERM. Files are written by `write-file.ts`.
 */
import { CommandError } from "./errors.js";

/** Text encodings accepted by `-e`, by normalised Python codec name. */
const ENCODINGS: Record<string, (text: string) => Uint8Array> = {
  utf_8: (t) => Buffer.from(t, "utf8"),
  utf_16: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")]),
  utf_16_le: (t) => Buffer.from(t, "utf16le"),
  utf_16_be: (t) => Buffer.from(t, "utf16le").swap16(),
  latin_1: (t) => strictSingleByte(t, 0xff, "latin-1"),
  ascii: (t) => strictSingleByte(t, 0x7f, "ascii"),
};

const ALIASES: Record<string, string> = {
  utf8: "utf_8", u8: "utf_8", utf: "utf_8", cp65001: "utf_8",
  utf16: "utf_16", u16: "utf_16", utf_16le: "utf_16_le", utf_16be: "utf_16_be",
  latin1: "latin_1", latin: "latin_1", l1: "latin_1", iso_8859_1: "latin_1", iso8859_1: "latin_1", "8859": "latin_1",
  us_ascii: "ascii", "646": "ascii",
};

function strictSingleByte(text: string, max: number, name: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > max) {
      throw new CommandError(
        `'${name}' codec can't encode character '\\u${code.toString(16).padStart(4, "0")}' in position ${i}: ordinal not in range(${max + 1})`,
      );
    }
    out[i] = code;
  }
  return out;
}

/** Returns an encoder for a Python codec name, or throws `unknown encoding: <name>`. */
export function encoder(name: string): (text: string) => Uint8Array {
  const norm = name.trim().toLowerCase().replace(/[-\s]/g, "_");
  const key = ALIASES[norm] ?? ALIASES[norm.replace(/_/g, "")] ?? norm;
  const enc = ENCODINGS[key];
  if (!enc) throw new CommandError(`unknown encoding: ${name}`);
  return enc;
}

/** JSON as Python's `json.dumps` writes it: `", "`/`": "` separators, `\uXXXX` for non-ASCII. */
export function pythonJson(value: unknown, indent?: number, level = 0): string {
  const nl = indent === undefined ? "" : "\n" + " ".repeat(indent * (level + 1));
  const end = indent === undefined ? "" : "\n" + " ".repeat(indent * level);
  const sep = indent === undefined ? ", " : ",";
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return asciiJsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return "[" + nl + value.map((v) => pythonJson(v, indent, level + 1)).join(sep + nl) + end + "]";
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    return (
      "{" + nl +
      entries.map(([k, v]) => `${asciiJsonString(k)}: ${pythonJson(v, indent, level + 1)}`).join(sep + nl) +
      end + "}"
    );
  }
  return asciiJsonString(String(value));
}

function asciiJsonString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * Serialises a backend result to the bytes sigma-cli writes: strings and lists of strings (joined
 * by a blank line) encoded and ended with `\n`; lists of objects as JSON lines; an empty list as
 * nothing at all (sigma-cli crashes there).
 */
export function serialise(result: unknown, encode: (text: string) => Uint8Array, jsonIndent?: number): Uint8Array {
  const withNewline = (bytes: Uint8Array): Uint8Array => Buffer.concat([bytes, Buffer.from("\n")]);
  if (typeof result === "string") return withNewline(encode(result));
  if (result instanceof Uint8Array) return withNewline(result);
  if (Array.isArray(result)) {
    if (result.length === 0) return new Uint8Array();
    if (result.every((r) => typeof r === "string")) return withNewline(encode(result.join("\n\n")));
    if (result.every((r) => typeof r === "object" && r !== null && !Array.isArray(r))) {
      return withNewline(encode(result.map((r) => pythonJson(r, jsonIndent)).join("\n")));
    }
    throw new CommandError("Backend returned unexpected format <class 'list'>");
  }
  if (typeof result === "object" && result !== null) return withNewline(encode(pythonJson(result, jsonIndent)));
  throw new CommandError(`Backend returned unexpected format <class '${typeof result}'>`);
}

/**
 * Ctrl-C (SIGINT) and SIGTERM end the run with `Aborted!` and status 130 / 143. The handler runs
 * between two steps of the run (conversion gives the event loop a turn every few milliseconds,
 * see `breathe`). Temporary output files exist only inside one synchronous call (see
 * `write-file.ts`), so the handler never finds one: an interrupted run leaves no output file or a
 * complete one, and standard output holds whole writes.
 */
export function cleanUpOnSignals(): void {
  const stop = (code: number) => (): void => {
    process.stderr.write("\nAborted!\n");
    process.exit(code);
  };
  process.once("SIGINT", stop(130));
  process.once("SIGTERM", stop(143));
}
