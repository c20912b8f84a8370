//! The editor binding in a real browser (headless Chromium through wasm-bindgen-test).
//!
//! The CodeMirror bundle is built by `cargo xtask test` before this runs and handed over
//! in MEMPLAY_EDITOR_BUNDLE; the test evaluates it, as the app's page does with a <script>.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use memplay_session::{EditorDiagnostic, ExecutingLine, Severity};
use memplay_web::editor_binding::{EditorCallbacks, EditorHandle, breakpoints_from_js};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const EDITOR_BUNDLE: &str = include_str!(env!("MEMPLAY_EDITOR_BUNDLE"));

fn load_bundle() {
    let loaded = js_sys::Reflect::has(&js_sys::global(), &"memplayEditor".into()).unwrap();
    if !loaded {
        js_sys::Function::new_no_args(EDITOR_BUNDLE)
            .call0(&JsValue::NULL)
            .expect("the editor bundle evaluates");
    }
}

fn host() -> HtmlElement {
    let document = gloo::utils::document();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "height: 300px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

struct Mounted {
    host: HtmlElement,
    editor: EditorHandle,
    changes: Rc<RefCell<Vec<String>>>,
}

fn mount(text: &str) -> Mounted {
    load_bundle();
    let host = host();
    let changes = Rc::new(RefCell::new(Vec::new()));
    let sink = changes.clone();
    let callbacks = EditorCallbacks {
        on_change: Closure::new(move |text: String| sink.borrow_mut().push(text)),
        on_breakpoints_change: Closure::new(|lines: JsValue| {
            breakpoints_from_js(lines);
        }),
        on_cursor_line: None,
    };
    let editor = EditorHandle::mount(&host, text, false, callbacks).expect("editor mounts");
    Mounted {
        host,
        editor,
        changes,
    }
}

#[wasm_bindgen_test]
fn sets_and_reads_text() {
    let m = mount("int main(void) { return 0; }\n");
    assert_eq!(m.editor.editor().text(), "int main(void) { return 0; }\n");
    m.editor.editor().set_text("int x;\n");
    assert_eq!(m.editor.editor().text(), "int x;\n");
    let content = m.host.query_selector(".cm-content").unwrap().unwrap();
    assert!(content.text_content().unwrap().contains("int x;"));
    // Text set from Rust is not echoed back as a learner's edit.
    assert!(m.changes.borrow().is_empty());
}

#[wasm_bindgen_test]
fn a_diagnostic_set_from_rust_appears_in_the_dom() {
    // The span is in bytes and follows a non-ASCII comment, so it also checks the
    // byte-to-UTF-16 conversion: the squiggle must cover exactly `cout`.
    let program = "/* é😀 */ int main(void) { cout; }\n";
    let m = mount(program);
    let from = program.find("cout").unwrap();
    m.editor.set_diagnostics(&[EditorDiagnostic {
        from,
        to: from + 4,
        severity: Severity::Error,
        message: "use of undeclared identifier 'cout'".into(),
    }]);
    let squiggle = m
        .host
        .query_selector(".cm-lintRange-error")
        .unwrap()
        .expect("an error squiggle is drawn");
    assert_eq!(squiggle.text_content().unwrap(), "cout");
    m.editor.set_diagnostics(&[]);
    assert!(
        m.host
            .query_selector(".cm-lintRange-error")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
fn executing_lines_and_breakpoints_reach_the_editor() {
    let m = mount("int a;\nint b;\nint c;\n");
    m.editor.set_executing_lines(&[
        ExecutingLine {
            line: 2,
            thread: 0,
            expression: None,
        },
        ExecutingLine {
            line: 3,
            thread: 1,
            // `c` in `int c;`
            expression: Some([3, 5, 3, 6]),
        },
    ]);
    let expression = m
        .host
        .query_selector(".cm-exec-expression-1")
        .unwrap()
        .expect("thread 1's expression is marked");
    assert_eq!(expression.text_content().unwrap(), "c");
    let line = m
        .host
        .query_selector(".cm-exec-thread-1")
        .unwrap()
        .expect("thread 1's line is marked");
    assert_eq!(line.text_content().unwrap(), "int c;");
    m.editor.set_breakpoints(&[1, 3, 99]);
    assert_eq!(m.editor.breakpoints(), vec![1, 3]);
    assert_eq!(
        m.host
            .query_selector_all(".cm-breakpoint")
            .unwrap()
            .length(),
        2
    );
}

#[wasm_bindgen_test]
fn reveal_line_moves_the_cursor_there() {
    let m = mount("int a;\nint b;\nint c;\n");
    assert_eq!(m.editor.editor().cursor_line(), 1);
    m.editor.editor().reveal_line(3);
    assert_eq!(m.editor.editor().cursor_line(), 3);
    m.editor.editor().reveal_line(40);
    assert_eq!(
        m.editor.editor().cursor_line(),
        3,
        "a line past the end is ignored"
    );
}

#[wasm_bindgen_test]
fn read_only_mode_stops_editing() {
    let m = mount("int a;\n");
    let content = m.host.query_selector(".cm-content").unwrap().unwrap();
    assert_eq!(
        content.get_attribute("contenteditable").as_deref(),
        Some("true")
    );
    m.editor.editor().set_read_only(true);
    assert_eq!(
        content.get_attribute("contenteditable").as_deref(),
        Some("false")
    );
    m.editor.editor().set_read_only(false);
    assert_eq!(
        content.get_attribute("contenteditable").as_deref(),
        Some("true")
    );
}
