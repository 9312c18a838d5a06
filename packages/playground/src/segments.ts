/**
 * Syntax highlighting of read-only text (the output): a lezer tree turned into runs of text with
 * `tok-*` classes, which the caller renders as spans (textContent only, never HTML).
 */
import { classHighlighter, highlightTree } from "@lezer/highlight";
import type { Tree } from "@lezer/common";

export interface Segment {
  readonly text: string;
  /** Space-separated `tok-*` classes; empty for unstyled text. */
  readonly cls: string;
}

/** Every character of `text` exactly once, in order, in styled or unstyled segments. */
export function toSegments(text: string, tree: Tree): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  highlightTree(tree, classHighlighter, (from, to, cls) => {
    if (from > pos) out.push({ text: text.slice(pos, from), cls: "" });
    out.push({ text: text.slice(from, to), cls });
    pos = to;
  });
  if (pos < text.length) out.push({ text: text.slice(pos), cls: "" });
  return out;
}
