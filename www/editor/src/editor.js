// memplay's code editor: CodeMirror 6 wrapped in one small class that the
// Rust (wasm-bindgen) side drives through `globalThis.memplayEditor`.
//
// Conventions used throughout:
// - Line numbers are 1-based; offsets are UTF-16 offsets into the document.
// - Input from callers is validated quietly: entries of the wrong shape are
//   skipped, nothing is thrown and nothing is logged.
// - Changes made through the API (setText, setBreakpoints, ...) never call the
//   onChange / onBreakpointsChange callbacks; only the user's own actions do.
//   onBreakpointsChange fires when a gutter click toggles a breakpoint, and
//   also when the user's edits move breakpoints to other line numbers (e.g.
//   Enter above them), so the caller's copy never goes stale.
// - Callbacks run after CodeMirror's update has finished, so they may call any
//   method of the editor again.

import {
  Annotation,
  Compartment,
  EditorState,
  MapMode,
  RangeSet,
  StateEffect,
  StateField,
} from "@codemirror/state";
import {
  Decoration,
  EditorView,
  GutterMarker,
  drawSelection,
  gutter,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
  isolateHistory,
} from "@codemirror/commands";
import {
  HighlightStyle,
  StreamLanguage,
  bracketMatching,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { lintGutter, setDiagnostics as lintSetDiagnostics } from "@codemirror/lint";
import { cLanguage } from "./c-mode.js";

// Marks transactions that come from the API rather than from the user.
const external = Annotation.define();

const THREAD_COLOURS = [
  // [accent, soft background]
  ["#2563eb", "#dbeafe"], // 0 blue
  ["#d97706", "#fef3c7"], // 1 amber
  ["#059669", "#d1fae5"], // 2 green
  ["#9333ea", "#f3e8ff"], // 3 purple
  ["#dc2626", "#fee2e2"], // 4 red
  ["#0891b2", "#cffafe"], // 5 cyan
  ["#db2777", "#fce7f3"], // 6 pink
  ["#65a30d", "#ecfccb"], // 7 lime
];

const isObject = (v) => v !== null && typeof v === "object";
const isLineNumber = (v) => typeof v === "number" && Number.isInteger(v);

// ---------------------------------------------------------------------------
// Breakpoint gutter (after the CodeMirror "breakpoint gutter" example).

class BreakpointMarker extends GutterMarker {
  eq(other) {
    return other instanceof BreakpointMarker;
  }
  toDOM() {
    const span = document.createElement("span");
    span.className = "cm-breakpoint";
    span.textContent = "●";
    return span;
  }
}
// Unlike the default for gutter markers, a breakpoint sits after text inserted
// at its line start (so Enter at the start of a line moves the breakpoint down
// with the code), and is dropped when the first character of its line is
// deleted together with the line (e.g. deleting the whole line).
BreakpointMarker.prototype.startSide = BreakpointMarker.prototype.endSide = 1;
BreakpointMarker.prototype.mapMode = MapMode.TrackAfter;
const breakpointMarker = new BreakpointMarker();

// Sizes the gutter; uses another class so `.cm-breakpoint` counts only real ones.
class BreakpointSpacer extends GutterMarker {
  toDOM() {
    const span = document.createElement("span");
    span.className = "cm-breakpoint-spacer";
    span.textContent = "●";
    return span;
  }
}

// {pos, on}: toggle one breakpoint (pos is a line start).
const toggleBreakpointEffect = StateEffect.define({
  map: (val, mapping) => ({ pos: mapping.mapPos(val.pos), on: val.on }),
});
// number[]: replace all breakpoints (line-start positions in the new doc).
const replaceBreakpointsEffect = StateEffect.define();

function breakpointSetFromPositions(positions) {
  const sorted = Array.from(new Set(positions)).sort((a, b) => a - b);
  return RangeSet.of(sorted.map((pos) => breakpointMarker.range(pos)));
}

// Keeps one marker per line, always at the line start.
function normalizeBreakpoints(set, doc) {
  const positions = [];
  for (const it = set.iter(); it.value; it.next()) {
    positions.push(doc.lineAt(Math.min(it.from, doc.length)).from);
  }
  return breakpointSetFromPositions(positions);
}

const breakpointState = StateField.define({
  create() {
    return RangeSet.empty;
  },
  update(set, tr) {
    if (tr.docChanged) set = normalizeBreakpoints(set.map(tr.changes), tr.state.doc);
    for (const e of tr.effects) {
      if (e.is(replaceBreakpointsEffect)) {
        set = breakpointSetFromPositions(e.value);
      } else if (e.is(toggleBreakpointEffect)) {
        const { pos, on } = e.value;
        set = set.update({ filter: (from) => from !== pos });
        if (on) set = set.update({ add: [breakpointMarker.range(pos)] });
      }
    }
    return set;
  },
});

function breakpointLines(state) {
  const lines = [];
  const set = state.field(breakpointState, false);
  if (!set) return lines;
  for (const it = set.iter(); it.value; it.next()) {
    const n = state.doc.lineAt(Math.min(it.from, state.doc.length)).number;
    if (lines[lines.length - 1] !== n) lines.push(n);
  }
  return lines;
}

function toggleBreakpointAt(view, lineFrom) {
  let has = false;
  view.state.field(breakpointState).between(lineFrom, lineFrom, (from) => {
    if (from === lineFrom) has = true;
  });
  view.dispatch({ effects: toggleBreakpointEffect.of({ pos: lineFrom, on: !has }) });
}

const breakpointGutter = [
  breakpointState,
  gutter({
    class: "cm-breakpoint-gutter",
    markers: (view) => view.state.field(breakpointState),
    initialSpacer: () => new BreakpointSpacer(),
    // One element per line, so every line has a clickable gutter cell.
    renderEmptyElements: true,
    domEventHandlers: {
      mousedown(view, line, event) {
        if (event.button !== 0) return false;
        toggleBreakpointAt(view, line.from);
        return true;
      },
    },
  }),
];

// ---------------------------------------------------------------------------
// Executing-line highlights: one line decoration per (line, thread).

const setExecEffect = StateEffect.define(); // [{line, thread}] (validated)

const execLineDecorations = [];
for (let n = 0; n < 8; n++) {
  execLineDecorations.push(
    Decoration.line({
      class: `cm-exec-line cm-exec-thread-${n}`,
      attributes: { "data-thread": String(n) },
    }),
  );
}

// The expression about to finish (expression granularity), underlined in its thread's colour.
const execExpressionDecorations = [];
for (let n = 0; n < 8; n++) {
  execExpressionDecorations.push(
    Decoration.mark({
      class: `cm-exec-expression cm-exec-expression-${n}`,
      attributes: { "data-thread": String(n) },
    }),
  );
}

/** The offset of 1-based (line, column) in doc, clamped into its line; null if no such line. */
function offsetOf(doc, line, column) {
  if (line < 1 || line > doc.lines) return null;
  const at = doc.line(line);
  return Math.min(at.to, at.from + Math.max(0, column - 1));
}

function buildExecDecorations(doc, entries) {
  const seen = new Set();
  const ranges = [];
  for (const { line, thread, expression } of entries) {
    if (line < 1 || line > doc.lines) continue;
    const key = line * 8 + thread;
    if (seen.has(key)) continue;
    seen.add(key);
    ranges.push(execLineDecorations[thread].range(doc.line(line).from));
    if (expression) {
      const from = offsetOf(doc, expression[0], expression[1]);
      const to = offsetOf(doc, expression[2], expression[3]);
      if (from !== null && to !== null && from < to) {
        ranges.push(execExpressionDecorations[thread].range(from, to));
      }
    }
  }
  return Decoration.set(ranges, true);
}

const execLineState = StateField.define({
  create() {
    return Decoration.none;
  },
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setExecEffect)) deco = buildExecDecorations(tr.state.doc, e.value);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function validExecEntries(list) {
  const out = [];
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (!isObject(entry)) continue;
    const { line, thread } = entry;
    if (!isLineNumber(line) || !isLineNumber(thread)) continue;
    const expression =
      Array.isArray(entry.expression) &&
      entry.expression.length === 4 &&
      entry.expression.every(isLineNumber)
        ? entry.expression
        : null;
    out.push({ line, thread: ((thread % 8) + 8) % 8, expression });
  }
  return out;
}

