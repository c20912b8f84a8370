//! The code editor region: mounts the CodeMirror editor once and keeps it in step with the
//! props (diagnostics, executing lines, breakpoints, read-only).

use std::cell::RefCell;
use std::rc::Rc;

use memplay_session::{EditorDiagnostic, ExecutingLine};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::editor_binding::{EditorCallbacks, EditorHandle, breakpoints_from_js};
use crate::services::after_layout;

#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The text the editor opens with; later changes come from the learner, not from props.
    pub initial_text: AttrValue,
    pub on_change: Callback<String>,
    pub on_breakpoints_change: Callback<Vec<u32>>,
    /// Byte spans into the editor's current text.
    #[prop_or_default]
    pub diagnostics: Rc<[EditorDiagnostic]>,
    /// Changes whenever `diagnostics` should be shown afresh, even if equal to the last
    /// list: the editor moves squiggles with the text and drops one whose text is deleted,
    /// so an undo can bring back text whose (unchanged) diagnostics are no longer drawn.
    #[prop_or_default]
    pub diagnostics_revision: u64,
    #[prop_or_default]
    pub executing: Rc<[ExecutingLine]>,
    #[prop_or_default]
    pub breakpoints: Rc<[u32]>,
    #[prop_or_default]
    pub read_only: bool,
    /// Told the cursor's line whenever it moves to another one (run to cursor goes there).
    #[prop_or_default]
    pub on_cursor_line: Callback<u32>,
    /// A line to put the cursor on and show, with a request number so asking for the same
    /// line twice shows it twice.
    #[prop_or_default]
    pub reveal: Option<(u32, u64)>,
    /// Text to replace the editor's with (an opened scenario's program), with a request
    /// number; the editor then reports it through `on_change` as any edit.
    #[prop_or_default]
    pub load: Option<(Rc<str>, u64)>,
}

#[function_component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let host = use_node_ref();
    let handle = use_mut_ref(|| None::<EditorHandle>);
    let load_error = use_state(|| None::<String>);

    {
        let host = host.clone();
        let handle = handle.clone();
        let load_error = load_error.clone();
        let initial_text = props.initial_text.clone();
        let read_only = props.read_only;
        let on_change = props.on_change.clone();
        let on_breakpoints_change = props.on_breakpoints_change.clone();
        let on_cursor_line = props.on_cursor_line.clone();
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<HtmlElement>() {
                let callbacks = EditorCallbacks {
                    on_change: Closure::new(move |text: String| on_change.emit(text)),
                    on_breakpoints_change: Closure::new(move |lines: JsValue| {
                        on_breakpoints_change.emit(breakpoints_from_js(lines))
                    }),
                    on_cursor_line: Some(Closure::new(move |line: u32| on_cursor_line.emit(line))),
                };
                match EditorHandle::mount(&element, &initial_text, read_only, callbacks) {
                    Ok(editor) => *handle.borrow_mut() = Some(editor),
                    Err(message) => load_error.set(Some(message)),
                }
            }
            move || drop(handle.borrow_mut().take())
        });
    }

    // Each effect below pushes one prop into the mounted editor when it changes.
    {
        let handle = handle.clone();
        use_effect_with(
            (props.diagnostics.clone(), props.diagnostics_revision),
            move |(diagnostics, _)| {
                with_editor(&handle, |editor| editor.set_diagnostics(diagnostics))
            },
        );
    }
    {
        // After a big step, in the animation frame: CodeMirror reads the page's selection as
        // it updates, which would lay out at once all the step changed in the views.
        let handle = handle.clone();
        use_effect_with(props.executing.clone(), move |lines| {
            let lines = lines.clone();
            after_layout(Box::new(move || {
                with_editor(&handle, |editor| editor.set_executing_lines(&lines))
            }))
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.breakpoints.clone(), move |lines| {
            with_editor(&handle, |editor| editor.set_breakpoints(lines))
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let Some((line, _)) = *reveal {
                with_editor(&handle, |editor| editor.editor().reveal_line(line))
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.load.clone(), move |load| {
            if let Some((text, _)) = load {
                with_editor(&handle, |editor| editor.editor().set_text(text))
            }
        });
    }
    {
        let handle = handle.clone();
        use_effect_with(props.read_only, move |&read_only| {
            with_editor(&handle, |editor| editor.editor().set_read_only(read_only))
        });
    }

    html! {
        <div class="editor-pane">
            if let Some(message) = &*load_error {
                <p class="editor-error" role="alert">{ message }</p>
            }
            <div class="editor-host" ref={host}></div>
        </div>
    }
}

/// Runs `apply` on the editor if it mounted (it may have failed to load).
fn with_editor(handle: &Rc<RefCell<Option<EditorHandle>>>, apply: impl FnOnce(&EditorHandle)) {
    if let Some(editor) = handle.borrow().as_ref() {
        apply(editor)
    }
}
