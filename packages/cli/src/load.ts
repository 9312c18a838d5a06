/**
 * Loading rule files for `convert` and `check`: every argument expanded to files (with one
 * "Parsing Sigma rules" progress bar per argument, none for stdin), every file parsed on its own.
 */
import type { Engine, ParsedFile } from "./engine.js";
import { expandArgument, readInput } from "./inputs.js";
import type { InputFile } from "./inputs.js";
import { ProgressBar } from "./progress.js";

/** One input file and what parsing it gave. */
export interface LoadedFile {
  readonly input: InputFile;
  readonly parsed: ParsedFile;
}

/** Expands and parses every argument, in command-line order. */
export async function loadInputs(engine: Pick<Engine, "parseFile">, args: readonly string[], pattern: string): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const arg of args) {
    const inputs = await expandArgument(arg, pattern);
    const bar = arg === "-" ? undefined : new ProgressBar("Parsing Sigma rules", inputs.length);
    for (const input of inputs) {
      const bytes = await readInput(input);
      out.push({ input, parsed: engine.parseFile(bytes, input.path) });
      bar?.advance();
    }
    bar?.finish();
  }
  return out;
}
