//! The program's run, kept beside the reducer (it is large and changes in place): a
//! [`Playback`] recorded in slices of about [`SLICE_MS`] so the page never freezes, then moved
//! by the controls. The reducer only ever receives the plain [`StepView`]s it produces.

use std::cell::RefCell;
use std::rc::Rc;

use memplay_session::playback::{EventMarks, Move, Playback, StepView};
use memplay_session::run::{MachineSettings, RunFailure};
use yew::UseReducerDispatcher;

use super::plots::publish_plots;
use super::{next_task, now_ms, showing_big_step};
use crate::state::{Action, AppState};

/// Milliseconds of simulation per slice: well under the 50 ms that counts as a long task,
/// with room for the page to draw the progress between slices.
const SLICE_MS: f64 = 10.0;

/// Milliseconds per chunk of a slice, between looks at the clock.
const CHUNK_MS: f64 = 2.0;

/// Places along the scrubber its marks are counted at: finer than a wide scrubber's pixels.
const MARK_BINS: u32 = 400;

/// Milliseconds of engine work for a move (its replay, then the view of where it lands)
/// after which the step is drawn in the next task, as a big one (see
/// [`super::after_layout`]). A typical step takes well under one; one that takes this long
/// replayed far (a malloc loop's last checkpoint interval: 10-20 ms) or landed on a big view
/// (a recursion 8,000 frames deep: 5-7 ms), and drawing that (Yew, then the layout of all
/// it changed) adds 10-30 ms more.
const DEAR_MOVE_MS: f64 = 4.0;

/// Whether work begun at `started` has taken [`DEAR_MOVE_MS`].
fn dear(started: f64) -> bool {
    now_ms() - started >= DEAR_MOVE_MS
}

#[derive(Default)]
pub struct Runner {
    playback: Option<Playback>,
    /// Steps per chunk of a slice, adjusted to the machine's speed in this browser.
    chunk_steps: u64,
    /// The program has ended and its first step is about to be shown.
    ended: bool,
    /// Bumped by every start and cancel: a slice scheduled for an older run does nothing.
    generation: u64,
    /// Bumped by every step shown: a view left for the next task after a dear move is
    /// dropped if another step was shown first.
    shown: u64,
}

pub type SharedRunner = Rc<RefCell<Runner>>;

impl Runner {
    /// Checks and loads `program` on a machine with `settings`; the run is then recorded
    /// slice by slice.
    fn start(&mut self, program: &str, settings: MachineSettings) -> Result<u64, String> {
        self.generation += 1;
        self.playback = None;
        let playback =
            Playback::start("program.c", program, settings).map_err(|failure| match failure {
                RunFailure::Diagnostics(text) => {
                    format!("The program has errors; fix them first.\n{}", brief(&text))
                }
                RunFailure::Setup(text) => format!("The program cannot be loaded: {text}"),
            })?;
        self.playback = Some(playback);
        // Small, for a program whose steps are dear from the start; cheap steps double it.
        self.chunk_steps = 20;
        self.ended = false;
        Ok(self.generation)
    }

    /// Records about one slice of the run; `Some(true)` once the program has ended.
    /// It records in chunks of about [`CHUNK_MS`], looking at the clock between them, so
    /// a run whose steps grow dearer midway overshoots the slice by one chunk at most.
    fn record_slice(&mut self) -> Option<bool> {
        let playback = self.playback.as_mut()?;
        let started = now_ms();
        loop {
            let before = now_ms();
            if playback.record_chunk(self.chunk_steps) {
                playback.sample_latest();
                return Some(true);
            }
            let after = now_ms();
            let took = after - before;
            self.chunk_steps = if took > CHUNK_MS / 4.0 {
                // Aim the next chunk at CHUNK_MS from what this one cost.
                ((CHUNK_MS / took) * self.chunk_steps as f64) as u64
            } else {
                self.chunk_steps * 2
            }
            .clamp(10, 1_000_000);
            if after - started >= SLICE_MS {
                // The plots' latest figures once a slice (a walk of every heap block).
                playback.sample_latest();
                return Some(false);
            }
        }
    }

    /// The run recorded so far (for its plots).
    pub fn playback(&self) -> Option<&Playback> {
        self.playback.as_ref()
    }

