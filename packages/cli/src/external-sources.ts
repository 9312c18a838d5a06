/**
 * The Node-only placeholder transformations `file_placeholders`, `command_placeholders` and
 * `http_placeholders`: a `%name%` placeholder is replaced by values read from a file, a command's
 * output or a URL. They are registered always, but refuse to run (SigmaSecurityError) unless
 * `--allow-external-sources` (or PYSIGMA_ALLOW_EXTERNAL_SOURCES=1) was given, because a pipeline
 * could otherwise read any file, run any command or call any URL.
 *
 * `path`, `cmd` and `url` may contain `{placeholder}`, replaced by the placeholder's name. The
 * content is split into values by `format`: `plaintext` (one value per non-empty line), `csv`
 * (`csv_column`, `csv_has_header`), `json` / `yaml` (a list of values, or a mapping from placeholder
 * name to a value or list). `filter` is a regular expression values must match.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { SigmaConfigurationError, SigmaSecurityError, SigmaValueError } from "@sigma/core";
import { placeholderTransformationDefinition } from "@sigma/processing";
import type { Params, PlaceholderResolver, ProcessingPlugin } from "@sigma/processing";

const SHARED = ["format", "filter", "csv_column", "csv_has_header", "jq_expression"];

interface Shared {
  readonly format: string;
  readonly filter?: RegExp;
  readonly csvColumn: number;
  readonly csvHasHeader: boolean;
}

function shared(p: Params): Shared {
  const format = p.string("format", "plaintext");
  if (!["plaintext", "csv", "json", "yaml"].includes(format)) throw p.error("format", "plaintext, csv, json or yaml");
  if (p.has("jq_expression")) {
    throw new SigmaConfigurationError("jq_expression is not supported; select values with 'filter' or a JSON/YAML mapping", p.location);
  }
  const filter = p.optionalString("filter");
  return {
    format,
    ...(filter !== undefined ? { filter: new RegExp(filter) } : {}),
    csvColumn: p.optionalNumber("csv_column") ?? 0,
    csvHasHeader: p.bool("csv_has_header", false),
  };
}

/** Splits fetched content into the values for one placeholder. */
export function parseValues(content: string, name: string, options: Shared, loadYaml: (text: string) => unknown): string[] {
  let values: string[];
  if (options.format === "plaintext") values = content.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  else if (options.format === "csv") {
    const lines = content.split(/\r?\n/).filter((l) => l.trim() !== "");
    values = lines.slice(options.csvHasHeader ? 1 : 0).map((l) => (l.split(",")[options.csvColumn] ?? "").trim().replace(/^"(.*)"$/, "$1"));
  } else {
    const data = options.format === "json" ? (JSON.parse(content) as unknown) : loadYaml(content);
    const picked = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>)[name] : data;
    if (picked === undefined) throw new SigmaValueError(`External source has no values for placeholder '${name}'`);
    values = (Array.isArray(picked) ? picked : [picked]).map(String);
  }
  return options.filter ? values.filter((v) => options.filter!.test(v)) : values;
}

function allowedByEnv(): boolean {
  return process.env["PYSIGMA_ALLOW_EXTERNAL_SOURCES"] === "1";
}

