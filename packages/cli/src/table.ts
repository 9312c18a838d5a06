/**
 * Tables in the style sigma-cli prints them (prettytable's default: `+---+` borders, one header
 * row, one space of padding, left-aligned cells) and the 60-column text wrapping it uses for
 * descriptions.
 */

/** Greedy word wrap at `width` columns; runs of whitespace become one space, long words are cut. */
export function wrap(text: string, width = 60): string {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = "";
  for (let word of words) {
    while (word.length > width) {
      if (line) {
        lines.push(line);
        line = "";
      }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += " " + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/**
 * Renders a table. Cells may contain newlines; each line is drawn on its own row line. `align`
 * gives a column's alignment (`r` right), header included, as prettytable does; default left.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("l" | "r")[] = []): string {
  const cells = [header, ...rows].map((row) => header.map((_, i) => String(row[i] ?? "").split("\n")));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => Math.max(...row[i]!.map((l) => l.length)))));
  const rule = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const draw = (row: string[][]): string[] => {
    const height = Math.max(...row.map((c) => c.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push("|" + row.map((c, i) => " " + (align[i] === "r" ? (c[k] ?? "").padStart(widths[i]!) : (c[k] ?? "").padEnd(widths[i]!)) + " ").join("|") + "|");
    }
    return out;
  };
  const [head, ...body] = cells;
  return [rule, ...draw(head!), rule, ...body.flatMap(draw), rule].join("\n");
}