    /// Bumped by every start and cancel: work for an older run checks it and stops.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn view(&mut self) -> Option<StepView> {
        self.playback.as_mut().map(Playback::view)
    }

    fn recorded(&self) -> u64 {
        self.playback.as_ref().map_or(0, Playback::recorded)
    }

    /// Where events of each kind happened, for the scrubber's marks: a mark per bin of
    /// the run, so a million calls draw no more than [`MARK_BINS`] marks.
    fn marks(&self) -> Vec<EventMarks> {
        self.playback
            .as_ref()
            .map_or_else(Vec::new, |playback| playback.event_marks(MARK_BINS))
    }
}

/// Starts running `program` on a machine with `settings`: loads it, then records it slice
/// by slice in timer callbacks, reporting progress, and lands on the first step when the
/// run has ended.
pub fn start_run(
    runner: &SharedRunner,
    program: &str,
    settings: MachineSettings,
    dispatch: UseReducerDispatcher<AppState>,
) {
    let started = runner.borrow_mut().start(program, settings);
    match started {
        Err(message) => dispatch.dispatch(Action::RunFailed(message)),
        Ok(generation) => {
            dispatch.dispatch(Action::RunStarted {
                program: program.to_string(),
            });
            schedule_slice(runner.clone(), generation, dispatch);
        }
    }
}

/// Drops the run and stops any recording of it (another program has taken its place).
pub fn abandon_run(runner: &SharedRunner) {
    let mut inner = runner.borrow_mut();
    inner.generation += 1;
    inner.playback = None;
    inner.ended = false;
}

/// Stops recording; what was recorded stays viewable.
pub fn cancel_run(runner: &SharedRunner, dispatch: UseReducerDispatcher<AppState>) {
    let mut inner = runner.borrow_mut();
    inner.generation += 1;
    // A Cancel in the moment between the program's end and its first view being shown
    // finishes the run as that view would have.
    let ended = inner.ended;
    if let Some(playback) = inner.playback.as_mut() {
        if ended {
            playback.apply(Move::ToStart);
        } else {
            playback.stop_recording();
        }
    }
    drop(inner);
    show_recorded(runner, &dispatch, ended);
    publish_plots(runner, dispatch);
}

/// Shows the step the run is at, with the scrubber's marks, once recording has stopped: as a
/// big step (see [`super::after_layout`]), since every view replaces the run's progress.
fn show_recorded(runner: &SharedRunner, dispatch: &UseReducerDispatcher<AppState>, complete: bool) {
    let mut inner = runner.borrow_mut();
    inner.shown += 1;
    let view = inner.view();
    let marks = inner.marks();
    drop(inner);
    if let Some(view) = view {
        showing_big_step(true);
        dispatch.dispatch(Action::RunRecorded {
            view,
            marks,
            complete,
        });
    }
}

fn schedule_slice(runner: SharedRunner, generation: u64, dispatch: UseReducerDispatcher<AppState>) {
    next_task(Box::new(move || {
        let mut inner = runner.borrow_mut();
        if inner.generation != generation {
            return;
        }
        match inner.record_slice() {
            None => {}
            Some(false) => {
                let recorded = inner.recorded();
                drop(inner);
                dispatch.dispatch(Action::RunProgress { recorded });
                schedule_slice(runner, generation, dispatch);
            }
            Some(true) => {
                inner.ended = true;
                drop(inner);
                schedule_finish(runner, generation, dispatch);
            }
        }
    }));
}

/// Lands on the first step of a finished run and shows it, then, a task later, starts the
/// plots: each its own task, so the last slice, the first view's render and the plots'
/// start never add up to a long task.
fn schedule_finish(
    runner: SharedRunner,
    generation: u64,
    dispatch: UseReducerDispatcher<AppState>,
) {
    next_task(Box::new(move || {
        let mut inner = runner.borrow_mut();
        if inner.generation != generation {
            return;
        }
        if let Some(playback) = inner.playback.as_mut() {
            playback.apply(Move::ToStart);
        }
        drop(inner);
        show_recorded(&runner, &dispatch, true);
        next_task(Box::new(move || {
            if runner.borrow().generation == generation {
                publish_plots(&runner, dispatch);
            }
        }));
    }));
}

/// Whether a move may land anywhere in the run (anything but a step): what it lands on can
/// differ from the page in every view (sixteen threads' stacks, say), so it is drawn in a
/// task of its own, its layout read in the next frame, however quick its replay was.
fn jumps(action: &Move) -> bool {
    !matches!(
        action,
        Move::Forward
            | Move::Back
            | Move::StepOver
            | Move::StepOverBack
            | Move::StepOut
            | Move::StepOutBack
    )
}

