//! The app's state and the actions that change it (the Yew `use_reducer` pattern). Pure:
//! no browser calls here, so it is tested on the host.

use std::rc::Rc;

use memplay_session::playback::{EventKind, StepView};
use memplay_session::{EditorDiagnostic, ViewKind};
use yew::Reducible;

use crate::plots_state::{PlotsAction, PlotsState};

/// A step's view, shared and compared by identity: a new step is a new view.
#[derive(Debug, Clone)]
pub struct Shown(pub Rc<StepView>);

impl PartialEq for Shown {
    fn eq(&self, other: &Shown) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Shown {}

/// Where the program's run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunState {
    /// Nothing has run yet.
    Idle,
    /// The program could not run (errors, a bad setting): why.
    Failed(String),
    /// The run is being recorded; steps so far.
    Recording { recorded: u64 },
    /// Recorded: to the program's end, or as far as it got before Cancel.
    Recorded { complete: bool },
}

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
    /// What the last check of the program found, with byte spans into the program as it
    /// was then. Kept through later edits until the next check: the editor moves the
    /// squiggles along with the text meanwhile, so they do not flicker as the learner types.
    pub diagnostics: Rc<[EditorDiagnostic]>,
    /// How many checks have been applied; 0 until the first. Each check bumps it, even one
    /// that finds what the last found, so the editor redraws squiggles that an edit removed
    /// and an undo brought back.
    pub checks: u64,
    pub run: RunState,
    /// The program as it was when it last ran (the views show that run).
    pub ran_program: Option<String>,
    /// The step the views show.
    pub shown: Option<Shown>,
    /// The steps of each kind of event, for the scrubber.
    pub marks: Rc<[(EventKind, Vec<u64>)]>,
    /// What the Plots view draws of the recorded run.
    pub plots: PlotsState,
}

impl AppState {
    pub fn new(program: String, save_status: SaveStatus, notice: Option<String>) -> AppState {
        AppState {
            program,
            active_view: ViewKind::Stack,
            breakpoints: Vec::new(),
            save_status,
            notice,
            diagnostics: Rc::from([]),
            checks: 0,
            run: RunState::Idle,
            ran_program: None,
            shown: None,
            marks: Rc::from([]),
            plots: PlotsState::default(),
        }
    }

    /// Whether the program was edited since it ran (the views show the older program).
    pub fn run_is_stale(&self) -> bool {
        self.ran_program
            .as_ref()
            .is_some_and(|ran| *ran != self.program)
    }

