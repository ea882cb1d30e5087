// The manifest editor: CodeMirror 6 with YAML highlighting and lint squiggles.
// Bundled by `npm ci && npm run build:web` in this folder (esbuild) into web/vendor/editor.js,
// and loaded lazily by the app (crates/app/src/code_editor.rs); the textarea stays until then.
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
import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
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
  ".cm-tooltip-autocomplete ul li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-text)" },
  ".cm-completionDetail": { color: "var(--muted)", marginLeft: ".5em" },
  "[aria-selected] .cm-completionDetail": { color: "inherit" },
  ".cm-completionInfo": { maxWidth: "28rem", whiteSpace: "pre-wrap" },
});

// Readable in both schemes (the default style's colours are for light backgrounds only).
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: "var(--accent)" },
  { tag: [tags.string, tags.content], color: "var(--ok)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--progress)" },
  { tag: tags.comment, color: "var(--muted)", fontStyle: "italic" },
  { tag: [tags.meta, tags.punctuation, tags.separator], color: "var(--muted)" },
]);

// Schema-aware completion computed by the Rust side (`ordinal_api::complete`):
// `complete(text, pos)` returns `[{label, detail, info}]` for the cursor at UTF-16 offset `pos`.
function completionSource(complete) {
  return (context) => {
    const word = context.matchBefore(/[\w.\/-]*/);
    if (!context.explicit && (!word || word.from === word.to)) return null;
    const items = complete(context.state.doc.toString(), context.pos);
    if (!items.length) return null;
    return {
      from: word ? word.from : context.pos,
      options: items.map((i) => ({ label: i.label, detail: i.detail, info: i.info, type: "property" })),
      validFor: /^[\w.\/-]*$/,
    };
  };
}

/**
 * Mounts the editor in `parent` with `text`; `onChange(text)` is called after each edit,
 * `complete(text, pos)` supplies completions, `label` is the accessible name.
 */
export function create(parent, text, onChange, label, complete) {
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
        autocompletion({ override: [completionSource(complete)] }),
        keymap.of([...completionKeymap, ...editorKeys, ...historyKeymap]),
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

/** Replaces the whole text (a guided step loading a manifest); a no-op when it is the same. */
export function setText(text) {
  if (!view || view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
