//! A dismissible message for the learner (for example, about their saved draft).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub message: AttrValue,
    pub on_dismiss: Callback<()>,
}

#[function_component]
pub fn Notice(props: &NoticeProps) -> Html {
    let onclick = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice" role="alert">
            <span>{ props.message.clone() }</span>
            <button type="button" class="notice-dismiss" {onclick} aria-label="Dismiss message">{ "×" }</button>
        </div>
    }
}
