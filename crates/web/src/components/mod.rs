//! The app's components, one per region of the page. Each renders plain data it is given.

pub mod code_editor;
pub mod controls;
pub mod lesson_panel;
pub mod notice;
pub mod scenario_dialogs;
pub mod shortcuts_help;
pub mod status_line;
pub mod view_panel;
pub mod view_tabs;
pub mod views;

use yew::{Callback, MouseEvent};

/// A click handler that emits `value` to `callback`. One generic function, so the buttons
/// that emit values of one type share one copy of its code, where a `reform` closure per
/// button was a copy each.
pub fn emit_on_click<T: Clone + 'static>(callback: &Callback<T>, value: T) -> Callback<MouseEvent> {
    callback.reform(move |_| value.clone())
}
