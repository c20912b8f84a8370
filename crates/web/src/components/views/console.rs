//! The console: what the program printed up to this step, and the memory errors reported
//! so far, each with its line, what it touched and where the block came from.

use yew::prelude::*;

use super::{StepProps, hex};

#[function_component]
pub fn ConsoleView(props: &StepProps) -> Html {
    let view = &props.step.0;
    html! {
        <div class="console-view">
            <section role="region" aria-label="Program output">
                <h3>{ "Output" }</h3>
                <pre class="console-output">{ if view.console.is_empty() { "(nothing printed yet)".to_string() } else { view.console.clone() } }</pre>
                <p class="run-status">{ match &view.snapshot.status {
                    memplay_session::playback::RunStatus::Running => "Running".to_string(),
                    memplay_session::playback::RunStatus::Exited { code } => format!("Exited with status {code}"),
                    memplay_session::playback::RunStatus::Killed { signal } => format!("Killed by signal {signal}"),
                    memplay_session::playback::RunStatus::Stopped { reason } => format!("Stopped: {reason}"),
                } }</p>
            </section>
            <section role="region" aria-label="Problems">
                <h3>{ format!("Problems ({})", view.errors.len()) }</h3>
                if view.errors.is_empty() {
                    <p>{ "No memory errors so far." }</p>
                }
                <ol class="problems">
                    { for view.errors.iter().map(|error| html! {
                        <li class="problem">
                            <strong>{ format!("line {}:{} {}", error.line, error.column, error.kind) }</strong>
                            { format!(": {}", error.message) }
                            if let Some(address) = error.address {
                                <span class="address">{ format!(" (at {})", hex(address)) }</span>
                            }
                        </li>
                    }) }
                </ol>
            </section>
        </div>
    }
}
