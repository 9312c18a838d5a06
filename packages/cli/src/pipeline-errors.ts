/** The usage errors for `-p` pipelines that cannot be used: not found, or meant for another target. */
import { UsageError } from "./errors.js";
import type { PipelineResolutionError } from "./engine.js";
import { hint } from "./terminal.js";

/** sigma-cli's message for an unknown pipeline (§3.5) or one that another target is meant for. */
export function pipelineUsageError(err: PipelineResolutionError, target: string, command: string): UsageError {
  const e = process.stderr;
  if (err.kind === "not-found") {
    return new UsageError(
      `The pipeline '${err.spec}' was not found.\n` +
        `List all installed processing pipelines with: ${hint(e, `sigma list pipelines ${target}`)}\n` +
        `List pipeline plugins for installation with: ${hint(e, "sigma list pipelines")}\n` +
        "Pipelines not listed here are treated as file names.",
      command,
    );
  }
  return new UsageError(
    `\nThe pipeline '${err.spec}' is not intended to be used with the target ${target}.\n` +
      `You can list all pipelines that are intended to be used with this target with ${hint(e, `sigma list pipelines ${target}`)}.\n` +
      "If you know what you're doing and want to use this pipeline(s) in this conversion, disable this\n" +
      "check with --disable-pipeline-check.\n",
    command,
  );
}
