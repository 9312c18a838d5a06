/**
 * The output panel: highlighted queries (with Explore links) or YAML, the problem list, and the
 * status line that screen readers announce.
 */
import type { ConversionView, Problem } from "../engine.js";
import type { Segment } from "../segments.js";
import { byId, codeBlock, el } from "./dom.js";

export interface OutputDeps {
  highlightLogQL(query: string): Segment[];
  highlightYaml(text: string): Segment[];
  /** Explore URL for a query, or undefined (no usable Grafana URL). */
  exploreUrl(query: string): string | undefined;
  /** Moves the cursor to a problem's place in its editor. */
  reveal(problem: Problem): void;
}

/** A short summary of a conversion, for the status line. */
export function summary(view: ConversionView): string {
  const errors = view.problems.filter((p) => p.source !== "output").length;
  const warnings = view.problems.length - errors;
  const parts: string[] = [];
  if (view.format === "default") {
    const queries = view.rules.reduce((n, r) => n + r.queries.length, 0);
    parts.push(plural(queries, "query", "queries"));
  } else {
    parts.push(view.text === "" ? "no output" : `${view.format} YAML`);
  }
  if (errors > 0) parts.push(plural(errors, "error", "errors"));
  if (warnings > 0) parts.push(plural(warnings, "invalid query", "invalid queries"));
  return parts.join(", ");
}

/** Where a problem is, as the list shows it: `rule.yml 5:3`. */
export function where(problem: Problem): string {
  const file = problem.source === "rule" ? "rule" : problem.source === "pipeline" ? "pipeline" : problem.source === "output" ? `query ${(problem.query ?? 0) + 1}` : "settings";
  if (problem.line === undefined) return file;
  return `${file} ${problem.line}${problem.column !== undefined ? `:${problem.column}` : ""}`;
}

export function renderOutput(view: ConversionView, deps: OutputDeps): void {
  byId("status").textContent = summary(view);
  renderProblems(view.problems, deps);
  const output = byId("output");
  if (view.format !== "default") {
    output.replaceChildren(...(view.text === "" ? [] : [codeBlock(deps.highlightYaml(view.text), { "aria-label": `${view.format} YAML` })]));
    return;
  }
  let index = 0;
  output.replaceChildren(
    ...view.rules.map((rule) =>
      el(
        "section",
        { class: "rule" },
        el("h3", {}, rule.title),
        ...rule.queries.map((query) => {
          index++;
          const item = el("div", { class: "query" }, codeBlock(deps.highlightLogQL(query), { "aria-label": `Query ${index}`, "data-query": String(index) }));
          const url = deps.exploreUrl(query);
          if (url !== undefined) {
            item.append(el("a", { class: "explore", href: url, target: "_blank", rel: "noopener noreferrer" }, `Open query ${index} in Grafana Explore`));
          }
          return item;
        }),
      ),
    ),
  );
}

function renderProblems(problems: readonly Problem[], deps: OutputDeps): void {
  byId("problems").replaceChildren(
    ...problems.map((p) => {
      const text = `${where(p)} — ${p.kind}: ${p.message}`;
      const severity = p.source === "output" ? "warning" : "error";
      if ((p.source === "rule" || p.source === "pipeline") && p.line !== undefined) {
        const button = el("button", { type: "button", class: "problem-link", title: "Show in the editor" }, text);
        button.addEventListener("click", () => deps.reveal(p));
        return el("li", { class: severity }, button);
      }
      return el("li", { class: severity }, text);
    }),
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