/// Makes a move through the recorded run and shows where it lands.
/// Breakpoints are the editor's, for the moves to a breakpoint.
///
/// A move that replays far or lands on a big view leaves the view of where it landed, or
/// its drawing, to the next task once it has taken [`DEAR_MOVE_MS`], and so does every jump
/// (see [`jumps`]): until then the page shows the step before, whole, and a move made
/// meanwhile replaces it.
pub fn move_to(
    runner: &SharedRunner,
    action: Move,
    breakpoints: &[u32],
    dispatch: UseReducerDispatcher<AppState>,
) {
    let started = now_ms();
    let mut inner = runner.borrow_mut();
    inner.shown += 1;
    let (generation, ticket) = (inner.generation, inner.shown);
    let Some(playback) = inner.playback.as_mut() else {
        return;
    };
    playback.set_breakpoints(breakpoints);
    // Moves stay inside what was recorded: a cancelled run is not resumed by stepping.
    let recorded = playback.recorded();
    let action = match action {
        Move::ToEnd => Move::GoTo(recorded),
        Move::GoTo(step) => Move::GoTo(step.min(recorded)),
        other => other,
    };
    let moved = playback.apply(action);
    if playback.step() > recorded {
        playback.apply(Move::GoTo(recorded));
    }
    let view = (!jumps(&action) && !dear(started)).then(|| playback.view());
    drop(inner);
    match view {
        Some(view) if !dear(started) => {
            showing_big_step(false);
            dispatch.dispatch(Action::Stepped { view, moved })
        }
        view => {
            let runner = runner.clone();
            next_task(Box::new(move || {
                let mut inner = runner.borrow_mut();
                if (inner.generation, inner.shown) != (generation, ticket) {
                    return;
                }
                let view = view.or_else(|| inner.playback.as_mut().map(Playback::view));
                drop(inner);
                if let Some(view) = view {
                    showing_big_step(true);
                    dispatch.dispatch(Action::Stepped { view, moved });
                }
            }));
        }
    }
}

/// Opens the memory inspector on the page holding `address` (or closes it) and shows the
/// current step again with it.
pub fn inspect(
    runner: &SharedRunner,
    address: Option<u32>,
    dispatch: UseReducerDispatcher<AppState>,
) {
    let started = now_ms();
    let mut inner = runner.borrow_mut();
    inner.shown += 1;
    let Some(playback) = inner.playback.as_mut() else {
        return;
    };
    playback.inspect(address);
    let view = playback.view();
    drop(inner);
    showing_big_step(dear(started));
    dispatch.dispatch(Action::Stepped { view, moved: true });
}

/// Lines of a compiler report the notice shows at most, each cut to [`BRIEF_LINE_CHARS`]:
/// the editor marks every problem, and random bytes pasted in make hundreds of diagnostics
/// quoting a line thousands of characters long (a notice that took 380 ms to lay out).
const BRIEF_LINES: usize = 24;
const BRIEF_LINE_CHARS: usize = 160;

/// The start of a compiler report, and how much was left out.
fn brief(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let mut out: Vec<String> = lines
        .iter()
        .take(BRIEF_LINES)
        .map(|line| match line.char_indices().nth(BRIEF_LINE_CHARS) {
            Some((cut, _)) => format!("{}…", &line[..cut]),
            None => (*line).to_string(),
        })
        .collect();
    if lines.len() > BRIEF_LINES {
        out.push(format!(
            "… and {} more lines: the editor marks every problem",
            lines.len() - BRIEF_LINES
        ));
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_compiler_report_is_cut_to_its_start() {
        assert_eq!(
            brief("a.c:1:1: error: x\n    1 | y"),
            "a.c:1:1: error: x\n    1 | y"
        );
        let long_line = "é".repeat(500);
        let report: String = (0..100).map(|i| format!("{i}: {long_line}\n")).collect();
        let cut = brief(&report);
        let lines: Vec<&str> = cut.lines().collect();
        assert_eq!(lines.len(), BRIEF_LINES + 1);
        assert_eq!(lines[0].chars().count(), BRIEF_LINE_CHARS + 1);
        assert!(lines[0].ends_with('…'));
        assert_eq!(
            lines[BRIEF_LINES],
            "… and 76 more lines: the editor marks every problem"
        );
    }
}
