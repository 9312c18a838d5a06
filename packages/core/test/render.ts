/** A compact one-line text rendering of condition trees, for the golden corpus test. */
import type { ConditionTree, SigmaValue, StringPart } from "../src/index.js";

function part(p: StringPart): string {
  if (typeof p === "string") return p.replace(/[\\*?"%]/g, (c) => `\\${c}`);
  return p.kind === "wildcard" ? p.wildcard : `%${p.name}%`;
}

/** Renders a value: strings quoted with `*`/`?` wildcards, other types tagged. */
export function renderValue(v: SigmaValue): string {
  switch (v.type) {
    case "string":
      return `"${v.parts.map(part).join("")}"${v.cased ? "c" : ""}`;
    case "number":
    case "bool":
      return String(v.value);
    case "null":
      return "null";
    case "regex":
      return `/${v.pattern}/${v.flags.join("")}`;
    case "cidr":
      return `cidr(${v.network}/${v.prefixLength})`;
    case "compare":
      return `${v.op}(${v.value})`;
    case "exists":
      return `exists(${v.exists})`;
    case "fieldref":
      return `ref(${v.field}${v.startsWith ? ",sw" : ""}${v.endsWith ? ",ew" : ""})`;
    case "timestamp_part":
      return `${v.part}(${renderValue(v.value)})`;
    case "expansion":
      return `exp[${v.values.map(renderValue).join(",")}]`;
    case "query_expression":
      return `qe(${v.expression})`;
  }
}

/** Renders a tree in prefix form: `and(a, or(b, c))`, leaves `field=value` and `kw:value`. */
export function renderTree(tree: ConditionTree): string {
  switch (tree.type) {
    case "and":
    case "or":
      return `${tree.type}(${tree.args.map(renderTree).join(", ")})`;
    case "not":
      return `not(${renderTree(tree.arg)})`;
    case "field":
      return `${tree.field}=${renderValue(tree.value)}`;
    case "keyword":
      return `kw:${renderValue(tree.value)}`;
  }
}
