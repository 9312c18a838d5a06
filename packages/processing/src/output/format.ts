/** Python-compatible text helpers for postprocessing and finalizers. */
import jsYaml from "js-yaml";
import nunjucks from "nunjucks";
import { SigmaConfigurationError, formatPythonNumber } from "@sigma/core";
import type { SourceLocation } from "@sigma/core";
import type { DefinitionContext } from "../types.js";
import type { Params } from "../params.js";

/** `json.dumps(value, indent=indent)` as Python prints it (`, ` and `: ` separators, ASCII escapes). */
export function pythonJsonDumps(value: unknown, indent?: number | null): string {
  const str = (s: string): string =>
    JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  const dump = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "string") return str(v);
    if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? "Infinity" : v < 0 ? "-Infinity" : "NaN";
    if (typeof v === "boolean") return v ? "true" : "false";
    const entries: string[] = Array.isArray(v)
      ? v.map((x) => dump(x, depth + 1))
      : Object.entries(v as Record<string, unknown>).map(([k, x]) => `${str(k)}: ${dump(x, depth + 1)}`);
    const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
    if (entries.length === 0) return open + close;
    if (indent === undefined || indent === null) return open + entries.join(", ") + close;
    const pad = " ".repeat(indent * (depth + 1));
    return `${open}\n${pad}${entries.join(`,\n${pad}`)}\n${" ".repeat(indent * depth)}${close}`;
  };
  return dump(value, 0);
}

/** Reads an attribute the way Python attribute access would, accepting snake_case names for camelCase fields. */
function attribute(target: unknown, name: string): unknown {
  if (target === null || typeof target !== "object") return undefined;
  const record = target as Record<string, unknown>;
  if (name in record) return record[name];
  const camel = name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  return record[camel];
}

/** Python `str()` of a value used in a format string: text as it is, anything else as its repr. */
function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

/** Python `repr()` of plain data: `None`, `True`, `'text'`, `[1, 'a']`, `{'k': {}}`. */
function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return formatPythonNumber(value);
  if (typeof value === "string") return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  if (value instanceof Set) return value.size === 0 ? "set()" : `{${[...value].map(pythonRepr).join(", ")}}`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pythonStringRepr(k)}: ${pythonRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

/** Python's `repr()` of a string: single quotes unless only double quotes avoid escaping. */
function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (c === "\\" || c === quote) out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return out + quote;
}

/** Python `str.format` with named fields and attribute access (`{rule.title}`), `{{`/`}}` escapes. */
export function pythonFormat(template: string, vars: Record<string, unknown>, location?: SourceLocation): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field?: string) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const [path = ""] = (field ?? "").split(/[!:]/);
    const [head = "", ...rest] = path.split(".");
    if (!(head in vars)) throw new SigmaConfigurationError(`Unknown template field '${head}' in '${template}'`, location);
    let value: unknown = vars[head];
    for (const name of rest) value = attribute(value, name);
    return pythonStr(value);
  });
}

/** Parameters shared by the Jinja template postprocessing item and finalizer. */
export interface TemplateParams {
  /** Template text, or a file name inside `path`. */
  template: string;
  /** Directory holding the template file. */
  path?: string;
  /** HTML-escape inserted values (Jinja's default: off). */
  autoescape?: boolean;
  /** Extra template variables, or the path of a YAML/JSON file holding them. */
  vars?: Record<string, unknown> | string;
}

/**
 * Extra template variables: a mapping, or the path of a YAML/JSON file with a mapping (read through
 * `loadFile`). Unlike pySigma no code is loaded, so there is nothing to execute.
 */
function templateVars(p: Params, ctx: DefinitionContext): Record<string, unknown> {
  const raw = p.value("vars");
  if (typeof raw !== "string") return p.map("vars", {});
  if (!ctx.loadFile) throw p.error("vars", "names a file, which needs file access this environment does not provide");
  const data: unknown = jsYaml.load(ctx.loadFile(raw));
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw p.error("vars", `file '${raw}' must hold a mapping`);
  return data as Record<string, unknown>;
}

/** A compiled Jinja-compatible template (nunjucks) from `template`/`path`/`autoescape`/`vars` parameters. */
export function compileTemplate(p: Params, ctx: DefinitionContext): (vars: Record<string, unknown>) => string {
  let source = p.string("template");
  const dir = p.optionalString("path");
  if (dir !== undefined) {
    if (!ctx.loadFile) throw p.error("path", "needs file access, which this environment does not provide");
    source = ctx.loadFile(dir.replace(/\/+$/, "") + "/" + source);
  }
  const extra = templateVars(p, ctx);
  const env = new nunjucks.Environment(null, { autoescape: p.bool("autoescape", false) });
  let compiled: nunjucks.Template;
  try {
    compiled = nunjucks.compile(source, env);
  } catch (e) {
    throw new SigmaConfigurationError(`Invalid template: ${(e as Error).message}`, p.location);
  }
  return (vars) => compiled.render({ ...extra, ...vars });
}
