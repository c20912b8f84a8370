//! The run and step controls. They stay disabled, with the reason on screen, until the C
//! machine exists to run programs.

use yew::prelude::*;

const NO_ENGINE: &str =
    "Running and stepping arrive with the C machine; this build has no engine to run programs yet.";

#[function_component]
pub fn Controls() -> Html {
    let button = |label: &'static str, symbol: &'static str| {
        html! {
            <button type="button" class="control" disabled=true title={NO_ENGINE} aria-describedby="controls-reason">
                <span aria-hidden="true">{ symbol }</span>{ " " }{ label }
            </button>
        }
    };
    html! {
        <div class="controls" role="toolbar" aria-label="Run controls">
            { button("Run", "▶") }
            { button("Back", "◀") }
            { button("Step", "↷") }
            <span class="controls-reason" id="controls-reason">{ NO_ENGINE }</span>
        </div>
    }
}
