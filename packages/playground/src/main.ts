/**
 * Entry point (the only JavaScript the page loads first): reads the state from the link, then
 * loads the editors and starts the conversion worker in parallel and wires them together. Output
 * follows the editors as you type (debounced); the link follows the state. Conversions run in the
 * worker, under a time budget (./converter.ts): this thread never converts.
 */
import "./style.css";
import { debounce } from "./debounce.js";
import { exploreUrl, loadGrafanaUrl, saveGrafanaUrl, type ExploreTarget } from "./explore.js";
import { decodeState, encodeState } from "./link.js";
import { DEFAULT_STATE, withOption, withPipeline, type OptionValue, type PlaygroundState } from "./state.js";
import { Converter, type WorkerPort } from "./converter.js";
import type { Catalogue, ConversionView, Problem } from "./engine.js";
import type { YamlEditor } from "./editors.js";
import { copyText } from "./ui/clipboard.js";
import { bindFormats, renderControls, showState } from "./ui/controls.js";
import { byId } from "./ui/dom.js";
import { renderOutput } from "./ui/output.js";
import workerUrl from "./worker.ts?worker&url";

/**
 * A worker started from a blob that imports the worker script: a blob worker runs under the
 * page's Content Security Policy (no eval), while a worker loaded from its own URL would get only
 * its response's policy, and this page's policy is a meta element.
 */
const workerSource = URL.createObjectURL(
  new Blob([`import ${JSON.stringify(new URL(workerUrl, location.href).href)};`], { type: "text/javascript" }),
);

function createWorker(): WorkerPort {
  return new Worker(workerSource, { type: "module", name: "converter" }) as unknown as WorkerPort;
}

// Started at once, before the link is decoded: the editors, the highlighter and the converter
// (in its worker) download while the page renders.
const editorsChunk = import("./editors.js");
const highlightChunk = import("./logql-highlight.js");
const converter = new Converter({ createWorker, onView: render });

type Editors = Awaited<typeof editorsChunk>;
type Highlight = Awaited<typeof highlightChunk>;

let state: PlaygroundState = DEFAULT_STATE;
let highlight: Highlight | undefined;
let editors: Editors | undefined;
let catalogue: Catalogue | undefined;
let ruleEditor: YamlEditor | undefined;
let pipelineEditor: YamlEditor | undefined;
let lastView: ConversionView | undefined;
/** The fragment this page last wrote, to tell our own URL updates from a pasted link. */
let writtenFragment = location.hash;
let linkWrites = 0;

const convertSoon = debounce(convertNow, 150);
const writeLinkSoon = debounce(() => void writeLink(), 300);

function update(next: PlaygroundState): void {
  state = next;
  convertSoon();
  writeLinkSoon();
}

function convertNow(): void {
  if (!highlight || !editors || !catalogue) return;
  converter.request(state);
}

/** Shows a conversion's view (called by the converter, also for a stopped conversion). */
function render(view: ConversionView): void {
  if (!highlight || !editors) return;
  lastView = view;
  renderOutput(view, {
    highlightLogQL: highlight.highlightLogQL,
    highlightYaml: editors.highlightYaml,
    exploreUrl: (query) => exploreUrl(query, exploreTarget()),
    reveal,
  });
  ruleEditor?.setProblems(editorProblems(view.problems, "rule"));
  pipelineEditor?.setProblems(editorProblems(view.problems, "pipeline"));
}

/** An option's value in the state when it is set (not empty) and of its default's type, else its default. */
function optionValue(name: string): OptionValue | undefined {
  const fallback = catalogue?.options.find((o) => o.name === name)?.default;
  const value = state.options[name];
  return value !== undefined && value !== "" && typeof value === typeof fallback ? value : fallback;
}

function exploreTarget(): ExploreTarget {
  // Views are rendered once the catalogue is there, so the defaults are known.
  return {
    baseUrl: byId<HTMLInputElement>("grafana-url").value,
    datasourceUid: String(optionValue("grafana_datasource_uid")),
    orgId: Number(optionValue("grafana_org_id")),
  };
}

function editorProblems(problems: readonly Problem[], source: "rule" | "pipeline") {
  return problems
    .filter((p) => p.source === source)
    .map((p) => ({ message: `${p.kind}: ${p.message}`, severity: "error" as const, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.column !== undefined ? { column: p.column } : {}) }));
}

