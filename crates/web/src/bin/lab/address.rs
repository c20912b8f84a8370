//! The page's address: the lab's inputs live in its query string (`lab.html?heap.ops=...`),
//! written without a history entry on every change, so a reload or a shared link opens the
//! same exercise.

use wasm_bindgen::JsValue;

/// The query string, `?...` or empty.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Puts `query` (`?...` or empty) in the address bar, keeping the path and fragment.
pub fn set_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search), Ok(hash)) =
        (location.pathname(), location.search(), location.hash())
    else {
        return;
    };
    if search == query {
        return;
    }
    if let Ok(history) = window.history() {
        // A refusal (a sandboxed frame, say) leaves the address as it was; the lab still works.
        let _ = history.replace_state_with_url(
            &JsValue::NULL,
            "",
            Some(&format!("{path}{query}{hash}")),
        );
    }
}

/// Scrolls to the lab the fragment names (`#paging`): the browser looked for it before
/// the page was rendered.
pub fn reveal_fragment() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(hash) = window.location().hash() else {
        return;
    };
    let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if let Some(element) = window.document().and_then(|d| d.get_element_by_id(id)) {
        element.scroll_into_view();
    }
}
