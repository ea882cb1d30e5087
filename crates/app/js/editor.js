// The manifest editor: CodeMirror 6 with YAML highlighting and lint squiggles.
// Bundled by `npm run build:web` (esbuild) into web/vendor/editor.js and loaded lazily by the
// app (crates/app/src/components/code_editor.rs); the textarea stays until this loads.
// One editor per page, so the API is three module functions.

import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  indentOnInput, bracketMatching, syntaxHighlighting, defaultHighlightStyle, HighlightStyle,
} from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics as lintDiagnostics, lintGutter } from "@codemirror/lint";
import { tags } from "@lezer/highlight";

let view = null;

// Mod-Enter belongs to the page (Apply), so the editor must not insert a line for it.
const editorKeys = defaultKeymap.filter((binding) => binding.key !== "Mod-Enter");

// Colours come from the page's CSS variables, so light and dark mode follow the page.
const theme = EditorView.theme({
  "&": { backgroundColor: "var(--sunken)", color: "var(--text)", fontSize: "13px",
         border: "1px solid var(--border)", borderRadius: "6px", height: "100%" },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
  ".cm-content": { caretColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--sunken)", color: "var(--muted)", border: "none" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--accent) 8%, transparent)" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground":
    { backgroundColor: "color-mix(in srgb, var(--accent) 25%, transparent)" },
  ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--border)" },
});

// Readable in both schemes (the default style's colours are for light backgrounds only).
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--accent)" },
  { tag: [tags.string, tags.content], color: "var(--ok)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--progress)" },
  { tag: tags.comment, color: "var(--muted)", fontStyle: "italic" },
  { tag: [tags.meta, tags.punctuation, tags.separator], color: "var(--muted)" },
]);

/** Mounts the editor in `parent` with `text`; `onChange(text)` is called after each edit. */
export function create(parent, text, onChange, label) {
  if (view) view.destroy();
  view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(),
        drawSelection(), indentOnInput(), bracketMatching(), highlightActiveLine(),
        syntaxHighlighting(highlight), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        yaml(), lintGutter(), theme, EditorView.lineWrapping,
        keymap.of([...editorKeys, ...historyKeymap]),
        EditorView.contentAttributes.of({ "aria-label": label, "data-testid": "code-editor" }),
        EditorState.tabSize.of(2),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return view;
}

/** Shows diagnostics: `[{from, to, severity: "error" | "warning", message}]`, UTF-16 offsets. */
export function setDiagnostics(list) {
  if (!view) return;
  const length = view.state.doc.length;
  const clamp = (n) => Math.max(0, Math.min(length, n));
  const diagnostics = list.map((d) => ({ ...d, from: clamp(d.from), to: clamp(Math.max(d.to, d.from)) }));
  view.dispatch(lintDiagnostics(view.state, diagnostics));
}

/** The current text. */
export function getText() {
  return view ? view.state.doc.toString() : "";
}
