//! Checks the program as the learner types: once when the page opens, then whenever typing
//! pauses. The check itself is session's pure `check_program`; this hook only owns the timer.

use gloo::timers::callback::Timeout;
use memplay_session::check_program;
use yew::prelude::*;

use crate::state::{Action, AppState};

/// How long typing must pause before the program is checked: long enough not to check (and
/// redraw squiggles) on every keystroke, short enough to feel live.
pub const CHECK_DELAY_MS: u32 = 300;

/// Checks `program` now if this is the first render, otherwise `CHECK_DELAY_MS` after its
/// last change, and reports the result as [`Action::Checked`].
#[hook]
pub fn use_program_check(program: &str, dispatch: UseReducerDispatcher<AppState>) {
    let checked_before = use_mut_ref(|| false);
    use_effect_with(program.to_owned(), move |program| {
        let program = program.clone();
        let check = move || {
            let diagnostics = check_program(&program);
            dispatch.dispatch(Action::Checked {
                program,
                diagnostics,
            });
        };
        let first = !std::mem::replace(&mut *checked_before.borrow_mut(), true);
        let pending = if first {
            check();
            None
        } else {
            Some(Timeout::new(CHECK_DELAY_MS, check))
        };
        // The next edit runs this effect's clean-up first: dropping the timeout cancels the
        // check of the text that is now out of date.
        move || drop(pending)
    });
}
