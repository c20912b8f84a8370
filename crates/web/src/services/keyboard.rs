//! The keyboard shortcuts of the run controls, listened for on the whole document: arrows
//! step (Shift for over and out), Home and End go to the start and end, Ctrl+Enter runs.
//! Keys typed into the editor, a field or the tab list are theirs, not shortcuts.

use gloo::events::{EventListener, EventListenerOptions};
use memplay_session::playback::Move;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// The move a key press asks for, if it is a stepping shortcut.
pub fn shortcut(key: &str, shift: bool) -> Option<Move> {
    Some(match (key, shift) {
        ("ArrowRight", false) => Move::Forward,
        ("ArrowLeft", false) => Move::Back,
        ("ArrowRight", true) => Move::StepOver,
        ("ArrowLeft", true) => Move::StepOverBack,
        ("ArrowDown", true) => Move::StepOut,
        ("ArrowUp", true) => Move::StepOutBack,
        ("Home", _) => Move::ToStart,
        ("End", _) => Move::ToEnd,
        _ => return None,
    })
}

/// Whether a key press inside `target` belongs to it (typing, a field, the tabs).
fn owned_by_target(target: Option<Element>) -> bool {
    target.is_some_and(|element| {
        element
            .closest(".cm-editor, input, select, textarea, [role=tablist]")
            .ok()
            .flatten()
            .is_some()
    })
}

#[hook]
pub fn use_shortcuts(on_run: Callback<()>, on_move: Callback<Move>, can_step: bool) {
    use_effect_with(can_step, move |&can_step| {
        // Not passive: a shortcut's key must not also scroll the page.
        let options = EventListenerOptions::enable_prevent_default();
        let document = gloo::utils::document();
        let listener =
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                    event.prevent_default();
                    on_run.emit(());
                    return;
                }
                let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
                if !can_step || event.ctrl_key() || event.alt_key() || owned_by_target(target) {
                    return;
                }
                if let Some(action) = shortcut(&event.key(), event.shift_key()) {
                    event.prevent_default();
                    on_move.emit(action);
                }
            });
        move || drop(listener)
    });
}
