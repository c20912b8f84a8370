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
                <div class="console-output">
                    if view.console.is_empty() {
                        { "(nothing printed yet)" }
                    } else {
                        { for chunks(&view.console).map(|chunk| html! { <div class="console-chunk">{ chunk }</div> }) }
                    }
                </div>
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

/// Lines of output in one chunk of the console: the browser lays out only the chunks on
/// screen (`content-visibility: auto` in app.css, which estimates a chunk at this many
/// lines), so 64 KiB of output costs a step no more than a screenful.
const CHUNK_LINES: usize = 200;

/// The output in chunks of [`CHUNK_LINES`] lines, each chunk keeping its newlines.
fn chunks(output: &str) -> impl Iterator<Item = &str> {
    let mut rest = output;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .match_indices('\n')
            .nth(CHUNK_LINES - 1)
            .map_or(rest.len(), |(at, _)| at + 1);
        let (chunk, after) = rest.split_at(end);
        rest = after;
        Some(chunk)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_cut_into_chunks_of_whole_lines_and_nothing_is_lost() {
        let output: String =
            (0..450).map(|i| format!("line {i}\n")).collect::<String>() + "no newline";
        let cut: Vec<&str> = chunks(&output).collect();
        assert_eq!(cut.len(), 3);
        assert_eq!(cut[0].lines().count(), CHUNK_LINES);
        assert!(cut[1].starts_with("line 200\n") && cut[1].ends_with("line 399\n"));
        assert_eq!(cut[2].lines().count(), 51);
        assert_eq!(cut.concat(), output);
        assert_eq!(chunks("").count(), 0);
    }
}
