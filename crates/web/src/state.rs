//! The app's state and the actions that change it (the Yew `use_reducer` pattern). Pure:
//! no browser calls here, so it is tested on the host.

use std::rc::Rc;

use memplay_session::embed::{EditorShown, EmbedOptions};
use memplay_session::playback::{EventMarks, StepView};
use memplay_session::settings_form::{Field, Preset, SettingsForm};
use memplay_session::sort;
use memplay_session::{DEFAULT_PROGRAM, EditorDiagnostic, Scenario, ViewKind};
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
    /// An embed stores nothing.
    Embedded,
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
    pub marks: Rc<[EventMarks]>,
    /// What the Plots view draws of the recorded run.
    pub plots: PlotsState,
    /// The editor's cursor line (1-based): where "run to cursor" goes.
    pub cursor_line: u32,
    /// Whether the run is playing: stepping forward by itself at `speed` steps a second.
    pub playing: bool,
    pub speed: u32,
    /// Whether the list of keyboard shortcuts is open.
    pub shortcuts_open: bool,
    /// A line for the editor to show (a problem's link), with a request number.
    pub reveal: Option<(u32, u64)>,
    /// The machine's settings the next run uses, and any edit of them that was refused.
    pub settings: SettingsForm,
    /// The scenario the page opened (from a link or a file): its title, the views it
    /// offers, read-only or not, and its text and lesson, which Share keeps.
    pub opened: Option<Rc<Scenario>>,
    /// A scenario waiting for the learner's yes before it replaces their own draft.
    pub offer: Option<Rc<Scenario>>,
    /// Text for the editor to load (a scenario's program), with a request number.
    pub load: Option<(Rc<str>, u64)>,
    /// The step to show once the run being recorded ends (a scenario's `step`).
    pub pending_step: Option<u64>,
    /// The share dialog's link, while the dialog is open.
    pub share: Option<String>,
    /// The page is embedded (`?embed`): compact, nothing stored, driven by its host page.
    pub embed: Option<EmbedOptions>,
    /// Whether the list of lessons is open.
    pub lessons_open: bool,
}

