/**
 * Loki's `| json` and `| logfmt` parsers (from the LogQL documentation): which labels a line gives.
 */

/** Loki's label-key sanitising: trim, `_` before a leading digit, other characters → `_`. */
export function sanitizeKey(key: string, first = true): string {
  let k = key.trim();
  if (k === "") return k;
  if (first && /^[0-9]/.test(k)) k = "_" + k;
  return k.replace(/[^A-Za-z0-9_]/g, "_");
}

/** Parsed labels, or the parser error (labels extracted before the error are kept). */
export interface ParseResult {
  readonly labels: [string, string][];
  readonly error?: string;
}

/**
 * `| json`: every string, number (its text) and boolean becomes a label; nested objects are
 * flattened with `_`; arrays and nulls give no label. A key equal to a stream label gets
 * `_extracted`.
 */
export function parseJsonLine(line: string, streamLabels: ReadonlyMap<string, string>): ParseResult {
  const labels: [string, string][] = [];
  const r = new JsonReader(line);
  try {
    r.ws();
    if (r.peek() !== "{") throw new SyntaxError("expecting json object");
    r.object([], (path, value) => {
      let name = path.map((p, i) => sanitizeKey(p, i === 0)).join("_");
      if (streamLabels.has(name)) name += "_extracted";
      labels.push([name, value]);
    });
    return { labels };
  } catch {
    return { labels, error: "JSONParserErr" };
  }
}

/** A JSON reader that keeps number text as written (Loki labels hold the raw text). */
class JsonReader {
  private i = 0;
  constructor(private readonly s: string) {}
  peek(): string | undefined {
    return this.s[this.i];
  }
  ws(): void {
    while (this.i < this.s.length && " \t\n\r".includes(this.s[this.i] as string)) this.i++;
  }
  private expect(c: string): void {
    this.ws();
    if (this.s[this.i] !== c) throw new SyntaxError(`expected ${c} at ${this.i}`);
    this.i++;
  }
  object(path: string[], emit: (path: string[], value: string) => void): void {
    this.expect("{");
    this.ws();
    if (this.peek() === "}") {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.expect(":");
      this.value([...path, key], emit);
      this.ws();
      const c = this.s[this.i++];
      if (c === "}") return;
      if (c !== ",") throw new SyntaxError(`expected , or } at ${this.i}`);
    }
  }
  private value(path: string[], emit: (path: string[], value: string) => void): void {
    this.ws();
    const c = this.peek();
    if (c === "{") return this.object(path, emit);
    if (c === "[") return this.skipArray();
    if (c === '"') return emit(path, this.string());
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxError(`bad value at ${this.i}`);
    this.i += m[0].length;
    if (m[0] !== "null") emit(path, m[0]);
  }
  private skipArray(): void {
    this.expect("[");
    this.ws();
    if (this.peek() === "]") {
      this.i++;
      return;
    }
    for (;;) {
      this.value([], () => undefined);
      this.ws();
      const c = this.s[this.i++];
      if (c === "]") return;
      if (c !== ",") throw new SyntaxError(`expected , or ] at ${this.i}`);
    }
  }
  private string(): string {
    this.ws();
    if (this.s[this.i] !== '"') throw new SyntaxError(`expected string at ${this.i}`);
    let j = this.i + 1;
    while (j < this.s.length && this.s[j] !== '"') j += this.s[j] === "\\" ? 2 : 1;
    if (j >= this.s.length) throw new SyntaxError("unterminated string");
    const text = JSON.parse(this.s.slice(this.i, j + 1)) as string;
    this.i = j + 1;
    return text;
  }
}

/**
 * `| logfmt`: `key=value`, `key="quoted value"` (JSON-style escapes) and bare `key` (empty value),
 * separated by spaces; keys are sanitised, a key equal to a stream label gets `_extracted`. A
 * malformed pair stops parsing with `LogfmtParserErr`.
 */
export function parseLogfmtLine(line: string, streamLabels: ReadonlyMap<string, string>): ParseResult {
  const labels: [string, string][] = [];
  const s = line;
  let i = 0;
  const isSpace = (c: string | undefined) => c !== undefined && c <= " ";
  while (i < s.length) {
    while (isSpace(s[i])) i++;
    if (i >= s.length) break;
    const keyStart = i;
    while (i < s.length && !isSpace(s[i]) && s[i] !== "=") {
      if (s[i] === '"') return { labels, error: "LogfmtParserErr" };
      i++;
    }
    const rawKey = s.slice(keyStart, i);
    if (rawKey === "") return { labels, error: "LogfmtParserErr" }; // `=value` without a key
    let value = "";
    if (s[i] === "=") {
      i++;
      if (s[i] === '"') {
        let j = i + 1;
        while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
        if (j >= s.length) return { labels, error: "LogfmtParserErr" };
        try {
          value = JSON.parse(s.slice(i, j + 1)) as string;
        } catch {
          return { labels, error: "LogfmtParserErr" };
        }
        i = j + 1;
      } else {
        const start = i;
        while (i < s.length && !isSpace(s[i])) {
          if (s[i] === '"' || s[i] === "=") return { labels, error: "LogfmtParserErr" };
          i++;
        }
        value = s.slice(start, i);
      }
    }
    let name = sanitizeKey(rawKey);
    if (name === "") continue;
    if (streamLabels.has(name)) name += "_extracted";
    labels.push([name, value]);
  }
  return { labels };
}
