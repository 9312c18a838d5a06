/**
 * A js-yaml schema that resolves plain scalars like PyYAML's YAML 1.1 `SafeLoader`, the loader the
 * reference uses: `yes`/`no`/`on`/`off` are booleans, `0777` is octal, `00000429` stays a string,
 * `1e5` is a string (a float needs a dot). Timestamps are kept as their text (Sigma wants ISO dates
 * as strings and detection values as written).
 */
import { FAILSAFE_SCHEMA, Type } from "js-yaml";
import type { Schema } from "js-yaml";

const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** Base-60 value of `a:b:c` digit groups (YAML 1.1 sexagesimal numbers). */
function sexagesimal(text: string): number {
  let value = 0;
  for (const part of text.split(":")) value = value * 60 + Number(part);
  return value;
}

function constructInt(data: string): number {
  let text = data.replace(/_/g, "");
  let sign = 1;
  if (text.startsWith("-")) {
    sign = -1;
    text = text.slice(1);
  } else if (text.startsWith("+")) {
    text = text.slice(1);
  }
  if (text === "0" || text === "") return 0;
  if (text.startsWith("0b")) return sign * parseInt(text.slice(2), 2);
  if (text.startsWith("0x")) return sign * parseInt(text.slice(2), 16);
  if (text.startsWith("0")) return sign * parseInt(text, 8);
  if (text.includes(":")) return sign * sexagesimal(text);
  return sign * Number(text);
}

function constructFloat(data: string): number {
  let text = data.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (text.startsWith("-")) {
    sign = -1;
    text = text.slice(1);
  } else if (text.startsWith("+")) {
    text = text.slice(1);
  }
  if (text === ".inf") return sign * Infinity;
  if (text === ".nan") return NaN;
  if (text.includes(":")) return sign * sexagesimal(text);
  return sign * Number(text);
}

/*
 * js-yaml tries every implicit type on every plain scalar, in order. Most Sigma scalars are words
 * and field names, so each resolver first rules out the common case by the first character
 * before running its regular expression.
 */
function startsNumeric(text: string, dotToo: boolean): boolean {
  const c = text.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || c === 0x2b /* + */ || (dotToo && c === 0x2e) /* . */;
}

const nullType = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: unknown) => data === null || (typeof data === "string" && data.length <= 4 && NULL_RE.test(data)),
  construct: () => null,
  predicate: (data: unknown) => data === null,
});

const boolType = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && data.length <= 5 && BOOL_RE.test(data),
  construct: (data: string) => /^(?:yes|true|on)$/i.test(data),
  predicate: (data: unknown) => typeof data === "boolean",
});

const intType = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && startsNumeric(data, false) && INT_RE.test(data),
  construct: constructInt,
  predicate: (data: unknown) => typeof data === "number" && Number.isInteger(data),
});

const floatType = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && startsNumeric(data, true) && FLOAT_RE.test(data),
  construct: constructFloat,
  predicate: (data: unknown) => typeof data === "number",
});

/** Timestamps stay text: rule dates are ISO strings and detection values keep what was written. */
const timestampType = new Type("tag:yaml.org,2002:timestamp", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && startsNumeric(data, false) && TIMESTAMP_RE.test(data),
  construct: (data: string) => data,
});

/** `<<` merge keys (PyYAML's SafeLoader supports them). */
const mergeType = new Type("tag:yaml.org,2002:merge", {
  kind: "scalar",
  resolve: (data: unknown) => data === "<<",
});

/**
 * The YAML 1.1 schema used for Sigma documents (PyYAML `SafeLoader` resolution, merge keys, no
 * exotic explicit tags).
 */
export const SIGMA_YAML_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, timestampType, mergeType],
  explicit: [],
});