/// Play speeds offered, in steps a second.
pub const SPEEDS: [u32; 6] = [1, 2, 4, 10, 30, 60];
const DEFAULT_SPEED: u32 = 4;

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
            cursor_line: 1,
            playing: false,
            speed: DEFAULT_SPEED,
            shortcuts_open: false,
            reveal: None,
            settings: SettingsForm::default(),
            opened: None,
            offer: None,
            load: None,
            pending_step: None,
            share: None,
            embed: None,
            lessons_open: false,
        }
    }

    /// The state of an embedded page.
    pub fn embedded(self, options: EmbedOptions) -> AppState {
        AppState {
            embed: Some(options),
            save_status: SaveStatus::Embedded,
            ..self
        }
    }

    /// The state with these settings (restored from an earlier visit).
    pub fn with_settings(self, settings: SettingsForm) -> AppState {
        AppState { settings, ..self }
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

    /// Whether the editor holds work of the learner's that opening a scenario would lose:
    /// an edited or restored draft that is neither the default program nor the program of
    /// the scenario last opened.
    pub fn has_own_draft(&self) -> bool {
        self.save_status != SaveStatus::DefaultProgram
            && self.program != DEFAULT_PROGRAM
            && !self.program.trim().is_empty()
            && self
                .opened
                .as_ref()
                .is_none_or(|s| s.program != self.program)
    }

    /// The views the tabs offer: the opened scenario's, or all.
    pub fn offered_views(&self) -> Vec<ViewKind> {
        self.opened
            .as_ref()
            .map_or_else(|| ViewKind::ALL.to_vec(), |s| s.offered_views())
    }

    pub fn read_only(&self) -> bool {
        self.opened.as_ref().is_some_and(|s| s.read_only)
            || self
                .embed
                .is_some_and(|e| e.editor == EditorShown::ReadOnly)
    }

    /// What Share and Export save: the program, settings and breakpoints as they are now,
    /// the view open and the step shown (unless the program changed since it ran), with
    /// the opened scenario's title, text, views and lesson.
    pub fn scenario_now(&self) -> Scenario {
        let mut scenario = match &self.opened {
            Some(opened) => Scenario {
                program: self.program.clone(),
                ..(**opened).clone()
            },
            None => Scenario::of_program("My program", &self.program),
        };
        scenario.set_machine_settings(self.settings.settings());
        let lines = self.program.lines().count().max(1) as u32;
        scenario.breakpoints = self
            .breakpoints
            .iter()
            .copied()
            .filter(|&line| line <= lines)
            .collect();
        scenario.view = Some(self.active_view).filter(|v| self.offered_views().contains(v));
        scenario.step = self.shareable_step();
        scenario
    }

    /// The step a share link opens at: the one shown, unless the program changed since it
    /// ran or the run is still being recorded.
    pub fn shareable_step(&self) -> Option<u64> {
        match (&self.shown, &self.run) {
            (Some(shown), RunState::Recorded { .. }) if !self.run_is_stale() => Some(shown.0.step),
            _ => None,
        }
    }

    /// Puts `scenario` in the editor and the settings, its first view open; its step is
    /// shown once its run is recorded.
    fn open(&mut self, scenario: Rc<Scenario>) {
        let request = self.load.as_ref().map_or(0, |(_, request)| request + 1);
        self.load = Some((Rc::from(scenario.program.as_str()), request));
        self.program = scenario.program.clone();
        if let Ok(settings) = scenario.machine_settings() {
            self.settings = SettingsForm::new(settings);
        }
        self.breakpoints = scenario.breakpoints.clone();
        self.active_view = scenario.first_view();
        self.pending_step = scenario.step;
        self.playing = false;
        self.run = RunState::Idle;
        self.ran_program = None;
        self.shown = None;
        self.marks = Rc::from([]);
        self.plots = PlotsState::default();
        self.offer = None;
        self.share = None;
        self.lessons_open = false;
        self.opened = Some(scenario);
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
        marks: Vec<EventMarks>,
        complete: bool,
    },
    /// A move through the run landed on `view`; `moved` is false when it could not move.
    Stepped {
        view: StepView,
        moved: bool,
    },
    /// The plots of the recorded run: its time series, Belady's curve's progress.
    Plots(PlotsAction),
    CursorMoved(u32),
    SetPlaying(bool),
    /// Steps a second while playing (one of [`SPEEDS`]; others are ignored).
    SetSpeed(u32),
    ShowShortcuts(bool),
    /// Show a line in the editor (a problem's link to its line).
    RevealLine(u32),
    /// The learner changed the settings.
    Settings(SettingsChange),
    /// A scenario arrived (a link, a file): opened at once, or offered first if it would
    /// replace the learner's own draft.
    OfferScenario(Rc<Scenario>),
    /// The learner's answer to the offer: open it (true) or keep the draft.
    AnswerOffer(bool),
    /// Opens the share dialog with this link, or closes it.
    Share(Option<String>),
    ShowNotice(String),
    /// The pending step was asked for.
    PendingStepTaken,
    ShowLessons(bool),
}

