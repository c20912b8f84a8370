//! Rust's side of the CodeMirror 6 editor. The editor is bundled by esbuild from
//! `www/editor/src/editor.js` into a classic script that sets `globalThis.memplayEditor`;
//! this module binds that global and converts plain session data into what it takes.

use js_sys::{Array, Function, JSON, Number, Object, Reflect};
use memplay_session::text::Utf16Index;
use memplay_session::{EditorDiagnostic, ExecutingLine};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen]
extern "C" {
    /// The JavaScript editor object (`memplayEditor.MemplayEditor`).
    #[wasm_bindgen(js_namespace = memplayEditor)]
    pub type MemplayEditor;

    #[wasm_bindgen(constructor, js_namespace = memplayEditor, catch)]
    fn construct(
        parent: &HtmlElement,
        text: &str,
        options: &Object,
    ) -> Result<MemplayEditor, JsValue>;

    #[wasm_bindgen(method, js_name = getText)]
    pub fn text(this: &MemplayEditor) -> String;

    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &MemplayEditor, text: &str);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics_js(this: &MemplayEditor, list: JsValue);

    #[wasm_bindgen(method, js_name = setExecutingLines)]
    fn set_executing_lines_js(this: &MemplayEditor, list: JsValue);

    #[wasm_bindgen(method, js_name = setBreakpoints)]
    fn set_breakpoints_js(this: &MemplayEditor, lines: JsValue);

    #[wasm_bindgen(method, js_name = getBreakpoints)]
    fn breakpoints_js(this: &MemplayEditor) -> JsValue;

    #[wasm_bindgen(method, js_name = getCursorLine)]
    pub fn cursor_line(this: &MemplayEditor) -> u32;

    #[wasm_bindgen(method, js_name = revealLine)]
    pub fn reveal_line(this: &MemplayEditor, line: u32);

    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &MemplayEditor, read_only: bool);

    #[wasm_bindgen(method)]
    pub fn focus(this: &MemplayEditor);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &MemplayEditor);
}

/// What the editor reports back to Rust.
pub struct EditorCallbacks {
    pub on_change: Closure<dyn FnMut(String)>,
    /// Called with a JS array of 1-based line numbers; see [`breakpoints_from_js`].
    pub on_breakpoints_change: Closure<dyn FnMut(JsValue)>,
    /// Called with the cursor's 1-based line whenever it moves to another line.
    pub on_cursor_line: Option<Closure<dyn FnMut(u32)>>,
}

/// A mounted editor together with the closures it calls, which must live as long as it.
pub struct EditorHandle {
    editor: MemplayEditor,
    _callbacks: EditorCallbacks,
}

/// The diagnostic shape the JavaScript side takes: UTF-16 positions.
#[derive(Serialize)]
struct JsDiagnostic<'a> {
    from: usize,
    to: usize,
    severity: memplay_session::Severity,
    message: &'a str,
}

impl EditorHandle {
    /// Mounts an editor in `parent`. Fails with a readable message when the editor bundle
    /// did not load (the global is missing) or the editor throws.
    pub fn mount(
        parent: &HtmlElement,
        text: &str,
        read_only: bool,
        callbacks: EditorCallbacks,
    ) -> Result<EditorHandle, String> {
        let options = Object::new();
        let set = |key: &str, value: &JsValue| {
            Reflect::set(&options, &JsValue::from_str(key), value)
                .expect("setting a property on a fresh object cannot fail");
        };
        set(
            "onChange",
            callbacks.on_change.as_ref().unchecked_ref::<Function>(),
        );
        set(
            "onBreakpointsChange",
            callbacks
                .on_breakpoints_change
                .as_ref()
                .unchecked_ref::<Function>(),
        );
        if let Some(on_cursor_line) = &callbacks.on_cursor_line {
            set(
                "onCursorLine",
                on_cursor_line.as_ref().unchecked_ref::<Function>(),
            );
        }
        set("readOnly", &JsValue::from_bool(read_only));
        let editor = MemplayEditor::construct(parent, text, &options).map_err(|e| {
            format!(
                "The code editor failed to load ({}).",
                crate::services::js_error_message(&e)
            )
        })?;
        Ok(EditorHandle {
            editor,
            _callbacks: callbacks,
        })
    }

    pub fn editor(&self) -> &MemplayEditor {
        &self.editor
    }

    /// Shows diagnostics whose spans are byte offsets into the editor's current text.
    pub fn set_diagnostics(&self, diagnostics: &[EditorDiagnostic]) {
        let text = self.editor.text();
        let index = Utf16Index::new(&text);
        let list: Vec<JsDiagnostic> = diagnostics
            .iter()
            .map(|d| JsDiagnostic {
                from: index.utf16_offset(d.from),
                to: index.utf16_offset(d.to),
                severity: d.severity,
                message: &d.message,
            })
            .collect();
        self.editor.set_diagnostics_js(to_js(&list));
    }

    pub fn set_executing_lines(&self, lines: &[ExecutingLine]) {
        self.editor.set_executing_lines_js(to_js(&lines));
    }

    pub fn set_breakpoints(&self, lines: &[u32]) {
        self.editor.set_breakpoints_js(to_js(&lines));
    }

    pub fn breakpoints(&self) -> Vec<u32> {
        breakpoints_from_js(self.editor.breakpoints_js())
    }
}

impl Drop for EditorHandle {
    fn drop(&mut self) {
        self.editor.destroy();
    }
}

/// Reads the editor's breakpoint list; anything malformed (not an array, or an entry that
/// is not a whole number in `u32`'s range) reads as no breakpoints.
///
/// Read by hand rather than through serde-wasm-bindgen's deserializer, whose error
/// messages (never shown here) brought Rust's float formatting into the bundle.
pub fn breakpoints_from_js(lines: JsValue) -> Vec<u32> {
    let Some(lines) = lines.dyn_ref::<Array>() else {
        return Vec::new();
    };
    let line = |value: JsValue| {
        let number = value.as_f64()?;
        (Number::is_safe_integer(&value) && (0.0..=f64::from(u32::MAX)).contains(&number))
            .then_some(number as u32)
    };
    lines
        .iter()
        .map(line)
        .collect::<Option<_>>()
        .unwrap_or_default()
}

/// Plain data as the JavaScript value of its JSON: serde_json's serializer is in the
/// bundle already (drafts, settings, scenarios), so this needs no second one.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let json = serde_json::to_string(value).expect("plain data always serializes");
    JSON::parse(&json).expect("serde_json writes valid JSON")
}
