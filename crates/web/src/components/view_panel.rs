//! The body of the selected view. Without an engine behind it, it says so plainly.

use memplay_session::{ViewKind, ViewStatus};
use yew::prelude::*;

use super::view_tabs::{panel_id, tab_id};

#[derive(Properties, PartialEq)]
pub struct ViewPanelProps {
    pub view: ViewKind,
}

#[function_component]
pub fn ViewPanel(props: &ViewPanelProps) -> Html {
    let view = props.view;
    let body = match view.status() {
        ViewStatus::AwaitingEngine { engine } => html! {
            <div class="awaiting-engine">
                <p class="awaiting-title"><strong>{ "Not available yet." }</strong></p>
                <p>
                    { format!("This view needs {engine}, which is not part of this build. ") }
                    { "It will only ever show what the engine computed; until then it shows nothing." }
                </p>
            </div>
        },
    };
    html! {
        <section
            class="view-panel"
            role="tabpanel"
            id={panel_id(view)}
            aria-labelledby={tab_id(view)}
            tabindex="0"
        >
            <h2>{ view.title() }</h2>
            <p class="view-purpose">{ view.purpose() }</p>
            { body }
        </section>
    }
}
