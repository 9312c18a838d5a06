/**
 * The command tree (`convert`, `check`, `analyze …`, `list …`, `version`) and the translation of parse errors
 * into click-style usage errors. Commands are imported lazily so that start-up stays fast.
 */
import { Command, CommanderError } from "commander";
import { CommandError, UsageError, formatUsageError } from "./errors.js";
import { closeMatches } from "./suggest.js";
import { errLine, quietOnClosedPipe } from "./terminal.js";
import { cleanUpOnSignals } from "./output.js";
import { visible } from "./error-text.js";
import type { ConvertArgs } from "./commands/convert.js";
import type { CheckArgs } from "./commands/check.js";
import { registerAnalyze } from "./commands/analyze-commands.js";

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const LIMIT_HELP =
  "Override a YAML limit, e.g. maxFileSize=8388608 (maxFileSize, maxDocuments, maxDepth, maxValueLength, maxNodes, maxAliasExpansion, maxAliasCharacters, maxValues); repeatable";

/** Options every command accepts: `--plugin` loads extra plugin modules. */
interface Common {
  plugin?: string[];
}

function failParse(cmd: Command, path: string, err: CommanderError): never {
  if (err.code === "commander.helpDisplayed" || err.code === "commander.help" || err.code === "commander.version") {
    throw err;
  }
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? "";
  let message = err.message.replace(/^error: /, "").split("\n")[0] ?? "";
  switch (err.code) {
    case "commander.unknownOption": {
      const longs = cmd.options.flatMap((o) => (o.long ? [o.long] : []));
      const matches = closeMatches(quoted, longs).sort();
      message = `No such option '${quoted}'.`;
      if (matches.length === 1) message += ` (Did you mean '${matches[0]}'?)`;
      else if (matches.length > 1) message += ` (Did you mean one of: ${matches.map((m) => `'${m}'`).join(", ")}?)`;
      break;
    }
    case "commander.unknownCommand": {
      const names = cmd.commands.map((c) => c.name());
      const match = closeMatches(quoted, names, 1)[0];
      message = `No such command '${quoted}'.${match ? ` Did you mean '${match}'?` : ""}`;
      break;
    }
    case "commander.optionMissingArgument": {
      const flag = /'(-\w)?(?:, )?(--[\w-]+)?/.exec(err.message);
      message = `Option '${flag?.[2] ?? flag?.[1] ?? quoted}' requires an argument.`;
      break;
    }
    case "commander.missingArgument":
      message = `Missing argument '${quoted.toUpperCase().replace(/\.\.\.$/, "")}...'.`;
      break;
    case "commander.excessArguments": {
      const extra = cmd.args.slice(cmd.registeredArguments.length);
      message = `Got unexpected extra argument${extra.length > 1 ? "s" : ""} (${extra.join(" ")})`;
      break;
    }
  }
  throw new UsageError(message, path);
}

