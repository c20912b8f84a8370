//! The tab list over the views (WAI-ARIA tabs: arrow keys, Home and End move the selection).

use memplay_session::ViewKind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewTabsProps {
    pub active: ViewKind,
    pub on_select: Callback<ViewKind>,
}

pub fn tab_id(view: ViewKind) -> String {
    format!("tab-{}", view.id())
}

pub fn panel_id(view: ViewKind) -> String {
    format!("panel-{}", view.id())
}

#[function_component]
pub fn ViewTabs(props: &ViewTabsProps) -> Html {
    let active = props.active;
    let onkeydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" => active.cycled(1),
                "ArrowLeft" => active.cycled(-1),
                "Home" => ViewKind::ALL[0],
                "End" => ViewKind::ALL[ViewKind::ALL.len() - 1],
                _ => return,
            };
            event.prevent_default();
            on_select.emit(next);
            focus_element(&tab_id(next));
        })
    };
    html! {
        <div class="view-tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for ViewKind::ALL.into_iter().map(|view| {
                let selected = view == active;
                let onclick = props.on_select.reform(move |_: MouseEvent| view);
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
fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
