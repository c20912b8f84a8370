//! Side effects the app needs, each behind a small function or hook: storage, the timer
//! that checks the program when typing pauses, the timers that run a program in slices and
//! play it, and the keyboard shortcuts.

use wasm_bindgen::{JsCast, JsValue};

pub mod draft_store;
pub mod embed;
pub mod keyboard;
pub mod lessons;
pub mod player;
pub mod plots;
pub mod program_check;
pub mod runner;
pub mod settings_store;
pub mod share;
pub mod theme;

/// A fine clock for sizing slices of work (Date.now counts whole milliseconds, too coarse
/// for a 2 ms chunk).
pub fn now_ms() -> f64 {
    gloo::utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Runs `f` in a task of its own after the current one (a timeout of 0): how work is split
/// so that no task grows long. (Boxed, so that every caller shares one closure shim: each
/// costs the bundle.)
pub fn next_task(f: Box<dyn FnOnce()>) {
    gloo::timers::callback::Timeout::new(0, f).forget();
}

/// The message of a thrown JS value, for showing to a person.
pub fn js_error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}