/// A change to the settings form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsChange {
    /// A field was edited: the text typed, the option chosen, `true` or `false`.
    Edit {
        field: Field,
        text: String,
    },
    Choose(Preset),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { program, saved } => {
                next.program = program;
                if next.embed.is_none() {
                    next.save_status = match saved {
                        Ok(()) => SaveStatus::Saved,
                        Err(why) => SaveStatus::Failed(why),
                    };
                }
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
                sort::sort_by_key(&mut lines, |&line| line);
                lines.dedup();
                next.breakpoints = lines;
            }
            Action::DismissNotice => next.notice = None,
            Action::RunFailed(message) => {
                next.playing = false;
                next.run = RunState::Failed(message);
                next.shown = None;
                next.marks = Rc::from([]);
                next.plots = PlotsState::default();
            }
            Action::RunStarted { program } => {
                next.playing = false;
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
            Action::Stepped { view, moved } => {
                // Playing stops at the end of the run and at a breakpoint, as a debugger's
                // continue does.
                let at_breakpoint = view
                    .places
                    .iter()
                    .any(|place| next.breakpoints.contains(&place.line));
                if !moved || view.ended || at_breakpoint {
                    next.playing = false;
                }
                next.shown = Some(Shown(Rc::new(view)));
            }
            Action::CursorMoved(line) => next.cursor_line = line,
            Action::SetPlaying(playing) => next.playing = playing && next.can_step(),
            Action::SetSpeed(speed) => {
                if SPEEDS.contains(&speed) {
                    next.speed = speed;
                }
            }
            Action::ShowShortcuts(open) => next.shortcuts_open = open,
            Action::RevealLine(line) => {
                let request = next.reveal.map_or(0, |(_, request)| request + 1);
                next.reveal = Some((line, request));
            }
            Action::Settings(SettingsChange::Edit { field, text }) => {
                next.settings.edit(field, &text);
            }
            Action::Settings(SettingsChange::Choose(preset)) => next.settings.choose(preset),
            Action::Plots(action) => next.plots.apply(action),
            Action::OfferScenario(scenario) => {
                // An embed holds no draft of the learner's: its host page decides.
                if next.embed.is_none() && next.has_own_draft() && next.program != scenario.program
                {
                    next.offer = Some(scenario);
                } else {
                    next.open(scenario);
                }
            }
            Action::AnswerOffer(accept) => {
                if let Some(scenario) = next.offer.take()
                    && accept
                {
                    next.open(scenario);
                }
            }
            Action::Share(link) => next.share = link,
            Action::ShowNotice(message) => next.notice = Some(message),
            Action::PendingStepTaken => next.pending_step = None,
            Action::ShowLessons(open) => next.lessons_open = open,
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

    /// A recorded run of a three-line program, shown at its first step.
    fn recorded() -> (AppState, memplay_session::playback::Playback) {
        use memplay_session::playback::Playback;
        use memplay_session::run::MachineSettings;
        let program = "int main(void) {\n    int a = 1;\n    a = a + 1;\n    return a;\n}\n";
        let mut playback = Playback::start("p.c", program, MachineSettings::default()).unwrap();
        let state = reduce(
            AppState::new(program.into(), SaveStatus::DefaultProgram, None),
            Action::RunStarted {
                program: program.into(),
            },
        );
        let state = reduce(
            state,
            Action::RunRecorded {
                view: playback.view(),
                marks: Vec::new(),
                complete: true,
            },
        );
        (state, playback)
    }

    #[test]
    fn playing_needs_a_run_and_stops_at_a_breakpoint_or_the_end() {
        use memplay_session::playback::Move;
        let idle = AppState::new(String::new(), SaveStatus::DefaultProgram, None);
        assert!(
            !reduce(idle, Action::SetPlaying(true)).playing,
            "nothing to play"
        );

        let (state, mut playback) = recorded();
        let mut state = reduce(state, Action::SetBreakpoints(vec![3]));
        state = reduce(state, Action::SetPlaying(true));
        assert!(state.playing);
        playback.apply(Move::Forward);
        state = reduce(
            state,
            Action::Stepped {
                view: playback.view(),
                moved: true,
            },
        );
        assert!(state.playing, "line 2 has no breakpoint");
        playback.apply(Move::Forward);
        state = reduce(
            state,
            Action::Stepped {
                view: playback.view(),
                moved: true,
            },
        );
        assert!(!state.playing, "paused at the breakpoint on line 3");

        state = reduce(state, Action::SetPlaying(true));
        let moved = playback.apply(Move::ToEnd);
        state = reduce(
            state,
            Action::Stepped {
                view: playback.view(),
                moved,
            },
        );
        assert!(!state.playing, "paused at the end");
    }

    #[test]
    fn only_offered_speeds_are_taken() {
        let state = AppState::new(String::new(), SaveStatus::DefaultProgram, None);
        assert_eq!(reduce(state.clone(), Action::SetSpeed(10)).speed, 10);
        assert_eq!(
            reduce(state.clone(), Action::SetSpeed(0)).speed,
            state.speed
        );
        assert_eq!(
            reduce(state.clone(), Action::SetSpeed(7)).speed,
            state.speed
        );
    }

    #[test]
    fn revealing_the_same_line_twice_is_two_requests() {
        let state = AppState::new(String::new(), SaveStatus::DefaultProgram, None);
        let once = reduce(state, Action::RevealLine(4));
        let twice = reduce(once.clone(), Action::RevealLine(4));
        assert_eq!(once.reveal.map(|(line, _)| line), Some(4));
        assert_ne!(once.reveal, twice.reveal);
    }

    #[test]
    fn settings_edits_apply_refusals_are_kept_and_presets_replace_them() {
        let state = AppState::new(String::new(), SaveStatus::DefaultProgram, None);
        assert_eq!(state.settings.preset(), Some(Preset::Linux32));
        let edit = |field, text: &str| {
            Action::Settings(SettingsChange::Edit {
                field,
                text: text.into(),
            })
        };
        let state = reduce(state, edit(Field::Frames, "32"));
        assert_eq!(state.settings.settings().frames, 32);
        assert_eq!(state.settings.preset(), None);
        let state = reduce(state, edit(Field::TlbSets, "3"));
        assert_eq!(state.settings.text(Field::TlbSets), "3");
        assert_eq!(state.settings.settings().tlb_sets, 1);
        assert!(state.settings.runnable().is_err());
        let state = reduce(
            state,
            Action::Settings(SettingsChange::Choose(Preset::TinyTeaching)),
        );
        assert_eq!(state.settings.preset(), Some(Preset::TinyTeaching));
        assert_eq!(state.settings.runnable().map(|s| s.page_size), Ok(256));
    }

    fn scenario(program: &str) -> Rc<Scenario> {
        let mut scenario = Scenario::of_program("Shared", program);
        scenario.breakpoints = vec![1];
        scenario.step = Some(3);
        scenario.views = vec![ViewKind::Heap, ViewKind::Stack];
        scenario.read_only = true;
        scenario.settings.insert("preset", "tiny".into());
        Rc::new(scenario)
    }

    #[test]
    fn a_scenario_opens_at_once_over_the_default_program_but_asks_over_a_draft() {
        let fresh = AppState::new(DEFAULT_PROGRAM.into(), SaveStatus::DefaultProgram, None);
        let opened = reduce(
            fresh,
            Action::OfferScenario(scenario("int main(void) { return 1; }")),
        );
        assert_eq!(opened.program, "int main(void) { return 1; }");
        assert_eq!(
            opened.load.as_ref().map(|(text, _)| &**text),
            Some("int main(void) { return 1; }")
        );
        assert_eq!(opened.settings.preset(), Some(Preset::TinyTeaching));
        assert_eq!(
            (opened.breakpoints.clone(), opened.pending_step),
            (vec![1], Some(3))
        );
        assert_eq!(opened.active_view, ViewKind::Heap);
        assert_eq!(
            opened.offered_views(),
            vec![ViewKind::Heap, ViewKind::Stack]
        );
        assert!(opened.read_only() && opened.offer.is_none());

        let mine = AppState::new(
            "int main(void) { return 2; }".into(),
            SaveStatus::Restored,
            None,
        );
        let asked = reduce(
            mine,
            Action::OfferScenario(scenario("int main(void) { return 1; }")),
        );
        assert_eq!(
            asked.program, "int main(void) { return 2; }",
            "the draft is untouched"
        );
        assert!(asked.offer.is_some() && asked.load.is_none() && asked.opened.is_none());
        let kept = reduce(asked.clone(), Action::AnswerOffer(false));
        assert_eq!(kept.program, "int main(void) { return 2; }");
        assert!(kept.offer.is_none() && kept.opened.is_none());
        let replaced = reduce(asked, Action::AnswerOffer(true));
        assert_eq!(replaced.program, "int main(void) { return 1; }");
        assert!(replaced.opened.is_some());
    }

    #[test]
    fn share_keeps_the_scenarios_text_and_the_state_as_it_is_now() {
        let fresh = AppState::new(DEFAULT_PROGRAM.into(), SaveStatus::DefaultProgram, None);
        let mut state = reduce(
            fresh,
            Action::OfferScenario(scenario("int main(void) {\n return 1;\n}\n")),
        );
        state = reduce(state, Action::SetBreakpoints(vec![2, 3]));
        state = reduce(state, Action::SelectView(ViewKind::Stack));
        state = reduce(
            state,
            Action::Settings(SettingsChange::Edit {
                field: Field::Frames,
                text: "20".into(),
            }),
        );
        let shared = state.scenario_now();
        assert_eq!(shared.title, "Shared");
        assert!(shared.read_only);
        assert_eq!(shared.breakpoints, vec![2, 3]);
        assert_eq!(shared.view, Some(ViewKind::Stack));
        assert_eq!(shared.step, None, "nothing has run");
        let settings = shared.machine_settings().unwrap();
        assert_eq!((settings.address_bits, settings.frames), (16, 20));
        assert_eq!(Scenario::from_json(&shared.to_json()), Ok(shared));
    }
}