/** Builds the command tree; `run` receives the lazily-imported command implementations. */
function buildProgram(setResult: (p: Promise<number>) => void): Command {
  const program = new Command("sigma");
  const configure = (cmd: Command, path: string): Command =>
    cmd
      .helpOption("-h, --help", "Show this message and exit.")
      .configureOutput({ outputError: () => undefined })
      .exitOverride((err) => failParse(cmd, path, err))
      .showSuggestionAfterError(false);

  configure(program, "")
    .usage("[OPTIONS] COMMAND [ARGS]...")
    .description("Convert and check Sigma rules (a drop-in for sigma-cli with Grafana Loki built in).")
    .helpCommand(false);

  // convert ---------------------------------------------------------------------------------
  const convert = configure(program.command("convert"), "convert")
    .usage("[OPTIONS] INPUT...")
    .description(
      "Convert Sigma rules into queries. INPUT can be multiple files or directories. This command " +
        "automatically recurses into directories and converts all files matching the pattern in --file-pattern.",
    )
    .argument("[INPUT...]", "rule files, directories, or - for standard input")
    .option("-t, --target <target>", "Target query language (sigma list targets)")
    .option("-p, --pipeline <spec>", "Specify processing pipelines as identifiers (sigma list pipelines) or YAML files or directories", collect)
    .option("--without-pipeline", "Proceed with conversion without processing pipeline, even if it is mandatory for the target.")
    .option("--pipeline-check", "Verify if a pipeline is used that is intended for another backend. (default)")
    .option("--disable-pipeline-check", "Do not verify that pipelines are intended for the target.")
    .option("-f, --format <format>", "Select backend output format", "default")
    .option("-c, --correlation-method <method>", "Select method for generation of correlation queries. If not given the default method of the backend is used.")
    .option("--filter <path>", "Select filters/exclusions to apply to the rules. Multiple Sigma meta filters can be applied.", collect)
    .option("-P, --file-pattern <pattern>", "Pattern for file names to be included in recursion into directories.", "*.yml")
    .option("-s, --skip-unsupported", "Skip conversion of rules that can't be handled by the backend")
    .option("--fail-unsupported", "Fail on rules that can't be handled by the backend (default)")
    .option("-o, --output <file>", "Write result to specified file. '-' writes to standard output.", "-")
    .option("--output-dir <dir>", "Write one file per input rule file into DIR (same relative path, extension by format)")
    .option("--json", "Write one JSON object per input file and line: {path, queries} or {path, error}")
    .option("-e, --encoding <encoding>", "Output encoding for string backend outputs.", "utf-8")
    .option("-j, --json-indent <n>", "Pretty-print and indent JSON output with given indentation width per level.")
    .option("-O, --backend-option <key=value>", "Backend-specific options provided as key=value pair.", collect)
    .option("--allow-external-sources", "Let file_placeholders, command_placeholders and http_placeholders read files, run commands and fetch URLs named by pipelines. WARNING: only with trusted pipelines.")
    .option("--enable-template-vars", "Accepted for compatibility; templates never run code here.")
    .option("--template-vars-path <path>", "Accepted for compatibility.", collect)
    .option("--plugin <module>", "Load a plugin module (package name or path); repeatable", collect)
    .option("--limit <name=value>", LIMIT_HELP, collect)
    .option("--verbose", "Verbose output.");
  let skipUnsupported = false;
  let pipelineCheck = true;
  convert.on("option:skip-unsupported", () => (skipUnsupported = true));
  convert.on("option:fail-unsupported", () => (skipUnsupported = false));
  convert.on("option:pipeline-check", () => (pipelineCheck = true));
  convert.on("option:disable-pipeline-check", () => (pipelineCheck = false));
  convert.action((inputs: string[], opts: Omit<ConvertArgs, "inputs" | "skipUnsupported" | "pipelineCheck">) => {
    setResult(
      import("./commands/convert.js").then((m) => m.runConvert({ ...opts, inputs, skipUnsupported, pipelineCheck })),
    );
  });

  // check -----------------------------------------------------------------------------------
  const check = configure(program.command("check"), "check")
    .usage("[OPTIONS] INPUT...")
    .description("Check Sigma rules for validity and best practices.")
    .argument("[INPUT...]", "rule files, directories, or - for standard input")
    .option("-c, --validation-config <file>", "Validation configuration file in YAML format.")
    .option("-P, --file-pattern <pattern>", "Pattern for file names to be included in recursion into directories.", "*.yml")
    .option("-e, --fail-on-error", "Fail on Sigma rule parsing errors. (default)")
    .option("-E, --pass-on-error", "Do not fail on Sigma rule parsing errors.")
    .option("-i, --fail-on-issues", "Fail on Sigma rule validation issues.")
    .option("-I, --pass-on-issues", "Do not fail on validation issues. (default)")
    .option("-x, --exclude <validator>", "List of validators to exclude from the validation. Repeat --exclude for multiple exclusions.", collect)
    .option("--plugin <module>", "Load a plugin module (package name or path); repeatable", collect)
    .option("--limit <name=value>", LIMIT_HELP, collect);
  let failOnError = true;
  let failOnIssues = false;
  check.on("option:fail-on-error", () => (failOnError = true));
  check.on("option:pass-on-error", () => (failOnError = false));
  check.on("option:fail-on-issues", () => (failOnIssues = true));
  check.on("option:pass-on-issues", () => (failOnIssues = false));
  check.action((inputs: string[], opts: Omit<CheckArgs, "inputs" | "failOnError" | "failOnIssues">) => {
    setResult(import("./commands/check.js").then((m) => m.runCheck({ ...opts, inputs, failOnError, failOnIssues })));
  });

  registerAnalyze(program, { configure, run: setResult, collect, limitHelp: LIMIT_HELP });

  // list ------------------------------------------------------------------------------------
  const list = configure(program.command("list"), "list")
    .usage("[OPTIONS] COMMAND [ARGS]...")
    .description("List available targets or processing pipelines.")
    .helpCommand(false);
  const listing = (name: string, description: string, argument?: "required" | "optional"): void => {
    const sub = configure(list.command(name), `list ${name}`).description(description);
    if (argument) sub.argument("[BACKEND]", "backend identifier");
    sub.option("--plugin <module>", "Load a plugin module (package name or path); repeatable", collect);
    sub.action((backend: string | undefined | Common, opts?: Common) => {
      const options = (typeof backend === "object" ? backend : opts) ?? {};
      const target = typeof backend === "string" ? backend : undefined;
      setResult(import("./commands/list.js").then((m) => m.runList(name, target, argument, options.plugin ?? [])));
    });
  };
  listing("targets", "List conversion targets.");
  listing("formats", "List available output formats for a conversion target.", "required");
  listing("correlation-methods", "List available correlation methods for a conversion target.", "required");
  listing("pipelines", "List processing pipelines (optionally only those for a target).", "optional");
  listing("modifiers", "List Sigma value modifiers.");
  listing("transformations", "List processing pipeline transformations.");
  listing("conditions", "List processing pipeline conditions.");
  listing("validators", "List rule validators of sigma check.");

  // version ---------------------------------------------------------------------------------
  configure(program.command("version"), "version")
    .description("Print version of Sigma CLI.")
    .action(() => {
      setResult(import("./commands/version.js").then((m) => m.runVersion()));
    });

  return program;
}

/** Prints an error the way sigma-cli does and returns the exit code. */
export function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(formatUsageError(err));
    return 2;
  }
  if (err instanceof CommandError) {
    errLine(`Error: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof CommanderError) {
    // Help shown on request: exit 0; a group called without a subcommand: help on stderr, exit 2.
    return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
  }
  // Sigma errors render with their location (`path:line:column: message`); text from rules and
  // pipelines may hold control characters, shown escaped.
  const located = err instanceof Error && "location" in err;
  errLine(`Error: ${visible(located ? String(err) : err instanceof Error ? err.message : String(err))}`);
  if (process.env["SIGMA_DEBUG"] && err instanceof Error && err.stack) errLine(err.stack);
  return 1;
}

/** Runs the command line (without `node` and the script path) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
  cleanUpOnSignals();
  let result: Promise<number> | undefined;
  const program = buildProgram((p) => (result = p));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return result ? await result : 0;
  } catch (err) {
    return report(err);
  }
}
