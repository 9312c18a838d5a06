/**
 * The YAML editors (CodeMirror 6), loaded lazily: this module and CodeMirror form their own chunk.
 * Problems are shown as lint diagnostics: underlined text, a gutter marker, and the lint panel
 * (Ctrl-Shift-M) for keyboard users.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { yaml, yamlLanguage } from "@codemirror/lang-yaml";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState, type Text } from "@codemirror/state";
import { classHighlighter } from "@lezer/highlight";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { toSegments, type Segment } from "./segments.js";

export interface EditorProblem {
  readonly message: string;
  /** 1-based; a problem without a line is not marked in the text. */
  readonly line?: number;
  readonly column?: number;
  readonly severity: "error" | "warning";
}

export interface YamlEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  setProblems(problems: readonly EditorProblem[]): void;
  /** Moves the cursor to a line/column and focuses the editor. */
  focusAt(line: number, column?: number): void;
}

export interface EditorOptions {
  readonly doc: string;
  /** Accessible name of the editing area. */
  readonly label: string;
  readonly onChange: (text: string) => void;
}

/** A YAML editor in `parent` (whose current content, a loading placeholder, is replaced). */
export function createYamlEditor(parent: HTMLElement, options: EditorOptions): YamlEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        lintGutter(),
        yaml(),
        syntaxHighlighting(classHighlighter),
        EditorState.tabSize.of(2),
        // Tab indents (YAML is indentation); Escape then Tab, or Ctrl-M, moves focus on instead.
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap, indentWithTab]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": options.label, "aria-multiline": "true" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  parent.replaceChildren(view.dom);
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setProblems(problems) {
      view.dispatch(setDiagnostics(view.state, problems.flatMap((p) => toDiagnostic(view.state.doc, p))));
    },
    focusAt(line, column) {
      const pos = position(view.state.doc, line, column);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
  };
}

/** YAML output highlighted with the editor's own YAML grammar. */
export function highlightYaml(text: string): Segment[] {
  return toSegments(text, yamlLanguage.parser.parse(text));
}

/** The offset of a 1-based line/column, clamped into the document. */
export function position(doc: Text, line: number, column = 1): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return l.from + Math.min(Math.max(0, column - 1), l.length);
}

/** A diagnostic covering the word at the problem's position (to the line's end at most). */
function toDiagnostic(doc: Text, problem: EditorProblem): Diagnostic[] {
  if (problem.line === undefined) return [];
  const from = position(doc, problem.line, problem.column);
  const lineEnd = doc.lineAt(from).to;
  const rest = doc.sliceString(from, lineEnd);
  const word = /^\S+/.exec(rest)?.[0].length ?? 0;
  const to = Math.min(lineEnd, from + Math.max(word, rest.length > 0 ? 1 : 0));
  return [{ from, to, severity: problem.severity, message: problem.message }];
}