// Line-keyed state (breakpoints, executing lines) is kept by line number across
// setText; anything past the new end is dropped.
function execLinesOf(state) {
  const out = [];
  const deco = state.field(execLineState, false);
  if (!deco) return out;
  for (const it = deco.iter(); it.value; it.next()) {
    // Expression marks go with their line; only the line decorations are kept.
    if (it.value.spec.class.startsWith("cm-exec-expression")) continue;
    const thread = Number(it.value.spec.attributes["data-thread"]);
    out.push({ line: state.doc.lineAt(Math.min(it.from, state.doc.length)).number, thread });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Themes.

const execTheme = {};
THREAD_COLOURS.forEach(([accent, soft], n) => {
  execTheme[`.cm-line.cm-exec-thread-${n}`] = {
    backgroundColor: soft,
    // Inset shadow draws a 3px left bar without shifting the text.
    boxShadow: `inset 3px 0 0 ${accent}`,
  };
  execTheme[`.cm-exec-expression-${n}`] = {
    textDecoration: `underline 2px ${accent}`,
    textUnderlineOffset: "3px",
    outline: `1px dotted ${accent}`,
  };
});

const baseTheme = EditorView.baseTheme({
  ...execTheme,
  ".cm-breakpoint-gutter .cm-gutterElement": {
    color: "#dc2626",
    paddingLeft: "4px",
    paddingRight: "2px",
    cursor: "pointer",
    userSelect: "none",
  },
  ".cm-breakpoint-gutter .cm-gutterElement:hover": {
    backgroundColor: "rgba(220, 38, 38, 0.08)",
  },
});

const editorTheme = EditorView.theme({
  "&": {
    height: "100%",
    fontSize: "14px",
  },
  ".cm-scroller": {
    overflow: "auto",
    fontFamily:
      "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace",
  },
});

// The C mode's token colours, from CSS variables so the page's stylesheet sets them per
// theme (and per executing line's background); the fallbacks are the light theme's. Unlike
// CodeMirror's default style, each keeps WCAG AA contrast (4.5:1) on the editor's
// backgrounds: white, the active line and the executing lines' tints.
const highlightStyle = HighlightStyle.define([
  { tag: tags.meta, color: "var(--cm-meta, #404740)" },
  { tag: tags.keyword, color: "var(--cm-keyword, #770088)" },
  { tag: [tags.atom, tags.bool], color: "var(--cm-atom, #221199)" },
  { tag: tags.literal, color: "var(--cm-number, #116644)" },
  { tag: tags.string, color: "var(--cm-string, #aa1111)" },
  { tag: tags.typeName, color: "var(--cm-type, #006241)" },
  { tag: tags.comment, color: "var(--cm-comment, #8a3d00)" },
  { tag: tags.invalid, color: "var(--cm-invalid, #b3261e)" },
]);

// ---------------------------------------------------------------------------
// Diagnostics.

const SEVERITIES = new Set(["error", "warning", "info"]);

function validDiagnostics(list, docLength) {
  const out = [];
  if (!Array.isArray(list)) return out;
  for (const d of list) {
    if (!isObject(d)) continue;
    let { from, to } = d;
    if (typeof from !== "number" || typeof to !== "number") continue;
    if (!Number.isFinite(from) || !Number.isFinite(to)) continue;
    if (typeof d.message !== "string") continue;
    from = Math.max(0, Math.min(docLength, Math.floor(from)));
    to = Math.max(0, Math.min(docLength, Math.floor(to)));
    if (from > to) [from, to] = [to, from];
    const severity = SEVERITIES.has(d.severity) ? d.severity : "info";
    out.push({ from, to, severity, message: d.message });
  }
  out.sort((a, b) => a.from - b.from || a.to - b.to);
  return out;
}

function effectsOf(spec) {
  const e = spec && spec.effects;
  if (!e) return [];
  return Array.isArray(e) ? e : [e];
}

// ---------------------------------------------------------------------------
// The editor.

export class MemplayEditor {
  /**
   * @param {HTMLElement} parent
   * @param {string} text
   * @param {{onChange?: (text: string) => void,
   *          onBreakpointsChange?: (lines: number[]) => void,
   *          onCursorLine?: (line: number) => void,
   *          readOnly?: boolean, ariaLabel?: string}} [options]
   */
  constructor(parent, text, options) {
    const opts = isObject(options) ? options : {};
    this._onChange = typeof opts.onChange === "function" ? opts.onChange : null;
    this._onBreakpointsChange =
      typeof opts.onBreakpointsChange === "function" ? opts.onBreakpointsChange : null;
    this._onCursorLine = typeof opts.onCursorLine === "function" ? opts.onCursorLine : null;
    this._destroyed = false;
    this._readOnly = new Compartment();

    const ariaLabel =
      typeof opts.ariaLabel === "string" && opts.ariaLabel !== "" ? opts.ariaLabel : "C program editor";

    const state = EditorState.create({
      doc: typeof text === "string" ? text : "",
      extensions: [
        breakpointGutter,
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(highlightStyle),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        StreamLanguage.define(cLanguage),
        lintGutter(),
        execLineState,
        this._readOnly.of(readOnlyExtension(opts.readOnly === true)),
        // An explicit tab stop: editable content is focusable anyway, but read-only
        // content (contenteditable=false) is not, and a read-only program must stay
        // reachable, scrollable and selectable from the keyboard too.
        EditorView.contentAttributes.of({ "aria-label": ariaLabel, tabindex: "0" }),
        baseTheme,
        editorTheme,
      ],
    });

    this.view = new EditorView({
      state,
      parent: parent instanceof Element ? parent : undefined,
      // Callbacks run after the update has finished, so they may safely call
      // back into this editor (e.g. setDiagnostics from inside onChange).
      dispatchTransactions: (trs, view) => this._dispatch(trs, view),
    });
  }

  _dispatch(trs, view) {
    const before = view.state;
    view.update(trs);
    const after = view.state;
    if (this._onCursorLine) {
      const line = (state) => state.doc.lineAt(state.selection.main.head).number;
      if (line(before) !== line(after)) this._onCursorLine(line(after));
    }
    const byUser = trs.filter((tr) => !tr.annotation(external));
    if (byUser.length === 0) return;

    if (this._onChange && byUser.some((tr) => tr.docChanged)) {
      this._onChange(after.doc.toString());
    }
    if (
      this._onBreakpointsChange &&
      before.field(breakpointState, false) !== after.field(breakpointState, false)
    ) {
      const old = breakpointLines(before);
      const now = breakpointLines(after);
      if (old.length !== now.length || old.some((n, i) => n !== now[i])) {
        this._onBreakpointsChange(now);
      }
    }
  }

  _apply(spec) {
    if (this._destroyed) return;
    const annotations = [external.of(true)].concat(spec.annotations || []);
    this.view.dispatch({ ...spec, annotations });
  }

  /** @returns {string} the whole document. */
  getText() {
    return this.view.state.doc.toString();
  }

  /**
   * Replaces the whole document (one undoable step). Does not call onChange.
   * Breakpoints and executing lines keep their line numbers (dropped if past
   * the new end); diagnostics are cleared.
   * @param {string} text
   */
  setText(text) {
    if (this._destroyed || typeof text !== "string") return;
    const state = this.view.state;
    if (state.doc.toString() === text) return;
    const newDoc = state.toText(text);
    const bpPositions = breakpointLines(state)
      .filter((n) => n <= newDoc.lines)
      .map((n) => newDoc.line(n).from);
    const exec = execLinesOf(state).filter((e) => e.line <= newDoc.lines);
    this._apply({
      changes: { from: 0, to: state.doc.length, insert: newDoc },
      effects: [
        replaceBreakpointsEffect.of(bpPositions),
        setExecEffect.of(exec),
        ...effectsOf(lintSetDiagnostics(state, [])),
      ],
      annotations: [isolateHistory.of("full")],
    });
  }

  /**
   * @param {{from: number, to: number, severity: "error"|"warning"|"info",
   *          message: string}[]} list UTF-16 offsets; [] clears.
   */
  setDiagnostics(list) {
    if (this._destroyed || !Array.isArray(list)) return;
    const state = this.view.state;
    const diagnostics = validDiagnostics(list, state.doc.length);
    this._apply(lintSetDiagnostics(state, diagnostics));
  }

  /**
   * @param {{line: number, thread: number}[]} list 1-based lines; [] clears.
   */
  setExecutingLines(list) {
    if (this._destroyed || !Array.isArray(list)) return;
    this._apply({ effects: setExecEffect.of(validExecEntries(list)) });
  }

  /**
   * Replaces all breakpoints. Does not call onBreakpointsChange.
   * @param {number[]} lines 1-based
   */
  setBreakpoints(lines) {
    if (this._destroyed || !Array.isArray(lines)) return;
    const doc = this.view.state.doc;
    const positions = lines
      .filter((n) => isLineNumber(n) && n >= 1 && n <= doc.lines)
      .map((n) => doc.line(n).from);
    this._apply({ effects: replaceBreakpointsEffect.of(positions) });
  }

  /** @returns {number} the 1-based line of the cursor (run to cursor goes there). */
  getCursorLine() {
    const state = this.view.state;
    return state.doc.lineAt(state.selection.main.head).number;
  }

  /**
   * Puts the cursor at the start of a line, scrolls it into view and focuses the editor
   * (a problem's link to its line). Lines out of range are ignored.
   * @param {number} line 1-based
   */
  revealLine(line) {
    if (this._destroyed || !isLineNumber(line)) return;
    const doc = this.view.state.doc;
    if (line < 1 || line > doc.lines) return;
    const from = doc.line(line).from;
    this._apply({ selection: { anchor: from }, scrollIntoView: true });
    this.view.focus();
  }

  /** @returns {number[]} 1-based line numbers, ascending. */
  getBreakpoints() {
    return breakpointLines(this.view.state);
  }

  /** @param {boolean} flag */
  setReadOnly(flag) {
    if (this._destroyed) return;
    this._apply({ effects: this._readOnly.reconfigure(readOnlyExtension(flag === true)) });
  }

  focus() {
    if (!this._destroyed) this.view.focus();
  }

  destroy() {
    if (this._destroyed) return;
    this._destroyed = true;
    this.view.destroy();
  }
}

function readOnlyExtension(flag) {
  return [EditorState.readOnly.of(flag), EditorView.editable.of(!flag)];
}

// Explicit global (not esbuild's globalName): the bundle is sometimes evaluated
// inside `new Function(...)`, where a top-level `var` would stay local.
globalThis.memplayEditor = { MemplayEditor, version: 1 };
