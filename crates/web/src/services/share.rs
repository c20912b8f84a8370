//! Scenarios in and out of the page: the share link in the URL's fragment (read on load and
//! whenever it changes, then cleared so a reload restores the draft, not the link), the
//! clipboard, and scenario files downloaded and picked.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use memplay_session::{Scenario, link};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use super::js_error_message;

/// What a fragment held: a scenario, or why it could not be opened.
pub type Opened = Result<Scenario, String>;

/// The fragment after `#`, if there is one.
fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.strip_prefix('#').unwrap_or(&hash);
    (!fragment.is_empty()).then(|| fragment.to_string())
}

/// Drops the fragment from the address bar without reloading or adding a history entry.
fn clear_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
}

/// Opens the scenario in the fragment, if the page has one, handing it (or why it could not
/// be opened) to `on_open`, and calls `settled` then; the fragment is read once and cleared
/// if `clear`. The browser inflates the link (so no decompressor ships in the app), and
/// `session::link` checks everything else. False when there was no fragment.
fn open_fragment(clear: bool, on_open: Callback<Opened>, settled: impl FnOnce() + 'static) -> bool {
    let Some(fragment) = fragment() else {
        return false;
    };
    if clear {
        clear_fragment();
    }
    let refused =
        |e: link::LinkError| format!("The link could not be opened: {e}. Your draft is unchanged.");
    let opened = Rc::new(move |result: Result<Scenario, link::LinkError>| {
        on_open.emit(result.map_err(refused));
    });
    let promise = match link::unpack(&fragment) {
        Ok(deflated) => inflate_raw(&deflated, link::MAX_DECODED_BYTES as u32),
        Err(error) => {
            opened(Err(error));
            settled();
            return true;
        }
    };
    let settled = Rc::new(RefCell::new(Some(settled)));
    let settle = move || {
        if let Some(settled) = settled.borrow_mut().take() {
            settled();
        }
    };
    let on_inflated = {
        let (opened, settle) = (opened.clone(), settle.clone());
        Closure::once(move |bytes: JsValue| {
            opened(if bytes.is_null() {
                Err(link::LinkError::TooBig)
            } else {
                link::open_inflated(js_sys::Uint8Array::new(&bytes).to_vec())
            });
            settle();
        })
    };
    let on_failed = Closure::once(move |_: JsValue| {
        opened(Err(link::LinkError::Truncated(link::INFLATE_FAILED.into())));
        settle();
    });
    let _ = promise.then2(&on_inflated, &on_failed);
    // Each runs at most once, after this returns; one pair per link opened.
    on_inflated.forget();
    on_failed.forget();
    true
}

/// Calls `on_open` with the scenario of the page's link, on load and whenever the fragment
/// changes (a link pasted into this tab's address bar does not reload the page). The
/// fragment is then cleared, so a reload restores the draft, unless `keep` (an embed keeps
/// its link: it has no draft, and its "Open in memplay" link passes the fragment on).
/// Returns whether the link the page opened with (if any) has been read: an embed says it
/// is ready only then, so a host's first command finds the link's scenario loaded.
#[hook]
pub fn use_shared_links(keep: bool, on_open: Callback<Opened>) -> bool {
    let settled = use_state(|| fragment().is_none());
    {
        let settled = settled.setter();
        use_effect_with((), move |_| {
            let done = settled.clone();
            if !open_fragment(!keep, on_open.clone(), move || done.set(true)) {
                settled.set(true);
            }
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    open_fragment(!keep, on_open.clone(), || {});
                })
            });
            move || drop(listener)
        });
    }
    *settled
}

