/** Small DOM helpers: elements are built with textContent only (no HTML strings). */
import type { Segment } from "../segments.js";

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Highlighted code: one span per styled segment. */
export function codeBlock(segments: readonly Segment[], attrs: Readonly<Record<string, string>> = {}): HTMLPreElement {
  const code = el("code");
  code.append(...segments.map((s) => (s.cls === "" ? s.text : el("span", { class: s.cls }, s.text))));
  return el("pre", { class: "code", ...attrs }, code);
}
