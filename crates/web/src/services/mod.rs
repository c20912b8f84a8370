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
/// so that no task grows long. (Boxed, like [`in_next_frame`]'s, so that every caller
/// shares one closure shim: each costs the bundle.)
pub fn next_task(f: Box<dyn FnOnce()>) {
    gloo::timers::callback::Timeout::new(0, f).forget();
}

/// Runs `f` in the next animation frame: after the current task, before the page is next
/// laid out and painted. For work that reads the layout (positions, the selection), so that
/// a task that changed much of the DOM does not lay it out itself: the frame does so anyway.
pub fn in_next_frame(f: Box<dyn FnOnce()>) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = gloo::utils::window().request_animation_frame(f.unchecked_ref());
}

thread_local! {
    /// Whether the step being shown was big to draw (see [`after_layout`]); set by the
    /// runner as it hands a step to the views.
    static BIG_STEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says whether the step about to be shown is big to draw: making its view took a task of
/// its own (a far replay, thousands of frames), or every view replaces a run's progress.
pub fn showing_big_step(big: bool) {
    BIG_STEP.with(|cell| cell.set(big));
}

/// Runs `f`, which reads the layout, now; or, after drawing a big step, in the next
/// animation frame, which lays the page out anyway, rather than lay out in the drawing's
/// own task all that the step changed (nothing is painted before the frame).
pub fn after_layout(f: Box<dyn FnOnce()>) {
    if BIG_STEP.with(std::cell::Cell::get) {
        in_next_frame(f)
    } else {
        f()
    }
}

/// The message of a thrown JS value, for showing to a person.
pub fn js_error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}
