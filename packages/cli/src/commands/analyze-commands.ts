/**
 * The `analyze` command group (`attack`, `logsource`, `fields`) with sigma-cli 3's options. The
 * implementations are imported when a command runs.
 */
import type { Command } from "commander";
import type { AttackArgs, FieldsArgs, LogsourceArgs } from "./analyze.js";

const PATTERN_HELP = "Pattern for file names to be included in recursion into directories.";
const PLUGIN_HELP = "Load a plugin module (package name or path); repeatable";

/** What the program shares with its commands. */
export interface CommandSetUp {
  /** Applies the settings every command has (help option, click-style errors). */
  readonly configure: (cmd: Command, path: string) => Command;
  /** Hands the running command's exit code to the program. */
  readonly run: (result: Promise<number>) => void;
  /** Collects a repeatable option's values. */
  readonly collect: (value: string, previous: string[] | undefined) => string[];
  /** Help of `--limit`. */
  readonly limitHelp: string;
}

/** Adds the `analyze` group to the program. */
export function registerAnalyze(program: Command, { configure, run, collect, limitHelp }: CommandSetUp): void {
  const analyze = configure(program.command("analyze"), "analyze")
    .usage("[OPTIONS] COMMAND [ARGS]...")
    .description("Analyze Sigma rule sets")
    .helpCommand(false);
  const common = (cmd: Command): Command =>
    cmd
      .option("-P, --file-pattern <pattern>", PATTERN_HELP, "*.yml")
      .option("--plugin <module>", PLUGIN_HELP, collect)
      .option("--limit <name=value>", limitHelp, collect);

  const attack = common(
    configure(analyze.command("attack"), "analyze attack")
      .usage("[OPTIONS] {count|max|level} OUTPUT INPUT...")
      .description(
        "Create MITRE ATT&CK Navigator heatmaps (layer format 4.4) from a Sigma rule set. Score functions are: " +
          "Count of rules (count), Maximum severity value (max), Summarized level score (level). OUTPUT is a file, - for standard output.",
      )
      .argument("[ARGS...]", "FUNCTION OUTPUT INPUT..."),
  )
    .option("-L, --min-level <level>", "Only rules of this level or higher (a rule without level counts as informational).", "INFORMATIONAL")
    .option("-T, --min-status <status>", "Only rules of this status or higher: unsupported, deprecated, experimental, test, stable.", "UNSUPPORTED")
    .option("-s, --subtechniques", "Score sub-techniques on their own. (default)")
    .option("-S, --no-subtechniques", "Score sub-techniques as their technique.")
    .option("-c, --max-color <color>", "Color used for maximum score.", "#ff0000")
    .option("-C, --min-color <color>", "Color used for zero score.", "#ffffff00")
    .option("-m, --max-score <n>", "Set fixed maximum score. All scores above are rendered as maximum. Increases color scale resolution for scores below.")
    .option("-M, --min-score <n>", "Minimum score. All scores below are not explicitly colored.", "0");
  attack.action((positional: string[], opts: Omit<AttackArgs, "inputs" | "function" | "output">) => {
    const [fn, output, ...inputs] = positional;
    const args: AttackArgs = { ...opts, subtechniques: opts.subtechniques !== false, inputs, ...(fn !== undefined ? { function: fn } : {}), ...(output !== undefined ? { output } : {}) };
    run(import("./analyze.js").then((m) => m.runAnalyzeAttack(args)));
  });

  const logsource = common(
    configure(analyze.command("logsource"), "analyze logsource")
      .usage("[OPTIONS] OUTPUT INPUT...")
      .description("Create stats about logsources: detection rules per log source category and level. OUTPUT is a file, - for standard output.")
      .argument("[ARGS...]", "OUTPUT INPUT..."),
  ).option("-k, --sort-by <column>", "Sort by column.", "Overall");
  logsource.action((positional: string[], opts: Omit<LogsourceArgs, "inputs" | "output">) => {
    const [output, ...inputs] = positional;
    run(import("./analyze.js").then((m) => m.runAnalyzeLogsource({ ...opts, inputs, ...(output !== undefined ? { output } : {}) })));
  });

  const fields = common(
    configure(analyze.command("fields"), "analyze fields")
      .usage("[OPTIONS] INPUT...")
      .description("List the field names the rules use after the target's processing pipelines, as the target writes them.")
      .argument("[INPUT...]", "rule files, directories, or - for standard input"),
  )
    .option("-t, --target <target>", "Target query language (sigma list targets)")
    .option("-p, --pipeline <spec>", "Specify processing pipelines as identifiers (sigma list pipelines) or YAML files or directories", collect)
    .option("--pipeline-check", "Verify if a pipeline is used that is intended for another backend. (default)")
    .option("--disable-pipeline-check", "Do not verify that pipelines are intended for the target.")
    .option("--group", "Group the fields by log source (category|product|service).")
    .option("--no-group", "One list of all fields. (default)")
    .option("--enable-template-vars", "Accepted for compatibility; templates never run code here.")
    .option("--template-vars-path <path>", "Accepted for compatibility.", collect);
  let pipelineCheck = true;
  fields.on("option:pipeline-check", () => (pipelineCheck = true));
  fields.on("option:disable-pipeline-check", () => (pipelineCheck = false));
  fields.action((inputs: string[], opts: Omit<FieldsArgs, "inputs" | "pipelineCheck" | "group"> & { group?: boolean }) => {
    run(import("./analyze.js").then((m) => m.runAnalyzeFields({ ...opts, inputs, pipelineCheck, group: opts.group === true })));
  });
}
