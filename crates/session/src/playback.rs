//! Stepping through a run, as the app's controls do: a program loaded into a time-travel
//! [`Timeline`], moved by [`Move`]s (forward, back, over, out, to a line, to the next event
//! of a kind, anywhere on the scrubber), and shown at each step as a [`StepView`]: the
//! machine's snapshot with the slots that changed since the step before marked, the
//! console, the errors so far located by line, and where each thread is.

use memplay_lang::codemap::{SourceMap, Span};
use memplay_machine::{Machine, Settings, Timeline};
use serde::Serialize;

/// The snapshot's types, for the app to name what it renders.
pub use memplay_heap::{BlockInfo, BlockState, FreeStructures, Metrics};
pub use memplay_machine::Status as RunStatus;
pub use memplay_machine::{
    EventKind, FrameView, HeapView, PageView, PagingView, PhysicalFrameView, Place, RegionView,
    SlotKind, SlotView, Snapshot, StepEvents, ThreadView,
};

use crate::plots::{BeladyJob, TimeSeries};
use crate::run::{RunError, RunFailure, load_machine, located_errors};

/// Statements between checkpoints: going back replays at most this many steps (the
/// history's budget may space them further apart on very long runs).
const CHECKPOINT_INTERVAL: u64 = 2_000;

/// A move through the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Forward,
    Back,
    /// The next step of this thread in this call or a caller (over calls).
    StepOver,
    StepOverBack,
    /// The next step of this thread in a caller.
    StepOut,
    StepOutBack,
    ToStart,
    /// The end of the run (it is run to the end if it has not been).
    ToEnd,
    GoTo(u64),
    /// Forward to the next step at this line (1-based), of any thread: run to cursor, or
    /// to a breakpoint.
    ToLine(u32),
    BackToLine(u32),
    NextEvent(EventKind),
    PreviousEvent(EventKind),
}

/// Where a thread is, by line and column (1-based), for the editor's highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadPlace {
    pub thread: u32,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// At expression granularity, the expression about to finish.
    pub expression: Option<(u32, u32, u32, u32)>,
}

/// Everything the views show at one step, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    pub step: u64,
    /// Steps recorded so far (the scrubber's extent while the run is still going).
    pub recorded: u64,
    /// Whether the program has ended at this step.
    pub ended: bool,
    pub snapshot: Snapshot,
    pub places: Vec<ThreadPlace>,
    /// Everything printed up to this step.
    pub console: String,
    pub errors: Vec<RunError>,
}

pub struct Playback {
    timeline: Timeline,
    source: String,
    map: SourceMap,
    /// The line of every point of the program (see `Position::point`).
    point_lines: Vec<u32>,
    /// The last view built, so stepping forward marks changes without a replay.
    last: Option<(u64, Snapshot)>,
}

impl Playback {
    /// Checks and loads the program, at its first step.
    pub fn start(
        file_name: &str,
        source: &str,
        settings: Settings,
    ) -> Result<Playback, RunFailure> {
        let machine = load_machine(file_name, source, settings)?;
        let map = SourceMap::new(source);
        let point_lines = machine
            .points()
            .iter()
            .map(|point| map.line_col(source, point.span.start).line)
            .collect();
        Ok(Playback {
            timeline: Timeline::new(machine, CHECKPOINT_INTERVAL),
            source: source.to_string(),
            map,
            point_lines,
            last: None,
        })
    }

    pub fn step(&self) -> u64 {
        self.timeline.step()
    }

    /// Steps recorded so far: how far the run has gone.
    pub fn recorded(&self) -> u64 {
        self.timeline.recorded()
    }

    /// Runs up to `steps` more steps beyond the recording (the app runs a program in such
    /// slices, so the page stays responsive); true once the program has ended.
    pub fn record(&mut self, steps: u64) -> bool {
        let target = self.timeline.recorded().saturating_add(steps);
        self.timeline.go_to(target);
        self.timeline.sample_latest();
        self.timeline.step() < target
            || !matches!(
                self.timeline.machine().status(),
                memplay_machine::Status::Running
            )
    }