    /// The step views can move through: a recorded run.
    pub fn can_step(&self) -> bool {
        matches!(self.run, RunState::Recorded { .. }) && self.shown.is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The learner changed the program; `saved` says whether the draft reached storage.
    Edit {
        program: String,
        saved: Result<(), String>,
    },
    /// A check of `program` finished. Ignored if the program has changed since: a check of
    /// the newer text is on its way.
    Checked {
        program: String,
        diagnostics: Vec<EditorDiagnostic>,
    },
    SelectView(ViewKind),
    SetBreakpoints(Vec<u32>),
    DismissNotice,
    /// The program could not run.
    RunFailed(String),
    /// Recording of a run of `program` began.
    RunStarted {
        program: String,
    },
    RunProgress {
        recorded: u64,
    },
    /// Recording stopped (the program ended, or Cancel): the step to show and the marks.
    RunRecorded {
        view: StepView,
        marks: Vec<(EventKind, Vec<u64>)>,
        complete: bool,
    },
    /// A move through the run landed on `view`; `moved` is false when it could not move.
    Stepped {
        view: StepView,
        moved: bool,
    },
    /// The plots of the recorded run: its time series, Belady's curve's progress.
    Plots(PlotsAction),
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
            Action::Checked {
                program,
                diagnostics,
            } => {
                if program == next.program {
                    next.diagnostics = diagnostics.into();
                    next.checks += 1;
                }
            }
            Action::SelectView(view) => next.active_view = view,
            Action::SetBreakpoints(mut lines) => {
                lines.sort_unstable();
                lines.dedup();
                next.breakpoints = lines;
            }
            Action::DismissNotice => next.notice = None,
            Action::RunFailed(message) => {
                next.run = RunState::Failed(message);
                next.shown = None;
                next.marks = Rc::from([]);
                next.plots = PlotsState::default();
            }
            Action::RunStarted { program } => {
                next.run = RunState::Recording { recorded: 0 };
                next.ran_program = Some(program);
                next.shown = None;
                next.marks = Rc::from([]);
                next.plots = PlotsState::default();
            }
            Action::RunProgress { recorded } => {
                if matches!(next.run, RunState::Recording { .. }) {
                    next.run = RunState::Recording { recorded };
                }
            }
            Action::RunRecorded {
                view,
                marks,
                complete,
            } => {
                next.run = RunState::Recorded { complete };
                next.shown = Some(Shown(Rc::new(view)));
                next.marks = marks.into();
            }
            Action::Stepped { view, .. } => next.shown = Some(Shown(Rc::new(view))),
            Action::Plots(action) => next.plots.apply(action),
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

    fn error_at(from: usize, to: usize, message: &str) -> EditorDiagnostic {
        EditorDiagnostic {
            from,
            to,
            severity: memplay_session::Severity::Error,
            message: message.into(),
        }
    }

    #[test]
    fn a_check_of_the_current_program_is_kept_and_counted() {
        let state = AppState::new("float f;".into(), SaveStatus::DefaultProgram, None);
        assert_eq!(state.checks, 0);
        assert!(state.diagnostics.is_empty());
        let float = error_at(0, 5, "`float` is not supported");
        let state = reduce(
            state,
            Action::Checked {
                program: "float f;".into(),
                diagnostics: vec![float.clone()],
            },
        );
        assert_eq!(state.diagnostics.to_vec(), vec![float.clone()]);
        assert_eq!(state.checks, 1);
        // The same result again still counts, so the editor re-applies it.
        let state = reduce(
            state,
            Action::Checked {
                program: "float f;".into(),
                diagnostics: vec![float.clone()],
            },
        );
        assert_eq!(state.checks, 2);
    }

    #[test]
    fn a_check_of_an_older_program_is_ignored() {
        let state = reduce(
            AppState::new("int x".into(), SaveStatus::DefaultProgram, None),
            Action::Edit {
                program: "int x;".into(),
                saved: Ok(()),
            },
        );
        let next = reduce(
            state.clone(),
            Action::Checked {
                program: "int x".into(),
                diagnostics: vec![error_at(5, 5, "expected ';'")],
            },
        );
        assert_eq!(next, state);
    }

    #[test]
    fn an_edit_keeps_the_last_diagnostics_until_the_next_check() {
        let state = reduce(
            AppState::new("int x".into(), SaveStatus::DefaultProgram, None),
            Action::Checked {
                program: "int x".into(),
                diagnostics: vec![error_at(5, 5, "expected ';'")],
            },
        );
        let state = reduce(
            state,
            Action::Edit {
                program: "int x;".into(),
                saved: Ok(()),
            },
        );
        assert_eq!(state.diagnostics.len(), 1);
        let state = reduce(
            state,
            Action::Checked {
                program: "int x;".into(),
                diagnostics: vec![],
            },
        );
        assert!(state.diagnostics.is_empty());
        assert_eq!(state.checks, 2);
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

    #[test]
    fn a_new_run_clears_the_last_runs_plots() {
        use memplay_session::plots::TimeSeries;
        let series = Rc::new(TimeSeries {
            points: Vec::new(),
            spacing: 1,
        });
        let state = reduce(
            AppState::new("int x;".into(), SaveStatus::DefaultProgram, None),
            Action::Plots(PlotsAction::Series(series)),
        );
        assert!(state.plots.series.is_some());
        let state = reduce(
            state,
            Action::RunStarted {
                program: "int x;".into(),
            },
        );
        assert_eq!(state.plots, PlotsState::default());
    }
}
