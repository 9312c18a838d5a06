/**
 * The file-by-file `sigma convert` run: each file is converted right after it is parsed and then
 * dropped, so memory is bounded by the output, not the input. Valid only while no input has
 * correlations or filters (they act across files).
 *
 * Tried and left out: a worker thread converting half of the files. On the shared 2-core machine
 * it cost ~1.5 s more CPU (the second isolate compiles the hot code again) for no wall-time gain.
 */
import type { ConversionSession, Engine } from "../engine.js";
import { errorLine } from "../error-text.js";
import { eachInput } from "../load.js";
import type { LoadedInput } from "../load.js";
import type { ConvertArgs } from "./convert.js";

/** What a streamed run keeps: the lines to print and the finalised queries, no rule. */
export interface Streamed {
  readonly loadLines: string[];
  readonly unsupportedLines: string[];
  readonly ignoredLines: string[];
  readonly queries: unknown[];
}

/** Stopped at a correlation or filter: the caller redoes the run collecting. */
export interface Restart {
  /** How many arguments have shown their progress bar. */
  readonly restartAt: number;
}

/**
 * Converts files in input order (the order a collecting run converts in when there are no
 * correlations). Gives up at the first file with a correlation or filter.
 */
export async function convertFiles(
  files: AsyncIterable<LoadedInput>,
  engine: Engine,
  session: ConversionSession,
  skipUnsupported: boolean,
): Promise<Streamed | Restart> {
  const s: Streamed = { loadLines: [], unsupportedLines: [], ignoredLines: [], queries: [] };
  for await (const file of files) {
    const { collection, errors } = file.parsed;
    if (collection.filters.length > 0 || collection.rules.some((r) => r.kind === "correlation")) {
      return { restartAt: file.argIndex + 1 };
    }
    for (const error of errors) s.loadLines.push(errorLine(error, file.input.path));
    for (const result of session.convertEach(engine.buildCollection([collection]).rules)) {
      if (result.errors.length === 0) {
        for (const q of result.queries) s.queries.push(q);
        continue;
      }
      const into = skipUnsupported ? s.ignoredLines : s.unsupportedLines;
      for (const e of result.errors) into.push(errorLine(e, result.rule.source?.path ?? ""));
    }
  }
  return s;
}

/** The streamed run over every input argument (see the module comment). */
export function streamConvert(
  args: ConvertArgs,
  engine: Engine,
  session: ConversionSession,
  limits: Readonly<Record<string, number>> | undefined,
): Promise<Streamed | Restart> {
  return convertFiles(eachInput(engine, args.inputs, args.filePattern, limits), engine, session, args.skipUnsupported);
}
