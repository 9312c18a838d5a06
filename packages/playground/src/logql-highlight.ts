/**
 * LogQL highlighting with Grafana's own grammar (`@grafana/lezer-logql`, already a dependency of
 * the backend's validator). The grammar ships no highlighting tags, so they are added here.
 */
import { parser } from "@grafana/lezer-logql";
import { styleTags, tags as t } from "@lezer/highlight";
import { toSegments, type Segment } from "./segments.js";

const KEYWORDS = [
  "Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat LabelReplace Decolorize Drop Keep",
  "Vector Offset Bool On Ignoring GroupLeft GroupRight By Without And Or Unless Ip",
  "Sum Avg Count Max Min Stddev Stdvar Bottomk Topk Sort Sort_Desc",
  "CountOverTime Rate RateCounter BytesOverTime BytesRate AvgOverTime SumOverTime MinOverTime",
  "MaxOverTime StddevOverTime StdvarOverTime QuantileOverTime FirstOverTime LastOverTime AbsentOverTime",
].join(" ");
const OPERATORS = "Eq Neq Re Nre Gtr Gte Lss Lte Eql PipeExact PipeMatch PipePattern Npa Pipe Add Sub Mul Div Mod Pow";

const highlighted = parser.configure({
  props: [
    styleTags({
      [KEYWORDS]: t.keyword,
      [OPERATORS]: t.operator,
      String: t.string,
      "Number Duration Bytes": t.number,
      Identifier: t.labelName,
      LineComment: t.lineComment,
      "( )": t.paren,
      "{ } [ ]": t.brace,
      ",": t.separator,
    }),
  ],
});

/** A LogQL query as highlighted segments (`tok-keyword`, `tok-string`, `tok-labelName`, …). */
export function highlightLogQL(query: string): Segment[] {
  return toSegments(query, highlighted.parse(query));
}