    pub fn machine(&self) -> &Machine {
        self.timeline.machine()
    }

    /// The recorded run's heap and stack figures over time, for the Plots view.
    pub fn time_series(&self) -> TimeSeries {
        let series = self.timeline.series();
        TimeSeries {
            points: series.points(),
            spacing: series.spacing(),
        }
    }

    /// Belady's curve of the recorded run's page reference string, to be computed a slice
    /// at a time.
    pub fn belady_job(&self) -> Result<BeladyJob, String> {
        let references = self.timeline.references();
        BeladyJob::new(
            references.pages(),
            references.accesses(),
            references.is_capped(),
            self.timeline.machine().settings().seed,
        )
    }

    /// Makes a move; false when it could not (at the start, at the end, no such event).
    pub fn apply(&mut self, action: Move) -> bool {
        let timeline = &mut self.timeline;
        let here = timeline.step();
        match action {
            Move::Forward => timeline.forward(),
            Move::Back => timeline.back(),
            Move::StepOver => timeline.step_over(),
            Move::StepOverBack => timeline.step_over_back(),
            Move::StepOut => timeline.step_out(),
            Move::StepOutBack => timeline.step_out_back(),
            Move::ToStart => {
                timeline.go_to(0);
                here != 0
            }
            Move::ToEnd => {
                timeline.go_to(u64::MAX);
                timeline.step() != here
            }
            Move::GoTo(step) => {
                timeline.go_to(step);
                timeline.step() != here
            }
            Move::ToLine(line) => {
                let lines = &self.point_lines;
                timeline.forward_until(|p| lines.get(p.point as usize) == Some(&line))
            }
            Move::BackToLine(line) => {
                let lines = &self.point_lines;
                timeline.back_until(|p| lines.get(p.point as usize) == Some(&line))
            }
            Move::NextEvent(kind) => timeline.next_event(kind),
            Move::PreviousEvent(kind) => timeline.previous_event(kind),
        }
    }

    fn line_col(&self, pos: u32) -> (u32, u32) {
        let at = self.map.line_col(&self.source, pos);
        (at.line, at.column)
    }

    fn place(&self, span: Span) -> (u32, u32, u32, u32) {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end);
        (line, column, end_line, end_column)
    }

    /// The recorded steps in which an event of `kind` happened (the scrubber's marks).
    pub fn marks(&self, kind: EventKind) -> Vec<u64> {
        self.timeline.steps_with(kind)
    }

    /// The view of the current step; slots that differ from the step before are marked.
    pub fn view(&mut self) -> StepView {
        let step = self.timeline.step();
        let mut snapshot = self.timeline.machine().snapshot();
        let previous = match self.last.take() {
            Some((at, previous)) if at + 1 == step => Some(previous),
            _ if step > 0 => {
                // A jump: the step before is one replay away.
                self.timeline.go_to(step - 1);
                let previous = self.timeline.machine().snapshot();
                self.timeline.go_to(step);
                Some(previous)
            }
            _ => None,
        };
        if let Some(previous) = &previous {
            snapshot.mark_changes(previous);
        } else {
            // The first step: everything is new.
            snapshot.mark_changes(&Snapshot {
                threads: Vec::new(),
                ..snapshot.clone()
            });
        }
        let machine = self.timeline.machine();
        let places = snapshot
            .threads
            .iter()
            .map(|thread| {
                let span = Span::new(thread.span.start, thread.span.end);
                let (line, column, end_line, end_column) = self.place(span);
                ThreadPlace {
                    thread: thread.id,
                    line,
                    column,
                    end_line,
                    end_column,
                    expression: thread
                        .expression
                        .map(|e| self.place(Span::new(e.start, e.end))),
                }
            })
            .collect();
        let view = StepView {
            step,
            recorded: self.timeline.recorded(),
            ended: !matches!(machine.status(), memplay_machine::Status::Running),
            places,
            console: String::from_utf8_lossy(&machine.stdout()).into_owned(),
            errors: located_errors(machine, &self.source, &self.map),
            snapshot,
        };
        self.last = Some((step, view.snapshot.clone()));
        view
    }
}
