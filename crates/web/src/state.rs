//! The app's state and the actions that change it (the Yew `use_reducer` pattern). Pure:
//! no browser calls here, so it is tested on the host.

use std::rc::Rc;

use memplay_session::ViewKind;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// The page opened on the default program and nothing has been edited.
    DefaultProgram,
    /// The page opened on the draft saved by an earlier visit.
    Restored,
    Saved,
    /// The browser refused to store the draft (storage disabled, quota exceeded...).
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppState {
    /// The program as the editor currently holds it.
    pub program: String,
    pub active_view: ViewKind,
    /// Breakpoint lines (1-based, ascending) as set in the editor's gutter.
    pub breakpoints: Vec<u32>,
    pub save_status: SaveStatus,
    /// A message for the learner about their draft (e.g. an unreadable one was set aside).
    pub notice: Option<String>,
}

impl AppState {
    pub fn new(program: String, save_status: SaveStatus, notice: Option<String>) -> AppState {
        AppState {
            program,
            active_view: ViewKind::Stack,
            breakpoints: Vec::new(),
            save_status,
            notice,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The learner changed the program; `saved` says whether the draft reached storage.
    Edit {
        program: String,
        saved: Result<(), String>,
    },
    SelectView(ViewKind),
    SetBreakpoints(Vec<u32>),
    DismissNotice,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { program, saved } => {
                next.program = program;
                next.save_status = match saved {
                    Ok(()) => SaveStatus::Saved,
                    Err(why) => SaveStatus::Failed(why),
                };
            }
            Action::SelectView(view) => next.active_view = view,
            Action::SetBreakpoints(mut lines) => {
                lines.sort_unstable();
                lines.dedup();
                next.breakpoints = lines;
            }
            Action::DismissNotice => next.notice = None,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: AppState, action: Action) -> AppState {
        (*Rc::new(state).reduce(action)).clone()
    }

    #[test]
    fn selecting_a_view_changes_only_the_view() {
        let state = AppState::new("int x;".into(), SaveStatus::Restored, None);
        let next = reduce(state.clone(), Action::SelectView(ViewKind::Paging));
        assert_eq!(next.active_view, ViewKind::Paging);
        assert_eq!(next.program, state.program);
    }

    #[test]
    fn breakpoints_are_kept_sorted_and_unique() {
        let state = reduce(
            AppState::new(String::new(), SaveStatus::DefaultProgram, None),
            Action::SetBreakpoints(vec![7, 2, 7, 3]),
        );
        assert_eq!(state.breakpoints, vec![2, 3, 7]);
    }

    #[test]
    fn save_failure_is_reported_then_cleared_by_a_later_save() {
        let state = reduce(
            AppState::new(String::new(), SaveStatus::DefaultProgram, None),
            Action::Edit {
                program: "int a;".into(),
                saved: Err("quota exceeded".into()),
            },
        );
        assert_eq!(state.program, "int a;");
        assert_eq!(
            state.save_status,
            SaveStatus::Failed("quota exceeded".into())
        );
        let state = reduce(
            state,
            Action::Edit {
                program: "int b;".into(),
                saved: Ok(()),
            },
        );
        assert_eq!(state.save_status, SaveStatus::Saved);
    }
}
