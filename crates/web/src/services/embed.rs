//! The embed's side of the postMessage API: commands from the host page, checked by
//! `memplay_session::embed` (a message of the wrong shape, or one too many in a flood, is
//! refused and counted, never obeyed), and events posted back to it.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use memplay_session::embed::{Command, EmbedOptions, Event, EventKind, parse_command};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

/// Commands obeyed in one second at most; beyond that a flood is refused, not queued.
const MAX_COMMANDS_PER_SECOND: u32 = 50;

/// The embed options of this page's URL, if it is an embed.
pub fn options() -> Option<EmbedOptions> {
    let search = web_sys::window()?.location().search().ok()?;
    EmbedOptions::from_query(&search)
}

/// Posts `event` to the page that embeds this one (to itself when not in a frame).
pub fn post(event: &Event) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let target = window.parent().ok().flatten().unwrap_or(window);
    if let Ok(message) = js_sys::JSON::parse(&event.to_json()) {
        // The events say nothing private: any host page may hear them.
        let _ = target.post_message(&message, "*");
    }
}

/// Listens for the host page's commands while `enabled`; posts `ready` once listening.
/// Each command goes to the `on_command` of the latest render (it sees the latest state).
#[hook]
pub fn use_embed_commands(enabled: bool, on_command: Callback<Command>) {
    let latest = use_mut_ref(|| on_command.clone());
    *latest.borrow_mut() = on_command;
    use_effect_with(enabled, move |&enabled| {
        let listener = enabled.then(|| {
            let ignored = Rc::new(Cell::new(0u64));
            let window = gloo::utils::window();
            let budget = Rc::new(Cell::new((0.0f64, 0u32)));
            let listener = EventListener::new(&window, "message", move |event| {
                let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                    return;
                };
                let verdict = within_budget(&budget)
                    .and_then(|()| message_text(&event.data()))
                    .and_then(|text| parse_command(&text));
                match verdict {
                    Ok(command) => latest.borrow().emit(command),
                    Err(reason) => {
                        ignored.set(ignored.get() + 1);
                        let mut report = Event::new(EventKind::Ignored);
                        report.ignored = Some(ignored.get());
                        report.reason = Some(reason);
                        post(&report);
                    }
                }
            });
            post(&Event::new(EventKind::Ready));
            listener
        });
        move || drop(listener)
    });
}

/// Counts a message against this second's budget.
fn within_budget(budget: &Cell<(f64, u32)>) -> Result<(), String> {
    let now = js_sys::Date::now();
    let (since, count) = budget.get();
    let (since, count) = if now - since >= 1000.0 {
        (now, 0)
    } else {
        (since, count)
    };
    budget.set((since, count + 1));
    if count >= MAX_COMMANDS_PER_SECOND {
        return Err(format!(
            "more than {MAX_COMMANDS_PER_SECOND} messages in a second"
        ));
    }
    Ok(())
}

/// A message's data as JSON text: a string as it is, anything else as JSON.stringify has
/// it (a value it cannot serialise, such as a cycle, is refused).
fn message_text(data: &JsValue) -> Result<String, String> {
    if let Some(text) = data.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(data)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not a memplay command: not JSON".to_string())
}
