/** Built-in finalizers (spec §3.4): they turn the list of queries into the output. */
import type { FinalizerSpec } from "../definition.js";
import jsYaml from "js-yaml";
import type { Finalizer, FinalizerDefinition } from "../types.js";
import { compileTemplate, pythonJsonDumps, type TemplateParams } from "./format.js";

/** Parameters of `concat`. */
export interface ConcatParams {
  /** Default `"\n"`. */
  separator?: string;
  prefix?: string;
  suffix?: string;
}
/** Parameters of `json` and `yaml`. */
export interface IndentParams {
  indent?: number | null;
}
/** Parameters of `nested`. */
export interface NestedFinalizerParams {
  finalizers: readonly FinalizerSpec[];
}

/** Finalizer types and their parameters; plugins add theirs by declaration merging. */
export interface FinalizerTypes {
  concat: ConcatParams;
  json: IndentParams;
  yaml: IndentParams;
  template: TemplateParams;
  nested: NestedFinalizerParams;
}

function asList(input: unknown): unknown[] {
  return Array.isArray(input) ? input : [input];
}

const concat: FinalizerDefinition<ConcatParams> = {
  params: ["separator", "prefix", "suffix"],
  create(p) {
    const separator = p.string("separator", "\n");
    const prefix = p.string("prefix", "");
    const suffix = p.string("suffix", "");
    return {
      type: "concat",
      finalize: (input) => prefix + asList(input).map((q) => (typeof q === "string" ? q : String(q))).join(separator) + suffix,
    };
  },
};

const json: FinalizerDefinition<IndentParams> = {
  params: ["indent"],
  create(p) {
    const indent = p.optionalNumber("indent");
    return { type: "json", finalize: (input) => pythonJsonDumps(input, indent) };
  },
};

const yaml: FinalizerDefinition<IndentParams> = {
  params: ["indent"],
  create(p) {
    const indent = p.optionalNumber("indent") ?? 2;
    return { type: "yaml", finalize: (input) => jsYaml.dump(input, { indent, lineWidth: -1 }) };
  },
};

const template: FinalizerDefinition<TemplateParams> = {
  params: ["template", "path", "autoescape", "vars"],
  create(p, ctx) {
    const render = compileTemplate(p, ctx);
    return { type: "template", finalize: (input, c) => render({ queries: input, pipeline: c.pipeline }) };
  },
};

const nested: FinalizerDefinition<NestedFinalizerParams> = {
  params: ["finalizers"],
  create(p, ctx) {
    const finalizers: Finalizer[] = ctx.buildFinalizers(p.required("finalizers"), p.location);
    return {
      type: "nested",
      finalize(input, c) {
        let output = input;
        for (const f of finalizers) output = f.finalize(output, c);
        return output;
      },
    };
  },
};

/** The built-in finalizers by YAML type. */
export const builtinFinalizers: Record<string, FinalizerDefinition> = { concat, json, yaml, template, nested };
