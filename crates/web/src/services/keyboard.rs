//! The keyboard shortcuts, listened for on the whole document: arrows step (Shift for over
//! and out), Home and End go to the start and end, Space plays and pauses, C runs to the
//! cursor's line, B and Shift+B go to the next and previous breakpoint, ? lists them all,
//! Ctrl+Enter runs. Keys typed into the editor, a field, a button or the tab list are
//! theirs, not shortcuts (Ctrl+Enter excepted).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use memplay_session::playback::Move;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

/// What a shortcut asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Run,
    Move(Move),
    TogglePlay,
    RunToCursor,
    ShowShortcuts,
    /// Escape: closes the shortcuts list if it is open.
    Close,
}

/// Every shortcut as the "?" list shows it.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl+Enter", "Run the program (also in the editor)"),
    ("→ / ←", "Step forward / back"),
    ("Shift+→ / Shift+←", "Step over a call, forward / back"),
    ("Shift+↓ / Shift+↑", "Step out of the call, forward / back"),
    ("Home / End", "Go to the first / last step"),
    ("Space", "Play / pause"),
    ("C", "Run to the cursor's line"),
    ("B / Shift+B", "Continue to the next / previous breakpoint"),
    ("?", "Show this list"),
    ("Escape", "Close this list"),
];

/// The shortcut a key press outside any field asks for, if any.
pub fn shortcut(key: &str, shift: bool) -> Option<Shortcut> {
    Some(match (key, shift) {
        ("ArrowRight", false) => Shortcut::Move(Move::Forward),
        ("ArrowLeft", false) => Shortcut::Move(Move::Back),
        ("ArrowRight", true) => Shortcut::Move(Move::StepOver),
        ("ArrowLeft", true) => Shortcut::Move(Move::StepOverBack),
        ("ArrowDown", true) => Shortcut::Move(Move::StepOut),
        ("ArrowUp", true) => Shortcut::Move(Move::StepOutBack),
        ("Home", _) => Shortcut::Move(Move::ToStart),
        ("End", _) => Shortcut::Move(Move::ToEnd),
        (" ", false) => Shortcut::TogglePlay,
        ("c" | "C", _) => Shortcut::RunToCursor,
        ("b", false) | ("B", false) => Shortcut::Move(Move::ToBreakpoint),
        ("B" | "b", true) => Shortcut::Move(Move::BackToBreakpoint),
        ("?", _) => Shortcut::ShowShortcuts,
        ("Escape", _) => Shortcut::Close,
        _ => return None,
    })
}

/// Whether a key press inside `target` belongs to it (typing, a field, a button, the tabs).
fn owned_by_target(target: Option<Element>) -> bool {
    target.is_some_and(|element| {
        element
            .closest(".cm-editor, input, select, textarea, button, [role=tablist]")
            .ok()
            .flatten()
            .is_some()
    })
}

/// Listens for shortcuts for as long as the component lives, handing each to the latest
/// `handler` (it changes with the state it reads, the listener does not).
#[hook]
pub fn use_shortcuts(handler: Callback<Shortcut>) {
    let latest = use_mut_ref(|| handler.clone());
    *latest.borrow_mut() = handler;
    use_effect_with((), move |_| {
        let latest: Rc<RefCell<Callback<Shortcut>>> = latest;
        // Not passive: a shortcut's key must not also scroll the page.
        let options = EventListenerOptions::enable_prevent_default();
        let document = gloo::utils::document();
        let listener =
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                let emit = |shortcut| latest.borrow().emit(shortcut);
                if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                    event.prevent_default();
                    emit(Shortcut::Run);
                    return;
                }
                let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
                // Escape closes the list even from its own Close button.
                if event.key() == "Escape" {
                    emit(Shortcut::Close);
                    return;
                }
                if event.ctrl_key()
                    || event.alt_key()
                    || event.meta_key()
                    || owned_by_target(target)
                {
                    return;
                }
                if let Some(shortcut) = shortcut(&event.key(), event.shift_key()) {
                    event.prevent_default();
                    emit(shortcut);
                }
            });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_their_shortcuts() {
        assert_eq!(
            shortcut("ArrowRight", false),
            Some(Shortcut::Move(Move::Forward))
        );
        assert_eq!(
            shortcut("ArrowLeft", true),
            Some(Shortcut::Move(Move::StepOverBack))
        );
        assert_eq!(shortcut(" ", false), Some(Shortcut::TogglePlay));
        assert_eq!(
            shortcut("B", true),
            Some(Shortcut::Move(Move::BackToBreakpoint))
        );
        assert_eq!(
            shortcut("b", false),
            Some(Shortcut::Move(Move::ToBreakpoint))
        );
        assert_eq!(shortcut("?", true), Some(Shortcut::ShowShortcuts));
        assert_eq!(shortcut("x", false), None);
    }

    #[test]
    fn every_listed_key_is_handled() {
        // The list's first key of each row (before " / "), as KeyboardEvent.key spells it.
        for (keys, _) in SHORTCUTS {
            if keys.starts_with("Ctrl") {
                continue;
            }
            let first = keys.split(" / ").next().unwrap();
            let (shift, key) = match first.strip_prefix("Shift+") {
                Some(rest) => (true, rest),
                None => (first == "?", first),
            };
            let key = match key {
                "→" => "ArrowRight",
                "←" => "ArrowLeft",
                "↓" => "ArrowDown",
                "↑" => "ArrowUp",
                "Space" => " ",
                other => other,
            };
            assert!(
                shortcut(key, shift).is_some(),
                "{keys} is listed but not handled"
            );
        }
    }
}
