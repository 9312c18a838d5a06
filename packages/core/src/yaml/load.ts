/**
 * Reading YAML sources: text or bytes → plain documents plus a location for every node, within
 * the configured limits. Every failure is a located `SigmaError`, never another exception.
 */
import { YAMLException, loadAll } from "js-yaml";
import type { LoadOptions, State } from "js-yaml";
import { SigmaError, SigmaYAMLError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import { formatCount, limitError, resolveLimits } from "../limits.js";
import type { SigmaLimits } from "../limits.js";
import { decodeUtf8 } from "./decode.js";
import { YamlLocations } from "./locations.js";
import type { KeyLocation } from "./locations.js";
import { SIGMA_YAML_SCHEMA } from "./schema.js";

/** Options for {@link loadYaml}. */
export interface YamlLoadOptions {
  /** Source name used in locations (file path, URL, `<stdin>`). */
  readonly path?: string;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<SigmaLimits>;
}

/** One YAML document of a source. */
export interface YamlDocument {
  /** The plain data (objects, arrays, strings, numbers, booleans, null). */
  readonly data: unknown;
  /** 0-based position of the document in the source. */
  readonly index: number;
  /** Where the document's root node starts. */
  readonly location: SourceLocation;
}

/** A parsed YAML source. */
export interface YamlSource {
  readonly path?: string;
  readonly documents: readonly YamlDocument[];
  /** Locations of every mapping, key, value and element of every document. */
  readonly locations: YamlLocations;
}

interface NodeRecord {
  readonly result: unknown;
  readonly location: SourceLocation;
  readonly start: number;
}

interface Frame {
  readonly location: SourceLocation;
  readonly start: number;
  readonly children: NodeRecord[];
}

/**
 * Parses every document of a YAML source with YAML 1.1 (PyYAML `SafeLoader`) scalar rules.
 * Null documents (an empty trailing `---`) are left out; a source without any document is an error.
 * @throws SigmaYAMLError for invalid UTF-8, invalid YAML, duplicate keys and empty sources.
 * @throws SigmaLimitError when a limit of {@link SigmaLimits} is exceeded.
 */
export function loadYaml(input: string | Uint8Array, options: YamlLoadOptions = {}): YamlSource {
  const path = options.path;
  const limits = resolveLimits(options.limits);
  const at = (line: number, column: number): SourceLocation =>
    path !== undefined ? { path, line, column } : { line, column };

  if (input.length > limits.maxFileSize) {
    throw limitError(
      "maxFileSize",
      `The source is ${input.length} long, more than the limit of ${limits.maxFileSize}`,
      "split it",
      at(1, 1),
    );
  }
  const text = typeof input === "string" ? input : decodeUtf8(input, path);

  const locations = new YamlLocations();
  const stack: Frame[] = [];
  const roots: NodeRecord[] = [];
  let aliasUsed = false;
  let nodes = 0;
  /** Characters that aliases add: scalar aliases are counted as they are read, mapping and list aliases after reading. */
  let aliasCharacters = 0;
  const aliasedNodes: NodeRecord[] = [];

  const listener = (event: "open" | "close", state: State): void => {
    if (event === "open") {
      const depth = (state as State & { depth: number }).depth;
      const start = startOf(state);
      if (depth > limits.maxDepth) {
        throw limitError("maxDepth", `YAML nesting is deeper than the limit of ${limits.maxDepth}`, "flatten the document", at(start.line, start.column));
      }
      if (++nodes > limits.maxNodes) {
        throw limitError("maxNodes", `The source has more than ${limits.maxNodes} YAML nodes`, "split it", at(start.line, start.column));
      }
      if (depth === 1 && roots.length >= limits.maxDocuments) {
        throw limitError("maxDocuments", `The source has more than ${limits.maxDocuments} YAML documents`, "split it", at(start.line, start.column));
      }
      stack.push({ location: at(start.line, start.column), start: start.position, children: [] });
      return;
    }
    const frame = stack.pop();
    if (!frame) return;
    const result: unknown = state.result;
    const only = frame.children.length === 1 ? frame.children[0] : undefined;
    // js-yaml wraps some scalars and aliases in a second node: keep the inner, precise one.
    const record: NodeRecord =
      only && Object.is(only.result, result) ? only : { result, location: frame.location, start: frame.start };
    const fresh = record !== only;
    const alias = fresh && state.input.charCodeAt(record.start) === 0x2a; /* '*' */
    if (typeof result === "string") {
      if (result.length > limits.maxValueLength) {
        throw limitError(
          "maxValueLength",
          `A YAML value is ${result.length} characters long, more than the limit of ${limits.maxValueLength}`,
          "shorten it",
          record.location,
        );
      }
      if (fresh && LONE_SURROGATE.test(result)) throw loneSurrogate(result, record.location);
      if (alias) {
        aliasCharacters += result.length;
        if (aliasCharacters > limits.maxAliasCharacters) throw aliasCharactersError(limits.maxAliasCharacters, record.location);
      }
    }
    if (typeof result === "object" && result !== null) {
      if (alias) {
        aliasUsed = true;
        aliasedNodes.push(record);
      } else if (fresh) {
        if (!Array.isArray(result)) checkScalarKeys(frame.children);
        if (locations.setNode(result, record.location)) recordChildren(locations, result, frame.children);
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(record);
    else roots.push(record);
  };

  let data: unknown[];
  try {
    const loadOptions: LoadOptions & { maxDepth: number } = {
      schema: SIGMA_YAML_SCHEMA,
      listener,
      maxDepth: limits.maxDepth + 1,
      ...(path !== undefined ? { filename: path } : {}),
    };
    data = loadAll(text, null, loadOptions);
  } catch (error) {
    throw toSigmaError(error, text, at);
  }

  const documents: YamlDocument[] = [];
  data.forEach((doc, index) => {
    const location = roots[index]?.location ?? at(1, 1);
    if (aliasUsed) checkAliasExpansion(doc, limits.maxAliasExpansion, location);
    if (doc !== null && doc !== undefined) documents.push({ data: doc, index, location });
  });
  const characters = characterCounter();
  for (const record of aliasedNodes) {
    aliasCharacters += characters(record.result);
    if (aliasCharacters > limits.maxAliasCharacters) throw aliasCharactersError(limits.maxAliasCharacters, record.location);
  }
  if (documents.length === 0) {
    throw new SigmaYAMLError("The source is empty: it holds no YAML document; add a Sigma rule", at(1, 1));
  }
  return { ...(path !== undefined ? { path } : {}), documents, locations };
}

/** Position, line and column (1-based) of the first token at or after the parser position. */
function startOf(state: State): { position: number; line: number; column: number } {
  const input = state.input;
  let position = state.position;
  let line = state.line + 1;
  let lineStart = state.lineStart;
  for (;;) {
    const ch = input.charCodeAt(position);
    if (ch === 0x20 || ch === 0x09 || ch === 0x0d) {
      position++;
    } else if (ch === 0x0a) {
      position++;
      line++;
      lineStart = position;
    } else if (ch === 0x23 /* '#' */) {
      while (position < input.length && input.charCodeAt(position) !== 0x0a) position++;
    } else {
      break;
    }
  }
  return { position, line, column: position - lineStart + 1 };
}

/** Stores per-key and per-element locations of a mapping or sequence from its child nodes. */
function recordChildren(locations: YamlLocations, node: object, children: readonly NodeRecord[]): void {
  if (Array.isArray(node)) {
    if (children.length === node.length) locations.setItems(node, children.map((child) => child.location));
    return;
  }
  let count = children.length;
  // A mapping that ends at a document marker leaves one empty attempt at a key behind.
  if (count % 2 === 1 && children[count - 1]?.result === null) count--;
  if (count % 2 === 1) return;
  const keys = new Map<string, KeyLocation>();
  for (let i = 0; i < count; i += 2) {
    const key = children[i];
    const value = children[i + 1];
    if (!key || !value) break;
    keys.set(String(key.result), { key: key.location, value: value.location, nullKey: key.result === null });
  }
  locations.setKeys(node, keys);
}

/** Counts the nodes of a document with aliases expanded, without expanding them (memoised). */
function checkAliasExpansion(doc: unknown, limit: number, location: SourceLocation): void {
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  const size = (node: unknown): number => {
    if (typeof node !== "object" || node === null) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) {
      throw new SigmaYAMLError("A YAML alias refers to a node that contains it; remove the recursive alias", location);
    }
    inProgress.add(node);
    let total = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      total += size(child);
      if (total > limit) {
        throw limitError("maxAliasExpansion", `YAML aliases expand the document to more than ${limit} nodes`, "remove the aliases", location);
      }
    }
    inProgress.delete(node);
    sizes.set(node, total);
    return total;
  };
  size(doc);
}

/** Characters (of keys and string scalars) of a node with its aliases expanded; memoised, so linear in the nodes. */
function characterCounter(): (node: unknown) => number {
  const known = new Map<object, number>();
  const count = (node: unknown): number => {
    if (typeof node === "string") return node.length;
    if (typeof node !== "object" || node === null) return 0;
    const cached = known.get(node);
    if (cached !== undefined) return cached;
    known.set(node, 0); // a node that contains itself (reported as recursive elsewhere) adds nothing more
    let total = 0;
    if (Array.isArray(node)) for (const child of node) total += count(child);
    else for (const [key, child] of Object.entries(node)) total += key.length + count(child);
    known.set(node, total);
    return total;
  };
  return count;
}

function aliasCharactersError(limit: number, location: SourceLocation): SigmaError {
  return limitError(
    "maxAliasCharacters",
    `YAML aliases add more than ${formatCount(limit)} characters to the source`,
    "write the repeated text out or remove the aliases",
    location,
  );
}

/** A UTF-16 surrogate that is not half of a pair (only a `\uD800`-style escape can make one). */
const LONE_SURROGATE = /\p{Cs}/u;

function loneSurrogate(text: string, location: SourceLocation): SigmaError {
  const code = (text.match(LONE_SURROGATE)?.[0] ?? "").charCodeAt(0).toString(16).toUpperCase();
  return new SigmaYAMLError(
    `The text holds a lone UTF-16 surrogate (\\u${code}) that no UTF-8 output can hold; write the character itself, or its \\U escape (e.g. "\\U0001F600")`,
    location,
  );
}

/**
 * Keys must be scalars: js-yaml turns a mapping key into the text "[object Object]" (and a list key
 * into its items joined by commas); PyYAML refuses both ("found unhashable key").
 */
function checkScalarKeys(children: readonly NodeRecord[]): void {
  for (let i = 0; i + 1 < children.length; i += 2) {
    const key = children[i] as NodeRecord;
    if (typeof key.result === "object" && key.result !== null) {
      throw new SigmaYAMLError(
        `A ${Array.isArray(key.result) ? "list" : "mapping"} is used as a key; keys must be text, numbers or booleans`,
        key.location,
      );
    }
  }
}

function toSigmaError(error: unknown, text: string, at: (line: number, column: number) => SourceLocation): SigmaError {
  if (error instanceof SigmaError) return error;
  if (error instanceof YAMLException) {
    const mark = error.mark as YAMLException["mark"] | undefined;
    const reason = error.reason || error.message;
    const nul = text.indexOf("\0");
    if (/null byte/.test(reason) && nul >= 0) {
      // js-yaml finds it before reading any line, so its mark says line 1.
      const line = countLines(text, nul);
      return new SigmaYAMLError("A NUL character (U+0000) is not allowed in YAML; remove it", at(line.line, line.column));
    }
    const location = mark ? at(mark.line + 1, mark.column + 1) : at(1, 1);
    if (/maxDepth/.test(reason)) return limitError("maxDepth", "YAML nesting is too deep", "flatten the document", location);
    return new SigmaYAMLError(`Invalid YAML: ${reason}`, location);
  }
  if (error instanceof RangeError) {
    return limitError("maxDepth", `The YAML source is too complex to read: ${error.message}`, "simplify it", at(1, 1));
  }
  return new SigmaYAMLError(`Invalid YAML: ${error instanceof Error ? error.message : String(error)}`, at(1, 1));
}

/** Line and column (1-based, in UTF-16 code units) of an offset of the text. */
function countLines(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
