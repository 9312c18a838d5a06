/**
 * A structural check of Go `text/template` sources as used by `line_format` / `label_format`:
 * actions closed, quoted strings inside actions terminated, parentheses balanced, no empty
 * actions, and block keywords (`if`, `range`, `with`, `define`, `block`) matched by `end`.
 * Function names and argument types are not checked.
 */

/** A problem at `offset` (in the template text). */
export interface TemplateProblem {
  readonly message: string;
  readonly offset: number;
}

const BLOCK_OPENERS = new Set(["if", "range", "with", "define", "block"]);

/** Problems Go's template parser would report for `template` (empty when it parses). */
export function checkGoTemplate(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const open: { keyword: string; offset: number }[] = [];
  let pos = 0;
  for (;;) {
    const start = template.indexOf("{{", pos);
    if (start < 0) break;
    const action = scanAction(template, start + 2);
    if ("message" in action) {
      problems.push(action);
      return problems;
    }
    const body = template
      .slice(start + 2, action.end)
      .replace(/^-\s/, "")
      .replace(/\s-$/, "")
      .trim();
    if (body === "") {
      problems.push({ message: "missing value for command (empty {{ }} action)", offset: start });
    } else if (!body.startsWith("/*")) {
      const keyword = /^[A-Za-z_]+/.exec(body)?.[0] ?? "";
      if (BLOCK_OPENERS.has(keyword)) open.push({ keyword, offset: start });
      else if (keyword === "end" && body === "end") {
        if (open.pop() === undefined) problems.push({ message: "unexpected {{end}}", offset: start });
      } else if (keyword === "else" && open.length === 0) {
        problems.push({ message: "unexpected {{else}}", offset: start });
      }
    }
    pos = action.end + 2;
  }
  for (const block of open) {
    problems.push({ message: `unexpected EOF: {{${block.keyword}}} has no matching {{end}}`, offset: block.offset });
  }
  return problems;
}

/** Scan an action body from `from` to its closing `}}`, skipping quoted strings. */
function scanAction(template: string, from: number): { end: number } | TemplateProblem {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const ch = template[i];
    if (ch === '"' || ch === "'" || ch === "`") {
      const close = findClosingQuote(template, i);
      if (close < 0) return { message: `unterminated quoted string in action`, offset: i };
      i = close;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
      if (depth < 0) return { message: "unexpected right paren in action", offset: i };
    } else if (ch === "}" && template[i + 1] === "}") {
      if (depth > 0) return { message: "unclosed left paren in action", offset: i };
      return { end: i };
    }
  }
  return { message: "unclosed action ({{ without }})", offset: from - 2 };
}

function findClosingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote !== "`" && ch === "\\") {
      i++;
    } else if (ch === quote) {
      return i;
    } else if (quote !== "`" && ch === "\n") {
      return -1;
    }
  }
  return -1;
}
