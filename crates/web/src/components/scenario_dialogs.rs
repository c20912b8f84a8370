//! The dialogs around scenarios: Share (the link, a copy button, export as a file) and the
//! question asked before a scenario replaces the learner's own draft.

use std::rc::Rc;

use memplay_session::Scenario;
use memplay_session::embed::{EditorShown, EmbedOptions, iframe_snippet};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::emit_on_click;
use crate::services::share;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub link: AttrValue,
    /// The scenario's title, for the embed's `<iframe title>`.
    pub title: AttrValue,
    /// The step the link opens at, if the run is shown.
    pub step: Option<u64>,
    pub on_export: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let copied = use_state(|| None::<Result<(), String>>);
    let hide_editor = use_state(|| false);
    let snippet = iframe_snippet(
        &props.link,
        EmbedOptions {
            editor: if *hide_editor {
                EditorShown::Hidden
            } else {
                EditorShown::ReadOnly
            },
        },
        &props.title,
    );
    let on_copy_snippet = {
        let (copied, snippet) = (copied.clone(), snippet.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            share::copy(
                &snippet,
                Callback::from(move |result| copied.set(Some(result))),
            );
        })
    };
    let on_hide_editor = {
        let hide_editor = hide_editor.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            hide_editor.set(input.checked());
        })
    };
    let field = use_node_ref();
    {
        // Focus the link, selected, so Ctrl+C copies it at once.
        let field = field.clone();
        use_effect_with((), move |_| {
            if let Some(input) = field.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    let on_copy = {
        let (copied, link) = (copied.clone(), props.link.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            share::copy(
                &link,
                Callback::from(move |result| copied.set(Some(result))),
            );
        })
    };
    let on_export = emit_on_click(&props.on_export, ());
    let on_close = emit_on_click(&props.on_close, ());
    let on_keydown = on_escape(props.on_close.clone());
    let what = match props.step {
        Some(step) => {
            format!("the program, the settings, the breakpoints, the view and step {step}")
        }
        None => "the program, the settings, the breakpoints and the view".to_string(),
    };
    html! {
        <div class="overlay" onkeydown={on_keydown}>
            <div class="dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title">
                <h2 id="share-title">{ "Share" }</h2>
                <p>{ format!("This link opens {what}, exactly as they are now. Nothing is sent anywhere: it is all in the link.") }</p>
                <div class="share-link">
                    <input ref={field} type="text" readonly=true value={props.link.clone()} aria-label="Share link" />
                    <button type="button" class="control" onclick={on_copy}>{ "Copy link" }</button>
                </div>
                <p class="share-status" role="status">
                    { format!("{} characters. ", props.link.chars().count()) }
                    { match &*copied {
                        Some(Ok(())) => "Copied to the clipboard.".to_string(),
                        Some(Err(why)) => format!("The browser did not copy it ({why}): select the link and copy it by hand."),
                        None => String::new(),
                    } }
                </p>
                <h3>{ "Embed in a course page" }</h3>
                <p>{ "Paste this into a web page: the scenario in an iframe, its program read-only." }</p>
                <textarea class="embed-snippet" readonly=true rows="4" aria-label="Embed code" value={snippet} />
                <div class="share-link">
                    <label><input type="checkbox" checked={*hide_editor} onchange={on_hide_editor} />{ " Hide the editor (views only)" }</label>
                    <button type="button" class="control" onclick={on_copy_snippet}>{ "Copy embed code" }</button>
                </div>
                <div class="dialog-buttons">
                    <button type="button" class="control" onclick={on_export}>{ "Download as a .json file" }</button>
                    <button type="button" class="control" onclick={on_close}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OfferDialogProps {
    pub scenario: Rc<Scenario>,
    /// The learner's answer: open the scenario (true) or keep their draft.
    pub on_answer: Callback<bool>,
}

#[function_component]
pub fn OfferDialog(props: &OfferDialogProps) -> Html {
    let keep = use_node_ref();
    {
        // The safe answer has the focus: Enter keeps the draft.
        let keep = keep.clone();
        use_effect_with((), move |_| {
            if let Some(button) = keep.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_open = emit_on_click(&props.on_answer, true);
    let on_keep = emit_on_click(&props.on_answer, false);
    let on_keydown = on_escape(props.on_answer.reform(|()| false));
    let lines = props.scenario.program.lines().count();
    html! {
        <div class="overlay" onkeydown={on_keydown}>
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="offer-title" aria-describedby="offer-text">
                <h2 id="offer-title">{ format!("Open “{}”?", props.scenario.title) }</h2>
                <p id="offer-text">{ format!("It puts its program ({lines} lines) and its settings in place of yours. Your own draft in the editor would be replaced.") }</p>
                <div class="dialog-buttons">
                    <button type="button" class="control" onclick={on_open}>{ "Open it, replacing my draft" }</button>
                    <button type="button" class="control" ref={keep} onclick={on_keep}>{ "Keep my draft" }</button>
                </div>
            </div>
        </div>
    }
}

/// A dialog's keydown handler: Escape closes it (calls `close`).
pub fn on_escape(close: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            close.emit(());
        }
    })
}
