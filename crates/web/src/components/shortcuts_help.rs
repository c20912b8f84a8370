//! The "?" overlay: every keyboard shortcut, from the same table the key handler uses.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::emit_on_click;
use crate::services::keyboard::SHORTCUTS;

#[derive(Properties, PartialEq)]
pub struct ShortcutsHelpProps {
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShortcutsHelp(props: &ShortcutsHelpProps) -> Html {
    let close_button = use_node_ref();
    {
        // Focus goes into the dialog when it opens, so Escape and Tab work from there.
        let close_button = close_button.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_button.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_close = emit_on_click(&props.on_close, ());
    let on_backdrop = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: MouseEvent| {
            // Only a click on the backdrop itself, not inside the dialog.
            if event.target() == event.current_target() {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="overlay" onclick={on_backdrop}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <p>{ "Outside the editor (click a view or press Escape in the editor first):" }</p>
                <table class="shortcuts">
                    <thead><tr><th scope="col">{ "Keys" }</th><th scope="col">{ "What it does" }</th></tr></thead>
                    <tbody>
                        { for SHORTCUTS.iter().map(|(keys, what)| html! {
                            <tr><td><kbd>{ *keys }</kbd></td><td>{ *what }</td></tr>
                        }) }
                    </tbody>
                </table>
                <p>{ "In the editor, Tab indents: press Escape, then Tab, to move on to the next control." }</p>
                <button type="button" class="control" ref={close_button} onclick={on_close}>{ "Close (Escape)" }</button>
            </div>
        </div>
    }
}
