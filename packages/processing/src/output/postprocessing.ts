/** Built-in query postprocessing types (spec §3.4). */
import type { PostprocessingSpec } from "../definition.js";
import { SigmaConfigurationError } from "@sigma/core";
import { evaluateConditionSet } from "../item.js";
import { regexParameter, replacementParameter } from "../pyregex/index.js";
import { PipelineState } from "../state.js";
import type { PostprocessingDefinition, PostprocessingItem } from "../types.js";
import { compileTemplate, pythonFormat, pythonJsonDumps, type TemplateParams } from "./format.js";

/** Parameters of `embed`. */
export interface EmbedParams {
  prefix?: string;
  suffix?: string;
}
/** Parameters of `simple_template`: Python format string with `{query}`, `{rule}`, `{pipeline}`. */
export interface SimpleTemplateParams {
  template: string;
}
/** Parameters of `json`: a JSON document where the string `%QUERY%` stands for the query. */
export interface JsonPostprocessingParams {
  json_template: string;
}
/** Parameters of `replace`. */
export interface ReplaceQueryParams {
  pattern: string;
  replacement: string;
}
/** Parameters of `nest`. */
export interface NestPostprocessingParams {
  items: readonly PostprocessingSpec[];
}

/** Postprocessing types and their parameters; plugins add theirs by declaration merging. */
export interface PostprocessingTypes {
  embed: EmbedParams;
  simple_template: SimpleTemplateParams;
  template: TemplateParams;
  json: JsonPostprocessingParams;
  replace: ReplaceQueryParams;
  nest: NestPostprocessingParams;
}

const embed: PostprocessingDefinition<EmbedParams> = {
  params: ["prefix", "suffix"],
  create(p) {
    const prefix = p.string("prefix", "");
    const suffix = p.string("suffix", "");
    return { type: "embed", apply: (query) => prefix + query + suffix };
  },
};

const simpleTemplate: PostprocessingDefinition<SimpleTemplateParams> = {
  params: ["template"],
  create(p) {
    const template = p.string("template");
    const location = p.location;
    return {
      type: "simple_template",
      // pySigma's pipeline object has the state (a mapping) as an attribute; ours keeps it beside.
      apply: (query, rule, ctx) =>
        pythonFormat(template, { query, rule, pipeline: { ...ctx.pipeline, state: ctx.state?.state ?? {} } }, location),
    };
  },
};

const template: PostprocessingDefinition<TemplateParams> = {
  params: ["template", "path", "autoescape", "vars"],
  create(p, ctx) {
    const render = compileTemplate(p, ctx);
    return { type: "template", apply: (query, rule, c) => render({ query, rule, pipeline: c.pipeline }) };
  },
};

function replaceQuery(value: unknown, query: string): unknown {
  if (typeof value === "string") return value.split("%QUERY%").join(query);
  if (Array.isArray(value)) return value.map((v) => replaceQuery(v, query));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceQuery(v, query)]));
  }
  return value;
}

const json: PostprocessingDefinition<JsonPostprocessingParams> = {
  params: ["json_template"],
  create(p) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(p.string("json_template"));
    } catch (e) {
      throw new SigmaConfigurationError(`Invalid JSON template: ${(e as Error).message}`, p.location);
    }
    return { type: "json", apply: (query) => pythonJsonDumps(replaceQuery(parsed, query)) };
  },
};

const replace: PostprocessingDefinition<ReplaceQueryParams> = {
  params: ["pattern", "replacement"],
  create(p) {
    const replace = replacementParameter(p, "replacement", regexParameter(p, "pattern"));
    return { type: "replace", apply: replace };
  },
};

const nest: PostprocessingDefinition<NestPostprocessingParams> = {
  params: ["items"],
  create(p, ctx) {
    const items: PostprocessingItem[] = ctx.buildPostprocessing(p.required("items"), p.location);
    return {
      type: "nest",
      apply(query, rule, c) {
        const state = c.state ?? new PipelineState(c.pipeline.vars);
        let result = query;
        for (const item of items) {
          if (evaluateConditionSet(item.ruleConditions, (x) => x.matchRule(rule, state))) {
            result = item.postprocessor.apply(result, rule, { ...c, state });
          }
        }
        return result;
      },
    };
  },
};

/** The built-in postprocessing types by YAML type. */
export const builtinPostprocessing: Record<string, PostprocessingDefinition> = {
  embed,
  simple_template: simpleTemplate,
  template,
  json,
  replace,
  nest,
};
