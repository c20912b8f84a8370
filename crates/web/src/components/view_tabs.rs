//! The tab list over the views (WAI-ARIA tabs: arrow keys, Home and End move the selection).

use std::rc::Rc;

use crate::components::emit_on_click;
use memplay_session::ViewKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewTabsProps {
    pub active: ViewKind,
    /// The views offered, in order (a scenario may offer fewer than all).
    pub views: Rc<[ViewKind]>,
    pub on_select: Callback<ViewKind>,
}

pub fn tab_id(view: ViewKind) -> String {
    format!("tab-{}", view.id())
}

pub fn panel_id(view: ViewKind) -> String {
    format!("panel-{}", view.id())
}

/// Plain function, not a component: each component costs the bundle kilobytes, and this
/// one keeps no state.
pub fn view_tabs(props: &ViewTabsProps) -> Html {
    let active = props.active;
    let onkeydown = {
        let on_select = props.on_select.clone();
        let views = props.views.clone();
        Callback::from(move |event: KeyboardEvent| {
            // From the focused tab, not the selection this list was drawn with: keys
            // pressed faster than a render still move one tab each.
            let focused = event
                .target_dyn_into::<web_sys::Element>()
                .and_then(|tab| ViewKind::from_id(tab.id().strip_prefix("tab-")?));
            let from = focused.unwrap_or(active);
            let here = views.iter().position(|&v| v == from).unwrap_or(0) as isize;
            let along = |delta: isize| {
                views[(here + delta).rem_euclid(views.len().max(1) as isize) as usize]
            };
            let next = match event.key().as_str() {
                _ if views.is_empty() => return,
                "ArrowRight" => along(1),
                "ArrowLeft" => along(-1),
                "Home" => views[0],
                "End" => views[views.len() - 1],
                _ => return,
            };
            event.prevent_default();
            on_select.emit(next);
            focus_element(&tab_id(next));
        })
    };
    html! {
        <div class="view-tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for props.views.iter().copied().map(|view| {
                let selected = view == active;
                let onclick = emit_on_click(&props.on_select, view);
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={tab_id(view)}
                        class={classes!("view-tab", selected.then_some("active"))}
                        aria-selected={selected.to_string()}
                        aria-controls={panel_id(view)}
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}
                    >
                        { view.title() }
                    </button>
                }
            }) }
        </div>
    }
}

/// Moves keyboard focus to the element with `id`, if it is there.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
