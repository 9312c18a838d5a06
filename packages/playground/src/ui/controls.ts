/**
 * The settings form: output format, bundled pipelines and backend options. Controls are plain
 * labelled form elements (keyboard and screen-reader friendly by construction).
 */
import type { Catalogue, OptionChoice } from "../engine.js";
import { FORMATS, type Format, type OptionValue, type PlaygroundState } from "../state.js";
import { byId, el } from "./dom.js";

export interface ControlEvents {
  pipeline(id: string, on: boolean): void;
  option(option: OptionChoice, value: OptionValue): void;
}

/** Wires the static format radios. */
export function bindFormats(onFormat: (format: Format) => void): void {
  byId("formats").addEventListener("change", (e) => {
    const value = (e.target as HTMLInputElement).value;
    const format = FORMATS.find((f) => f === value);
    if (format) onFormat(format);
  });
}

/** Builds the pipeline and option controls from the converter's catalogue. */
export function renderControls(catalogue: Catalogue, events: ControlEvents): void {
  const pipelines = byId("pipelines");
  pipelines.replaceChildren(
    ...catalogue.pipelines.map((p) => {
      const input = el("input", { type: "checkbox", name: "pipeline", value: p.id, id: `pipeline-${p.id}` });
      input.addEventListener("change", () => events.pipeline(p.id, input.checked));
      const label = el("label", { for: input.id }, el("code", {}, p.id));
      if (p.name !== p.id) label.append(" ", el("span", { class: "hint" }, p.name));
      return el("div", { class: "choice" }, input, label);
    }),
  );

  const flags = byId("options");
  const fields = byId("text-options");
  flags.replaceChildren();
  fields.replaceChildren();
  for (const option of catalogue.options) {
    const id = `option-${option.name}`;
    const descId = `${id}-desc`;
    if (option.type === "boolean") {
      const input = el("input", { type: "checkbox", id, name: option.name, "aria-describedby": descId });
      input.addEventListener("change", () => events.option(option, input.checked));
      flags.append(
        el("div", { class: "choice" }, input, el("label", { for: id }, el("code", {}, option.name)), el("p", { class: "hint", id: descId }, option.description)),
      );
    } else {
      const input = el("input", {
        type: option.type === "number" ? "number" : "text",
        id,
        name: option.name,
        placeholder: String(option.default),
        spellcheck: "false",
        "aria-describedby": descId,
      });
      input.addEventListener("input", () => {
        if (option.type !== "number") return events.option(option, input.value === "" ? option.default : input.value);
        const n = input.valueAsNumber;
        events.option(option, Number.isFinite(n) ? n : option.default);
      });
      fields.append(
        el("div", { class: "field" }, el("label", { for: id }, el("code", {}, option.name)), input, el("p", { class: "hint", id: descId }, option.description)),
      );
    }
  }
}

/** Sets every control to the state (after a link is opened). */
export function showState(state: PlaygroundState, catalogue: Catalogue | undefined): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('input[name="format"]')) input.checked = input.value === state.format;
  if (!catalogue) return;
  for (const p of catalogue.pipelines) {
    const input = document.getElementById(`pipeline-${p.id}`) as HTMLInputElement | null;
    if (input) input.checked = state.pipelines.includes(p.id);
  }
  for (const option of catalogue.options) {
    const input = document.getElementById(`option-${option.name}`) as HTMLInputElement | null;
    if (!input) continue;
    const set = Object.hasOwn(state.options, option.name);
    const value = set ? state.options[option.name] : option.default;
    if (option.type === "boolean") input.checked = value === true;
    // Text fields show a set value; the default is the placeholder.
    else if (document.activeElement !== input) input.value = set ? String(value) : "";
  }
  // Open the settings groups that hold something set, so a shared link shows what it changed.
  if (catalogue.options.some((o) => o.type !== "boolean" && Object.hasOwn(state.options, o.name))) {
    (byId("alerting-options") as HTMLDetailsElement).open = true;
  }
}
