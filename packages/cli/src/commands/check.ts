/**
 * `sigma check`: parse rules, report rule errors and condition errors, run the validators, print
 * the summary tables, and fail as sigma-cli does (errors with -e, issues with -i). The report goes
 * to stdout, progress to stderr.
 */
import { readFile } from "node:fs/promises";
import { SigmaConditionError, SigmaError, parseCondition, resolveCondition } from "@sigma/core";
import { checkInputs } from "../argument-checks.js";
import { UsageError, CommandError } from "../errors.js";
import { loadEngine } from "../engine.js";
import type { ConvertibleRule } from "../engine.js";
import { errorLine } from "../error-text.js";
import { loadInputs } from "../load.js";
import { parseLimits } from "../limits.js";
import { ProgressBar } from "../progress.js";
import { renderTable, wrap } from "../table.js";
import { colours } from "../terminal.js";
import { ValidationConfigError, VALIDATORS, ruleSource, selectAllBut, selectFromConfig, startValidation } from "@sigma/analysis";
import type { ValidationIssue, ValidatorSelection } from "@sigma/analysis";

/** Parsed command-line options of `sigma check`. */
export interface CheckArgs {
  inputs: string[];
  validationConfig?: string;
  filePattern: string;
  failOnError: boolean;
  failOnIssues: boolean;
  exclude?: string[];
  plugin?: string[];
  limit?: string[];
}

