/**
 * Condition strings (spec §1.3): a hand-written tokenizer and precedence-climbing parser.
 * Precedence: `()` > `x of` > `not` > `and` > `or`; `and`/`or` chains without parentheses become one
 * n-ary node (as pySigma's infix notation groups them).
 */
import { SigmaConditionError } from "../errors.js";
import type { SourceLocation } from "../errors.js";
import type { ConditionAst } from "../model/condition.js";

/** Message of pySigma for conditions using the removed aggregation (pipe) syntax. */
export const PIPE_SYNTAX_MESSAGE =
  "The pipe syntax in Sigma conditions has been deprecated and replaced by Sigma correlations. pySigma doesn't supports this syntax.";

interface Token {
  readonly kind: "word" | "(" | ")" | "end";
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const WORD_CHAR = /[A-Za-z0-9_*-]/;
const IDENTIFIER = /^[A-Za-z0-9_-]+$/;
const PATTERN = /^[A-Za-z0-9_*]+$/;
const KEYWORDS = new Set(["and", "or", "not", "of"]);

/**
 * Deepest nesting of parentheses and `not` a condition may have. The parser and every later tree
 * walk recurse once per level: this bound keeps hostile conditions from exhausting the stack.
 */
export const MAX_CONDITION_DEPTH = 100;

class ConditionParser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly location: SourceLocation | undefined,
  ) {
    this.tokens = this.tokenize();
  }

  /** An error located at `offset` in the condition string. */
  private error(message: string, offset: number): SigmaConditionError {
    let loc = this.location;
    if (loc && loc.line !== undefined && loc.column !== undefined) {
      loc = { ...loc, column: loc.column + offset };
    }
    return new SigmaConditionError(message, loc);
  }

  private tokenize(): Token[] {
    const s = this.source;
    const tokens: Token[] = [];
    let i = 0;
    while (i < s.length) {
      const c = s[i] as string;
      if (/\s/.test(c)) {
        i++;
      } else if (c === "(" || c === ")") {
        tokens.push({ kind: c, text: c, start: i, end: i + 1 });
        i++;
      } else if (WORD_CHAR.test(c)) {
        let j = i;
        while (j < s.length && WORD_CHAR.test(s[j] as string)) j++;
        tokens.push({ kind: "word", text: s.slice(i, j), start: i, end: j });
        i = j;
      } else {
        throw this.error(`Error parsing condition '${s}': unexpected character '${c}' at position ${i + 1}`, i);
      }
    }
    tokens.push({ kind: "end", text: "", start: s.length, end: s.length });
    return tokens;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "end") this.pos++;
    return t;
  }

  private isWord(t: Token, text: string): boolean {
    return t.kind === "word" && t.text === text;
  }

  private describe(t: Token): string {
    return t.kind === "end" ? "end of condition" : `'${t.text}' at position ${t.start + 1}`;
  }

  parse(): ConditionAst {
    if (this.peek().kind === "end") throw this.error(`Error parsing condition '${this.source}': condition is empty`, 0);
    const ast = this.parseOr();
    const t = this.peek();
    if (t.kind !== "end") {
      throw this.error(`Error parsing condition '${this.source}': expected 'and', 'or' or end of condition, found ${this.describe(t)}`, t.start);
    }
    return ast;
  }

  private parseOr(): ConditionAst {
    const args = [this.parseAnd()];
    while (this.isWord(this.peek(), "or")) {
      this.next();
      args.push(this.parseAnd());
    }
    return args.length === 1 ? (args[0] as ConditionAst) : { type: "or", args };
  }

  private parseAnd(): ConditionAst {
    const args = [this.parseNot()];
    while (this.isWord(this.peek(), "and")) {
      this.next();
      args.push(this.parseNot());
    }
    return args.length === 1 ? (args[0] as ConditionAst) : { type: "and", args };
  }

  /** Enters one nesting level (at token `t`); throws past {@link MAX_CONDITION_DEPTH}. */
  private enter(t: Token): void {
    if (++this.depth > MAX_CONDITION_DEPTH) {
      throw this.error(
        `Error parsing condition: parentheses and 'not' nest deeper than ${MAX_CONDITION_DEPTH} levels at position ${t.start + 1}; simplify the condition`,
        t.start,
      );
    }
  }

  private parseNot(): ConditionAst {
    const t = this.peek();
    if (this.isWord(t, "not")) {
      this.next();
      this.enter(t);
      const arg = this.parseNot();
      this.depth--;
      return { type: "not", arg };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionAst {
    const t = this.next();
    if (t.kind === "(") {
      this.enter(t);
      const inner = this.parseOr();
      this.depth--;
      const close = this.next();
      if (close.kind !== ")") {
        throw this.error(`Error parsing condition '${this.source}': expected ')' to close '(' at position ${t.start + 1}, found ${this.describe(close)}`, close.start);
      }
      return inner;
    }
    if (t.kind !== "word" || KEYWORDS.has(t.text)) {
      throw this.error(`Error parsing condition '${this.source}': expected an identifier, a selector ('1 of', 'any of', 'all of') or '(', found ${this.describe(t)}`, t.start);
    }
    if ((t.text === "1" || t.text === "any" || t.text === "all") && this.isWord(this.peek(), "of")) {
      this.next();
      const p = this.next();
      if (p.kind !== "word" || (p.text !== "them" && !PATTERN.test(p.text)) || KEYWORDS.has(p.text)) {
        throw this.error(`Error parsing condition '${this.source}': expected a detection name pattern or 'them' after '${t.text} of', found ${this.describe(p)}`, p.start);
      }
      return { type: "selector", quantifier: t.text === "all" ? "all" : "any", pattern: p.text, start: t.start, end: p.end };
    }
    if (!IDENTIFIER.test(t.text)) {
      throw this.error(`Error parsing condition '${this.source}': '${t.text}' at position ${t.start + 1} is not a valid identifier (wildcards are only allowed in '1 of'/'all of' patterns)`, t.start);
    }
    return { type: "identifier", name: t.text, start: t.start, end: t.end };
  }
}

/**
 * Parses a condition string. Errors are SigmaConditionError; when `location` (the condition's
 * position in the rule) has a line and column, the error points at the offending token.
 */
export function parseCondition(source: string, location?: SourceLocation): ConditionAst {
  const pipe = source.indexOf("|");
  if (pipe >= 0) {
    let loc = location;
    if (loc && loc.line !== undefined && loc.column !== undefined) loc = { ...loc, column: loc.column + pipe };
    throw new SigmaConditionError(PIPE_SYNTAX_MESSAGE, loc);
  }
  return new ConditionParser(source, location).parse();
}
