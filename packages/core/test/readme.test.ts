/**
 * The README's "Examples" run as written: each ```ts block is executed against this package, and
 * every `// → …` line must be what the `console.log` before it printed.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Examples"), readme.indexOf("\n## ", readme.indexOf("## Examples") + 3));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

/** Runs a block with `@sigma/core` imports bound to this package; returns what it logged. */
function run(code: string): string[] {
  const body = code.replace(/import \{([^}]*)\} from "@sigma\/core";/g, "const {$1} = core;");
  expect(body).not.toMatch(/\bimport\b/);
  const printed: string[] = [];
  const log = (...args: unknown[]): void => {
    printed.push(args.map(String).join(" "));
  };
  new Function("core", "console", body)(core, { log });
  return printed;
}

describe("README examples", () => {
  it("has the example blocks", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))("block %i prints what its comments say", (_n, code) => {
    const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1] as string);
    expect(expected.length).toBeGreaterThan(0);
    expect(run(code)).toEqual(expected);
  });
});
