/**
 * The line label: where keywords are combined with other conditions in a way line filters cannot
 * express (a keyword OR-ed with a field condition, `not (kw1 and kw2)`, keywords AND-ed inside an
 * OR), the query copies the line into a label right after the parser,
 * `| label_format sigma_line=`{{ __line__ }}``, and searches it with label filters inside the same
 * boolean expression as the field conditions (`sigma_line=~`(?i).*kw.*` or EventID=1`).
 *
 * The label is set after the parser, so a parsed field of the same name is overwritten (the json
 * parser renames only fields that collide with stream labels, `…_extracted`): the filter always
 * sees the line. The name is one the rule's own fields do not use (`sigma_line`, else
 * `sigma_line_1`, …), so their filters and the `fields` output keep their values.
 */
import { isNormalisedLeaf, type NormalisedTree } from "@sigma/backend";
import type { LabelFormatStage } from "../logql/ast.js";
import { sanitizeLabelName } from "../logql/quote.js";

/** The preferred name of the line label. */
const LINE_LABEL = "sigma_line";

/** The template that renders the line (as the stage receives it). */
const LINE_TEMPLATE = "{{ __line__ }}";

/** Adds every label name a condition refers to (sanitised as printed). */
function addLabelsInUse(tree: NormalisedTree, into: Set<string>): void {
  if (!isNormalisedLeaf(tree)) {
    for (const a of tree.args) addLabelsInUse(a, into);
    return;
  }
  if (tree.type === "field") into.add(sanitizeLabelName(tree.field));
  if (tree.value.type === "fieldref") into.add(sanitizeLabelName(tree.value.field));
}

/** The name of the line label: `sigma_line`, or the first `sigma_line_N` that neither the condition nor the output fields use. */
export function lineLabelName(tree: NormalisedTree, fields: readonly string[]): string {
  const used = new Set(fields.map(sanitizeLabelName));
  addLabelsInUse(tree, used);
  if (!used.has(LINE_LABEL)) return LINE_LABEL;
  let n = 1;
  while (used.has(`${LINE_LABEL}_${n}`)) n++;
  return `${LINE_LABEL}_${n}`;
}

/** The `label_format` stage that sets the line label. */
export function lineLabelStage(label: string): LabelFormatStage {
  return { kind: "label_format", assignments: [{ label, template: LINE_TEMPLATE }] };
}
