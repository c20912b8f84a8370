//! The tutorial's lessons: fetched from `lessons/<id>.json` beside the page when one is
//! opened (they cost the first load nothing), and the learner's progress in localStorage.

use memplay_session::Scenario;
use memplay_session::lessons::{PROGRESS_STORAGE_KEY, Progress};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::Callback;

use super::js_error_message;

/// Fetches lesson `id` and hands its scenario (or why not) to `done`.
pub fn fetch(id: &str, done: Callback<Result<Scenario, String>>) {
    let url = format!("lessons/{id}.json");
    let failed = {
        let (done, url) = (done.clone(), url.clone());
        move |error: JsValue| {
            done.emit(Err(format!(
                "The lesson could not be loaded from {url}: {}",
                js_error_message(&error)
            )))
        }
    };
    let response = Closure::once({
        let (done, failed) = (done.clone(), failed.clone());
        move |response: JsValue| {
            let response: web_sys::Response = response.unchecked_into();
            if !response.ok() {
                return done.emit(Err(format!(
                    "The lesson could not be loaded ({} {}).",
                    response.status(),
                    response.status_text()
                )));
            }
            let Ok(text) = response.text() else {
                return done.emit(Err("The lesson's file could not be read.".into()));
            };
            let parsed = Closure::once(move |text: JsValue| {
                let text = text.as_string().unwrap_or_default();
                done.emit(
                    Scenario::from_json(&text).map_err(|e| format!("The lesson is not valid: {e}")),
                )
            });
            let failed = Closure::once(failed);
            let _ = text.then2(&parsed, &failed);
            parsed.forget();
            failed.forget();
        }
    });
    let failed = Closure::once(failed);
    let _ = gloo::utils::window()
        .fetch_with_str(&url)
        .then2(&response, &failed);
    // One pair per lesson opened.
    response.forget();
    failed.forget();
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_progress() -> Progress {
    storage()
        .and_then(|s| s.get_item(PROGRESS_STORAGE_KEY).ok().flatten())
        .map(|stored| Progress::decode(&stored))
        .unwrap_or_default()
}

pub fn save_progress(progress: &Progress) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(PROGRESS_STORAGE_KEY, &progress.encode());
    }
}
