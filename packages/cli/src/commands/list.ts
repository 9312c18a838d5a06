/**
 * `sigma list …`: tables of targets, formats, correlation methods, pipelines, modifiers,
 * transformations, conditions and validators.
 */
import { UsageError } from "../errors.js";
import { loadEngine } from "../engine.js";
import type { Engine } from "../engine.js";
import { renderTable, wrap } from "../table.js";
import { hint, writeStdout } from "../terminal.js";

function backendArgument(engine: Engine, what: string, value: string | undefined, mode: "required" | "optional" | undefined): string | undefined {
  const ids = engine.targets.map((t) => t.id);
  const placeholder = mode === "optional" ? `[[${ids.join("|")}]]` : `{${ids.join("|")}}`;
  if (value === undefined) {
    if (mode === "required") {
      throw new UsageError(`Missing argument '${placeholder}'. Choose from:\n${ids.map((i) => `\t${i}`).join("\n")}`, `list ${what}`);
    }
    return undefined;
  }
  if (!ids.includes(value)) {
    const choices = ids.length === 1 ? `'${ids[0]}'` : `one of ${ids.map((i) => `'${i}'`).join(", ")}`;
    throw new UsageError(`Invalid value for '${placeholder}': '${value}' is not ${choices}.`, `list ${what}`);
  }
  return value;
}

/** Produces the text of one `sigma list` subcommand. */
export async function listText(what: string, backend: string | undefined, mode: "required" | "optional" | undefined, plugins: readonly string[]): Promise<string> {
  const engine = await loadEngine(plugins);
  const target = backendArgument(engine, what, backend, mode);
  const info = engine.targets.find((t) => t.id === target);
  switch (what) {
    case "targets":
      if (engine.targets.length === 0) return `No backends installed. Use ${hint(process.stdout, "sigma list --help")} to see how to add plugins.`;
      return renderTable(
        ["Identifier", "Target Query Language", "Processing Pipeline Required", "Plugin"],
        engine.targets.map((t) => [t.id, wrap(t.name), t.requiresPipeline ? "Yes" : "No", t.plugin]),
      );
    case "formats":
      return renderTable(["Format", "Description"], Object.entries(info!.formats).map(([k, v]) => [k, wrap(v)]));
    case "correlation-methods": {
      const methods = Object.entries(info!.correlationMethods);
      if (methods.length === 0) return "No correlation supported by specified backend.";
      return renderTable(["Method", "Description"], methods.map(([k, v]) => [k, wrap(v)]));
    }
    case "pipelines": {
      const rows = engine.pipelines.filter(
        (p) => target === undefined || p.allowedBackends.length === 0 || p.allowedBackends.includes(target),
      );
      if (rows.length === 0) return "No pipelines. Use sigma convert -p <file.yml> to use pipelines from files.";
      return renderTable(
        ["Identifier", "Priority", "Processing Pipeline", "Backends", "Plugin"],
        rows.map((p) => [p.id, String(p.priority), wrap(p.name), p.allowedBackends.length ? p.allowedBackends.join(", ") : "all", p.plugin]),
      );
    }
    case "modifiers":
      return renderTable(["Modifier", "Description"], engine.modifiers().map((m) => [m.name, wrap(m.description)]));
    case "transformations":
      return renderTable(["Transformation", "Description"], engine.transformations().map((m) => [m.name, wrap(m.description)]));
    case "conditions":
      return renderTable(["Type", "Condition", "Description"], engine.conditions().map((c) => [c.kind, c.name, wrap(c.description)]));
    case "validators": {
      const { VALIDATORS } = await import("@sigma/analysis");
      return renderTable(["Name", "Description"], VALIDATORS.map((v) => [v.name, wrap(v.description)]));
    }
  }
  throw new UsageError(`No such command '${what}'.`, "list");
}

/** Runs `sigma list <what>`; returns the exit code. */
export async function runList(what: string, backend: string | undefined, mode: "required" | "optional" | undefined, plugins: readonly string[]): Promise<number> {
  await writeStdout((await listText(what, backend, mode, plugins)) + "\n");
  return 0;
}
