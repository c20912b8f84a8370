//! The status line: facts about the draft, whether it is safely saved, and how many problems
//! the last check found (so the learner sees them without hovering over squiggles).

use memplay_session::ProblemCount;
use yew::prelude::*;

use crate::state::SaveStatus;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub lines: usize,
    pub bytes: usize,
    pub breakpoints: usize,
    pub save_status: SaveStatus,
    /// None until the program has been checked once.
    pub problems: Option<ProblemCount>,
}

/// Plain function, not a component: each component costs the bundle kilobytes, and this
/// one keeps no state.
pub fn status_line(props: &StatusLineProps) -> Html {
    let (save_class, save_text) = match &props.save_status {
        SaveStatus::DefaultProgram => ("saved", "Default program".to_string()),
        SaveStatus::Restored => ("saved", "Draft restored from this browser".to_string()),
        SaveStatus::Saved => ("saved", "Draft saved in this browser".to_string()),
        SaveStatus::Embedded => ("saved", "Embedded: edits are not saved".to_string()),
        SaveStatus::Failed(why) => ("save-failed", why.clone()),
    };
    let (problems_class, problems_text) = match props.problems {
        None => ("problems-pending", "Checking…".to_string()),
        Some(count) if count.errors > 0 => ("problems-errors", count.to_string()),
        Some(count) if count.warnings > 0 => ("problems-warnings", count.to_string()),
        Some(count) => ("problems-none", count.to_string()),
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    html! {
        // The page's footer landmark holds the live status (a footer may not be a status).
        <footer class="status-line">
            <div class="status-facts" role="status" aria-label="Draft status">
                <span class={classes!("save-status", save_class)}>{ save_text }</span>
                <span class={classes!("problems", problems_class)}>{ problems_text }</span>
                <span>{ plural(props.lines, "line", "lines") }</span>
                <span>{ plural(props.bytes, "byte", "bytes") }</span>
                <span>{ plural(props.breakpoints, "breakpoint", "breakpoints") }</span>
            </div>
        </footer>
    }
}