function reveal(problem: Problem): void {
  if (problem.line === undefined) return;
  if (problem.source === "pipeline") byId<HTMLDetailsElement>("pipeline-details").open = true;
  const editor = problem.source === "pipeline" ? pipelineEditor : ruleEditor;
  editor?.focusAt(problem.line, problem.column);
}

async function writeLink(): Promise<void> {
  const ticket = ++linkWrites;
  const fragment = "#" + (await encodeState(state));
  // An older, slower encoding must not overwrite a newer one.
  if (ticket !== linkWrites || fragment === location.hash) return;
  writtenFragment = fragment;
  history.replaceState(history.state, "", fragment);
}

/** Applies a state from outside (page load, a pasted link): every control follows. */
function applyState(next: PlaygroundState): void {
  state = next;
  showState(state, catalogue);
  ruleEditor?.setText(state.rule);
  pipelineEditor?.setText(state.pipelineYaml);
  if (state.pipelineYaml !== "") byId<HTMLDetailsElement>("pipeline-details").open = true;
  convertSoon();
  convertSoon.flush();
}

async function readLink(): Promise<PlaygroundState> {
  try {
    return (await decodeState(location.hash)) ?? DEFAULT_STATE;
  } catch (e) {
    byId("status").textContent = `This link could not be opened (${e instanceof Error ? e.message : String(e)}); showing the example instead.`;
    return DEFAULT_STATE;
  }
}

function placeholder(id: string, text: string): void {
  const pre = byId(id).querySelector("pre");
  if (pre) pre.textContent = text;
}

async function copyWithFeedback(button: HTMLButtonElement, text: string, what: string): Promise<void> {
  const ok = await copyText(text);
  byId("status").textContent = ok ? `${what} copied to the clipboard.` : `Could not copy the ${what.toLowerCase()}.`;
  const label = button.textContent;
  button.textContent = ok ? "Copied" : "Copy failed";
  setTimeout(() => (button.textContent = label), 1500);
}

function outputText(): string {
  if (!lastView) return "";
  return lastView.format === "default" ? lastView.rules.flatMap((r) => r.queries).join("\n") : lastView.text;
}

async function start(): Promise<void> {
  const grafanaUrl = byId<HTMLInputElement>("grafana-url");
  grafanaUrl.value = loadGrafanaUrl(safeStorage());
  grafanaUrl.addEventListener("input", () => {
    saveGrafanaUrl(safeStorage(), grafanaUrl.value);
    convertSoon();
  });
  const copyOutput = byId<HTMLButtonElement>("copy-output");
  copyOutput.addEventListener("click", () => void copyWithFeedback(copyOutput, outputText(), "Output"));
  const copyLink = byId<HTMLButtonElement>("copy-link");
  copyLink.addEventListener("click", () => {
    writeLinkSoon.flush();
    // The flush starts an asynchronous encoding: copy once it is in the address bar.
    void writeLink().then(() => copyWithFeedback(copyLink, location.href, "Link"));
  });

  state = await readLink();
  placeholder("rule-editor", state.rule);
  placeholder("pipeline-editor", state.pipelineYaml);
  showState(state, undefined);
  bindFormats((format) => update({ ...state, format }));

  [editors, highlight, catalogue] = await Promise.all([editorsChunk, highlightChunk, converter.catalogue]);
  renderControls(catalogue, {
    pipeline: (id, on) => update(withPipeline(state, id, on)),
    option: (option, value) => update(withOption(state, option.name, value, option.default)),
  });
  ruleEditor = editors.createYamlEditor(byId("rule-editor"), {
    doc: state.rule,
    label: "Sigma rule (YAML)",
    onChange: (rule) => update({ ...state, rule }),
  });
  pipelineEditor = editors.createYamlEditor(byId("pipeline-editor"), {
    doc: state.pipelineYaml,
    label: "Custom pipeline (YAML)",
    onChange: (pipelineYaml) => update({ ...state, pipelineYaml }),
  });
  for (const id of ["rule-editor", "pipeline-editor"]) byId(id).removeAttribute("aria-busy");
  applyState(state);
  document.body.dataset.ready = "true";

  // A link pasted into the address bar of an open page.
  window.addEventListener("hashchange", () => {
    if (location.hash === writtenFragment) return;
    writtenFragment = location.hash;
    void readLink().then(applyState);
  });
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

start().catch((e: unknown) => {
  byId("status").textContent = `The playground failed to start: ${e instanceof Error ? e.message : String(e)}`;
});
