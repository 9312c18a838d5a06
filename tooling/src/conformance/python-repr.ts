/**
 * Reads Python literal reprs (`{'a': 'b', 'n': None, 'l': [1, True]}`), as the reference embeds
 * them in correlation queries of the ruler / grafana_alerting formats (a reference bug).
 */

/** A parsed literal and the index just after it. */
export interface ReprParse {
  readonly value: unknown;
  readonly end: number;
}

/** Parses the Python literal starting at `start`; undefined if there is none. */
export function parsePythonRepr(text: string, start: number): ReprParse | undefined {
  try {
    return parseValue(text, start);
  } catch {
    return undefined;
  }
}

function skipSpaces(text: string, i: number): number {
  while (text[i] === " ") i++;
  return i;
}

function parseValue(text: string, i: number): ReprParse {
  const ch = text[i];
  if (ch === "{") return parseContainer(text, i, "}", true);
  if (ch === "[") return parseContainer(text, i, "]", false);
  if (ch === "'" || ch === '"') return parseString(text, i);
  for (const [word, value] of [
    ["None", null],
    ["True", true],
    ["False", false],
  ] as const) {
    if (text.startsWith(word, i)) return { value, end: i + word.length };
  }
  const number = /^-?\d+(?:\.\d+)?/.exec(text.slice(i));
  if (number) return { value: Number(number[0]), end: i + number[0].length };
  throw new Error(`unexpected ${ch ?? "end"} at ${i}`);
}

function parseContainer(text: string, i: number, close: string, isDict: boolean): ReprParse {
  const entries: [unknown, unknown][] = [];
  const items: unknown[] = [];
  i = skipSpaces(text, i + 1);
  while (text[i] !== close) {
    const first = parseValue(text, i);
    i = skipSpaces(text, first.end);
    if (isDict) {
      if (text[i] !== ":") throw new Error(`expected : at ${i}`);
      const second = parseValue(text, skipSpaces(text, i + 1));
      entries.push([first.value, second.value]);
      i = skipSpaces(text, second.end);
    } else {
      items.push(first.value);
    }
    if (text[i] === ",") i = skipSpaces(text, i + 1);
    else if (text[i] !== close) throw new Error(`expected , or ${close} at ${i}`);
  }
  const value = isDict ? Object.fromEntries(entries.map(([k, v]) => [String(k), v])) : items;
  return { value, end: i + 1 };
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

function parseString(text: string, i: number): ReprParse {
  const quote = text[i];
  let value = "";
  for (let j = i + 1; j < text.length; j++) {
    const ch = text[j] ?? "";
    if (ch === quote) return { value, end: j + 1 };
    if (ch === "\\") {
      const next = text[j + 1] ?? "";
      if (next === "x") {
        value += String.fromCharCode(parseInt(text.slice(j + 2, j + 4), 16));
        j += 3;
      } else if (next === "u") {
        value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
        j += 5;
      } else {
        value += ESCAPES[next] ?? `\\${next}`;
        j++;
      }
    } else {
      value += ch;
    }
  }
  throw new Error("unterminated string");
}
