/** Transformations that drop, split or check detection items (spec §3.2). */
import { SigmaTransformationError, SigmaValueError, formatCount } from "@sigma/core";
import type { Detection, DetectionItem, SigmaValue } from "@sigma/core";
import { plainSigmaString, sigmaStringToPlain } from "../compat.js";
import { detectionItems, rewriteDetectionItems } from "../detections.js";
import { regexParameter } from "../pyregex/index.js";
import type { TransformationDefinition } from "../types.js";

/** Parameters of `drop_detection_item` (none: select the items with conditions). */
export type DropDetectionItemParams = Record<never, never>;
/** Parameters of `hashes_fields`. */
export interface HashesFieldsParams {
  /** Algorithms to keep, e.g. `[MD5, SHA1, SHA256]`. */
  valid_hash_algos: string[];
  /** Prefix of the new field names (default `File`). */
  field_prefix?: string;
  /** Name the fields just `field_prefix` (without the algorithm). */
  drop_algo_prefix?: boolean;
  /** Fields holding `ALGO=value` lists (default `Hashes`, `Hash`). */
  field_to_parse?: string | string[];
}
/** Parameters of `extract_fields`. */
export interface ExtractFieldsParams {
  /** Regular expression with named groups; each group becomes a field. */
  regex: string;
  field_prefix?: string;
  /** Keep values the regex does not match in the original item (else they are an error). */
  preserve_unmatched?: boolean;
}
/** Parameters of `detection_item_failure`. */
export interface DetectionItemFailureParams {
  message: string;
}

const dropDetectionItem: TransformationDefinition<DropDetectionItemParams> = {
  params: [],
  create: () => ({
    type: "drop_detection_item",
    apply(rule, ctx) {
      if (rule.kind !== "rule") return;
      rewriteDetectionItems(rule, (item) => (ctx.matchDetectionItem(item) ? null : undefined));
    },
  }),
};

const HASH_LENGTHS: Record<number, string> = { 32: "MD5", 40: "SHA1", 64: "SHA256", 128: "SHA512" };

const hashesFields: TransformationDefinition<HashesFieldsParams> = {
  params: ["valid_hash_algos", "field_prefix", "drop_algo_prefix", "field_to_parse"],
  create(p) {
    const valid = p.stringList("valid_hash_algos").map((a) => a.toUpperCase());
    const prefix = p.string("field_prefix", "File");
    const dropAlgo = p.bool("drop_algo_prefix", false);
    const fields = p.stringList("field_to_parse", ["Hashes", "Hash"]);
    const parse = (text: string): [string, string] | undefined => {
      const sep = text.includes("|") ? "|" : "=";
      const pieces = text.split(sep);
      let algo: string | undefined;
      let hash: string;
      if (pieces.length === 2) {
        algo = (pieces[0] as string).replace(/^\*+/, "").toUpperCase();
        hash = pieces[1] as string;
      } else {
        hash = text;
      }
      hash = hash.replace(/^\*+|\*+$/g, "");
      algo ??= HASH_LENGTHS[hash.length];
      return algo !== undefined && valid.includes(algo) ? [algo, hash] : undefined;
    };
    return {
      type: "hashes_fields",
      apply(rule, ctx) {
        if (rule.kind !== "rule") return;
        rewriteDetectionItems(rule, (item) => {
          if (item.field === null || !fields.includes(item.field) || !ctx.matchDetectionItem(item)) return undefined;
          const byAlgo = new Map<string, SigmaValue[]>();
          for (const v of item.values) {
            if (v.type !== "string") continue;
            const parsed = parse(sigmaStringToPlain(v));
            if (!parsed) continue;
            const list = byAlgo.get(parsed[0]) ?? [];
            list.push(plainSigmaString(parsed[1]));
            byAlgo.set(parsed[0], list);
          }
          if (byAlgo.size === 0) {
            throw new SigmaValueError(
              `No valid hash algorithm found in field '${item.field}' (valid: ${valid.join(", ")})`,
              item.location,
            );
          }
          const items: DetectionItem[] = [...byAlgo].map(([algo, values]) => {
            const created: DetectionItem = {
              kind: "item",
              field: prefix + (dropAlgo ? "" : algo),
              modifiers: [],
              values,
              linking: "or",
              negated: item.negated,
              ...(item.location ? { location: item.location } : {}),
            };
            ctx.markDetectionItem(created);
            return created;
          });
          const detection: Detection = { kind: "detection", linking: "or", items };
          return items.length === 1 ? items[0] : detection;
        });
      },
    };
  },
};

const extractFields: TransformationDefinition<ExtractFieldsParams> = {
  params: ["regex", "field_prefix", "preserve_unmatched"],
  create(p) {
    const re = regexParameter(p, "regex");
    const prefix = p.string("field_prefix", "");
    const preserve = p.bool("preserve_unmatched", false);
    return {
      type: "extract_fields",
      apply(rule, ctx) {
        if (rule.kind !== "rule") return;
        rewriteDetectionItems(rule, (item) => {
          if (!ctx.matchDetectionItem(item)) return undefined;
          const alternatives: Array<DetectionItem | Detection> = [];
          const unmatched: SigmaValue[] = [];
          for (const v of item.values) {
            const groups = v.type === "string" ? re.fullmatch(sigmaStringToPlain(v)) : undefined;
            const found = groups ? Object.entries(groups) : [];
            ctx.addValues(found.length - 1, () => `Transformation 'extract_fields' makes ${formatCount(found.length)} fields of one value`, item.location);
            if (found.length === 0) {
              if (!preserve) {
                throw new SigmaTransformationError(
                  `Value of field '${item.field ?? ""}' doesn't match the extraction regular expression`,
                  item.location,
                );
              }
              unmatched.push(v);
              continue;
            }
            const items = found.map(([name, text]): DetectionItem => {
              const created: DetectionItem = {
                kind: "item",
                field: prefix + name,
                modifiers: [],
                values: [plainSigmaString(text)],
                linking: "or",
                negated: item.negated,
                ...(item.location ? { location: item.location } : {}),
              };
              ctx.markDetectionItem(created);
              return created;
            });
            alternatives.push(items.length === 1 ? (items[0] as DetectionItem) : { kind: "detection", linking: "and", items });
          }
          if (alternatives.length === 0) return undefined;
          if (unmatched.length > 0) alternatives.push({ ...item, values: unmatched });
          return alternatives.length === 1 ? alternatives[0] : { kind: "detection", linking: item.linking, items: alternatives };
        });
      },
    };
  },
};

const detectionItemFailure: TransformationDefinition<DetectionItemFailureParams> = {
  params: ["message"],
  create(p) {
    const message = p.string("message");
    return {
      type: "detection_item_failure",
      apply(rule, ctx) {
        if (rule.kind !== "rule") return;
        for (const item of detectionItems(rule)) {
          if (ctx.matchDetectionItem(item)) throw new SigmaTransformationError(message, item.location);
        }
      },
    };
  },
};

/** Built-in detection item transformations by YAML type. */
export const detectionTransformations: Record<string, TransformationDefinition> = {
  drop_detection_item: dropDetectionItem,
  hashes_fields: hashesFields,
  extract_fields: extractFields,
  detection_item_failure: detectionItemFailure,
};