/** Counts keys in first-seen order, then sorts by count descending (stable). */
function summary(keys: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

async function selection(args: CheckArgs, out: string[]): Promise<ValidatorSelection> {
  if (args.validationConfig !== undefined) {
    let text: string;
    try {
      text = await readFile(args.validationConfig, "utf8");
    } catch {
      throw new UsageError(`Invalid value for '--validation-config' / '-c': '${args.validationConfig}': No such file or directory`, "check");
    }
    if ((args.exclude ?? []).length > 0) {
      out.push("A configuration file and the `--exclude` parameter was set, ignoring the `--exclude` parameter.");
    }
    const { load } = await import("js-yaml");
    let data: unknown;
    try {
      data = load(text);
    } catch (err) {
      throw new CommandError(`Error in parsing of a Sigma validation configuration file: ${(err as Error).message}`);
    }
    try {
      return selectFromConfig(data);
    } catch (err) {
      if (err instanceof ValidationConfigError) throw new CommandError(err.message);
      throw err;
    }
  }
  const all = VALIDATORS.map((v) => v.name);
  const excluded = (args.exclude ?? []).map((x) => x.toLowerCase());
  const unknown = excluded.filter((x) => !all.includes(x));
  const known = excluded.filter((x) => all.includes(x));
  const list = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(", ")}]`;
  if (unknown.length) out.push(`Invalid validators name : ${list(unknown)} use 'sigma list validators'`);
  if (known.length) out.push(`Ignoring these validators : ${list(known)}`);
  return selectAllBut(known);
}

/** Condition errors of a rule without rule errors: every condition is parsed and resolved. */
function conditionErrors(rule: ConvertibleRule): SigmaError[] {
  if (rule.kind !== "rule") return [];
  const out: SigmaError[] = [];
  rule.detection.conditions.forEach((condition, i) => {
    const at = rule.detection.conditionLocations?.[i];
    try {
      resolveCondition(parseCondition(condition, at), rule.detection, at);
    } catch (err) {
      if (err instanceof SigmaError) out.push(err.locate(rule.source?.path !== undefined ? { path: rule.source.path } : undefined));
      else throw err;
    }
  });
  return out;
}

function issueLine(issue: ValidationIssue, c: ReturnType<typeof colours>): string {
  const sev = issue.severity === "low" ? c.green : issue.severity === "medium" ? c.yellow : c.red;
  const rules = issue.rules.map(ruleSource).join(", ");
  const extra = issue.fields.map(([k, v]) => `${k}=${c.bold(c.blue(v || "-"))}`).join(" ");
  return (
    `issue=${c.bold(c.cyan(issue.type))} severity=${c.bold(sev(issue.severity))} ` +
    `description=${c.bold(c.blue(issue.description))} rule=${c.bold(c.blue(rules))} ${extra}`
  );
}

/** Runs `sigma check`; returns the exit code. */
export async function runCheck(args: CheckArgs): Promise<number> {
  await checkInputs(args.inputs, "check");
  const out: string[] = [];
  const selected = await selection(args, out);
  const engine = await loadEngine(args.plugin ?? []);
  const c = colours(process.stdout);
  const print = (line: string): void => void out.push(line);

  const limits = parseLimits(args.limit, engine.yamlLimits, "check");
  const files = await loadInputs(engine, args.inputs, args.filePattern, limits);
  const collection = engine.buildCollection(files.map((f) => f.parsed.collection));
  const ruleErrors: SigmaError[] = [];
  const condErrors: SigmaError[] = [];
  let headerShown = false;
  const showRuleError = (e: SigmaError, fallback: string): void => {
    if (!headerShown) print("=== Sigma Rule Errors ===");
    headerShown = true;
    print(errorLine(e, fallback));
    ruleErrors.push(e);
  };
  const valid: ConvertibleRule[] = [];
  for (const file of files) {
    // Errors that stopped a whole file (YAML syntax, limits, unknown actions).
    for (const e of file.parsed.collection.errors) showRuleError(e, file.input.path);
    for (const filter of file.parsed.collection.filters) for (const e of filter.errors) showRuleError(e, file.input.path);
    for (const rule of file.parsed.collection.rules) {
      const own = rule.errors.filter((e) => !(e instanceof SigmaConditionError));
      const cond = rule.errors.filter((e) => e instanceof SigmaConditionError);
      for (const e of own) showRuleError(e, file.input.path);
      if (rule.errors.length === 0) cond.push(...conditionErrors(rule));
      for (const e of cond) {
        print(`Condition error in ${errorLine(e, file.input.path)}`);
        condErrors.push(e);
      }
      if (rule.errors.length === 0 && cond.length === 0) valid.push(rule);
    }
  }
  for (const e of collection.errors) showRuleError(e, "");

  let run;
  try {
    run = await startValidation(selected);
  } catch (err) {
    if (err instanceof ValidationConfigError) throw new CommandError(err.message);
    throw err;
  }
  const bar = new ProgressBar("Checking Sigma rules", valid.length);
  const issues: ValidationIssue[] = [];
  for (const rule of valid) {
    issues.push(...run.validate(rule));
    bar.advance();
  }
  issues.push(...run.finalize());
  bar.finish();
  if (issues.length > 0) {
    print("=== Issues ===");
    for (const issue of issues) print(issueLine(issue, c));
  }

  print("");
  print("=== Summary ===");
  print(`Found ${ruleErrors.length} errors, ${condErrors.length} condition errors and ${issues.length} issues.`);
  if (ruleErrors.length === 0) print("No rule errors found.");
  else {
    print("");
    print("Rule error summary:");
    print(renderTable(["Count", "Rule Error"], summary(ruleErrors.map((e) => e.name)).map(([k, n]) => [String(n), k])));
  }
  if (condErrors.length === 0) print("No condition errors found.");
  else {
    print("");
    print("Condition error summary:");
    print(renderTable(["Count", "Condition Error"], summary(condErrors.map((e) => e.message)).map(([k, n]) => [String(n), wrap(k)])));
  }
  if (issues.length === 0) print("No validation issues found.");
  else {
    print("");
    print("Validation issue summary:");
    const rows = summary(issues.map((i) => JSON.stringify([i.type, i.severity, i.description])));
    print(renderTable(["Count", "Issue", "Severity", "Description"], rows.map(([k, n]) => {
      const [type, severity, description] = JSON.parse(k) as [string, string, string];
      return [String(n), type, severity.toUpperCase(), wrap(description)];
    })));
  }
  const failed = (args.failOnError && ruleErrors.length + condErrors.length > 0) || (args.failOnIssues && issues.length > 0);
  if (failed) print("Check failure");
  process.stdout.write(out.join("\n") + "\n");
  return failed ? 1 : 0;
}