#[wasm_bindgen(inline_js = r#"
export function deflateRaw(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Response(stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
}
export async function inflateRaw(bytes, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
"#)]
extern "C" {
    /// Raw DEFLATE by the browser (a Promise of a Uint8Array).
    #[wasm_bindgen(js_name = deflateRaw, catch)]
    fn deflate_raw(text: &str) -> Result<js_sys::Promise, JsValue>;
    /// Raw INFLATE by the browser: a Promise of a Uint8Array, of null once the output
    /// passes `limit` bytes (a decompression bomb is not expanded), rejected when the data
    /// is corrupt or ends early.
    #[wasm_bindgen(js_name = inflateRaw)]
    fn inflate_raw(bytes: &[u8], limit: u32) -> js_sys::Promise;
}

/// Makes the link that opens `scenario` on this page, compressed by the browser, and hands
/// it (or why it could not be made) to `done`.
pub fn link_to(scenario: &Scenario, done: Callback<Result<String, String>>) {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let promise = match deflate_raw(&scenario.to_compact_json()) {
        Ok(promise) => promise,
        Err(error) => return done.emit(Err(js_error_message(&error))),
    };
    let made = {
        let done = done.clone();
        Closure::once(move |bytes: JsValue| {
            let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
            done.emit(Ok(link::with_fragment(&base, &link::pack(&bytes))))
        })
    };
    let failed = Closure::once(move |error: JsValue| done.emit(Err(js_error_message(&error))));
    let _ = promise.then2(&made, &failed);
    // Each runs at most once, after this returns; one pair per press of Share.
    made.forget();
    failed.forget();
}

/// Copies `text` to the clipboard; `done` hears whether it worked, in words.
pub fn copy(text: &str, done: Callback<Result<(), String>>) {
    let Some(window) = web_sys::window() else {
        return done.emit(Err("no window".into()));
    };
    let promise = window.navigator().clipboard().write_text(text);
    let ok = {
        let done = done.clone();
        Closure::once(move |_: JsValue| done.emit(Ok(())))
    };
    let failed = Closure::once(move |error: JsValue| done.emit(Err(js_error_message(&error))));
    let _ = promise.then2(&ok, &failed);
    // Each runs at most once, after this function returns: a copy is a click, so leaking
    // the pair is a few bytes a click.
    ok.forget();
    failed.forget();
}

/// Offers `scenario` as a JSON file to download, indented for people to read and edit.
pub fn download(scenario: &Scenario) -> Result<(), String> {
    let fail = |e: JsValue| js_error_message(&e);
    // Indented by the browser: serde_json's pretty printer would cost the bundle kilobytes.
    let compact = scenario.to_compact_json();
    let text = js_sys::JSON::parse(&compact)
        .and_then(|value| {
            js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &2.into())
        })
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or(compact)
        + "\n";
    let name = file_name(scenario);
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(fail)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(&name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file name for a scenario: its title in lower case, words joined by dashes.
fn file_name(scenario: &Scenario) -> String {
    let words: Vec<String> = scenario
        .title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "scenario.json".to_string()
    } else {
        format!("{}.json", words.join("-"))
    }
}

/// Reads the file picked in `input` as a scenario and hands it to `on_open`. The reader is
/// kept in `pending` until it finishes (dropping it would cancel the read).
pub fn read_picked(
    input: &web_sys::HtmlInputElement,
    pending: &Rc<RefCell<Option<FileReader>>>,
    on_open: Callback<Opened>,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    // Picking the same file again must fire `change` again.
    input.set_value("");
    let name = file.name();
    let file = gloo::file::File::from(file);
    // Scenario files are small; a huge one is refused before it is read.
    if file.size() > 256 * 1024 {
        return on_open.emit(Err(format!(
            "{name} is {} KiB, too big to be a scenario. Your draft is unchanged.",
            file.size() / 1024
        )));
    }
    let done = Rc::clone(pending);
    *pending.borrow_mut() = Some(gloo::file::callbacks::read_as_text(&file, move |text| {
        let opened = match text {
            Ok(text) => Scenario::from_json(&text)
                .map_err(|e| format!("{name} could not be opened: {e}. Your draft is unchanged.")),
            Err(e) => Err(format!("{name} could not be read: {e}.")),
        };
        on_open.emit(opened);
        done.borrow_mut().take();
    }));
}
