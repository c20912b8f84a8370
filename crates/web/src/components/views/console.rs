//! The console: what the program printed up to this step and how it ended; the memory
//! errors themselves are in Problems.

use yew::prelude::*;

use super::StepProps;

/// A plain function rather than a component: each component costs the bundle about a
/// kilobyte, and the view panel around it already re-renders only when the step changes.
pub fn console_view(props: &StepProps) -> Html {
    let view = &props.step.0;
    html! {
        <div class="console-view">
            <section role="region" aria-label="Program output">
                <h3>{ "Output" }</h3>
                <pre class="console-output">{ if view.console.is_empty() { "(nothing printed yet)".to_string() } else { view.console.clone() } }</pre>
                <p class="run-status">{ match &view.snapshot.status {
                    memplay_session::playback::RunStatus::Running => "Running".to_string(),
                    memplay_session::playback::RunStatus::Exited { code } => format!("Exited with status {code}"),
                    memplay_session::playback::RunStatus::Killed { signal } => format!("Killed by signal {signal}{} (exit status {})", signal_name(*signal), 128 + signal),
                    memplay_session::playback::RunStatus::Stopped { reason } => format!("Stopped: {reason}"),
                } }</p>
            </section>
            if !view.errors.is_empty() {
                <p class="problem">{ format!("{} memory error{} so far: see Problems.", view.errors.len(), if view.errors.len() == 1 { "" } else { "s" }) }</p>
            }
        </div>
    }
}

/// What a shell prints for the signals a program here can die of.
fn signal_name(signal: i32) -> &'static str {
    match signal {
        6 => ", SIGABRT: Aborted",
        8 => ", SIGFPE: Floating point exception",
        11 => ", SIGSEGV: Segmentation fault",
        _ => "",
    }
}
