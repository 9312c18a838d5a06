/**
 * The `max_regex_length` option: the longest regular expression a query may hand to Loki, which
 * compiles every one of them for every query run. Checked on the finished query, where every
 * regex (label filters, line filters, merged keyword alternations) is in its final form.
 */
import { SigmaRegularExpressionError, type SourceLocation } from "@sigma/core";
import type { LabelFilterExpr, LogQuery } from "../logql/ast.js";

/** Default of `max_regex_length` (characters). */
export const MAX_REGEX_LENGTH = 65_536;

/** The length of the longest regex in a log query (0 when it has none). */
function longestRegex(query: LogQuery): number {
  let longest = 0;
  const visit = (expr: LabelFilterExpr): void => {
    if (expr.kind === "and" || expr.kind === "or") expr.args.forEach(visit);
    else if (expr.kind === "string_filter" && (expr.op === "=~" || expr.op === "!~")) longest = Math.max(longest, expr.value.length);
  };
  for (const stage of query.stages) {
    if (stage.kind === "line_filter" && (stage.op === "|~" || stage.op === "!~")) longest = Math.max(longest, stage.value.length);
    else if (stage.kind === "label_filter") visit(stage.expr);
  }
  return longest;
}

/** Throws when a query holds a regex longer than `limit`. */
export function assertRegexLength(query: LogQuery, limit: number, location?: SourceLocation): void {
  const length = longestRegex(query);
  if (length > limit) {
    throw new SigmaRegularExpressionError(
      `Regular expression of ${length} characters is longer than the limit of ${limit} (backend option max_regex_length); split the value, or raise the limit with -O max_regex_length=N`,
      location,
    );
  }
}
