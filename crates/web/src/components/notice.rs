//! A dismissible message for the learner (for example, about their saved draft).

use crate::components::emit_on_click;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub message: AttrValue,
    pub on_dismiss: Callback<()>,
}

/// Plain function, not a component: each component costs the bundle kilobytes, and this
/// one keeps no state.
pub fn notice(props: &NoticeProps) -> Html {
    let onclick = emit_on_click(&props.on_dismiss, ());
    html! {
        <div class="notice" role="alert">
            <span>{ props.message.clone() }</span>
            <button type="button" class="notice-dismiss" {onclick} aria-label="Dismiss message">{ "×" }</button>
        </div>
    }
}