/** Builds the plugin; `allowed` comes from `--allow-external-sources`. */
export function externalSourcesPlugin(allowed: boolean): ProcessingPlugin {
  const enabled = allowed || allowedByEnv();
  const guard = (type: string, what: string): void => {
    if (!enabled) {
      throw new SigmaSecurityError(
        `${type} would read ${what}, but external placeholder sources are disabled. ` +
          "Pass --allow-external-sources to sigma convert (only with pipelines you trust).",
      );
    }
  };
  let yaml: ((text: string) => unknown) | undefined;
  const loadYaml = (text: string): unknown => {
    yaml ??= (requireYaml() as { load: (t: string) => unknown }).load;
    return yaml(text);
  };
  const fill = (template: string, name: string): string => template.replaceAll("{placeholder}", name);

  const file = placeholderTransformationDefinition("file_placeholders", ["path", ...SHARED], (p): PlaceholderResolver => {
    const path = p.string("path");
    const options = shared(p);
    return (name) => {
      const target = fill(path, name);
      guard("file_placeholders", `the file '${target}'`);
      return parseValues(readFileSync(target, "utf8"), name, options, loadYaml);
    };
  });

  const command = placeholderTransformationDefinition("command_placeholders", ["cmd", "timeout", "max_stdout", ...SHARED], (p): PlaceholderResolver => {
    const cmd = p.value("cmd");
    const argv = (Array.isArray(cmd) ? cmd.map(String) : [String(p.string("cmd"))]);
    if (argv.length === 0) throw p.error("cmd", "a command");
    const timeout = (p.optionalNumber("timeout") ?? 30) * 1000;
    const maxBuffer = p.optionalNumber("max_stdout") ?? 10 * 1024 * 1024;
    const options = shared(p);
    return (name) => {
      const [exe, ...rest] = argv.map((a) => fill(a, name));
      guard("command_placeholders", `the output of '${[exe, ...rest].join(" ")}'`);
      const out = Array.isArray(cmd)
        ? execFileSync(exe!, rest, { timeout, maxBuffer, encoding: "utf8" })
        : execFileSync("/bin/sh", ["-c", [exe, ...rest].join(" ")], { timeout, maxBuffer, encoding: "utf8" });
      return parseValues(out, name, options, loadYaml);
    };
  });

  const http = placeholderTransformationDefinition(
    "http_placeholders",
    ["url", "method", "timeout", "headers", "params", "form_data", "json_body", "max_body_size", ...SHARED],
    (p): PlaceholderResolver => {
      const url = p.string("url");
      const method = p.string("method", "GET").toUpperCase();
      const timeout = (p.optionalNumber("timeout") ?? 30) * 1000;
      const maxBody = p.optionalNumber("max_body_size") ?? 10 * 1024 * 1024;
      const headers = p.map("headers", {});
      const query = p.map("params", {});
      const form = p.has("form_data") ? p.map("form_data") : undefined;
      const json = p.has("json_body") ? p.value("json_body") : undefined;
      const options = shared(p);
      return (name) => {
        const target = new URL(fill(url, name));
        for (const [k, v] of Object.entries(query)) target.searchParams.set(k, String(v));
        guard("http_placeholders", `the URL '${target.href}'`);
        return parseValues(fetchSync(target.href, { method, headers, form, json, timeout, maxBody }), name, options, loadYaml);
      };
    },
  );

  return { name: "external-sources", transformations: { file_placeholders: file, command_placeholders: command, http_placeholders: http } };
}

/** js-yaml, loaded only when a YAML source is read (start-up time). */
function requireYaml(): unknown {
  return createRequire(import.meta.url)("js-yaml");
}

/**
 * Placeholder resolvers are synchronous, so the request runs in a child Node process that uses
 * fetch and prints the body.
 */
function fetchSync(
  url: string,
  o: { method: string; headers: Record<string, unknown>; form?: Record<string, unknown> | undefined; json: unknown; timeout: number; maxBody: number },
): string {
  const script = `
    const o = JSON.parse(process.argv[1]);
    const init = { method: o.method, headers: o.headers, signal: AbortSignal.timeout(o.timeout) };
    if (o.form) init.body = new URLSearchParams(o.form);
    else if (o.json !== undefined) { init.body = JSON.stringify(o.json); init.headers = { "content-type": "application/json", ...o.headers }; }
    fetch(o.url, init).then(async (r) => {
      const text = await r.text();
      if (!r.ok) { process.stderr.write("HTTP " + r.status); process.exit(2); }
      if (text.length > o.maxBody) { process.stderr.write("response larger than max_body_size"); process.exit(2); }
      process.stdout.write(text);
    }, (e) => { process.stderr.write(String(e && e.message || e)); process.exit(2); });`;
  const r = spawnSync(process.execPath, ["-e", script, JSON.stringify({ url, ...o })], { encoding: "utf8", timeout: o.timeout + 5000, maxBuffer: o.maxBody + 1024 });
  if (r.status !== 0) throw new SigmaValueError(`http_placeholders: request to '${url}' failed: ${r.stderr || r.error?.message || "unknown error"}`);
  return r.stdout;
}
